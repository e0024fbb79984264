package io.gradstream.ingest.source;

import org.bytedeco.javacv.Frame;

/**
 * A decoded frame as the source handed it over. The pixel buffer belongs to the source and is
 * overwritten by its next grab, so consumers encode it before grabbing again.
 *
 * @param image BGR pixels
 * @param ptsMicros presentation time in the stream, microseconds
 */
public record GrabbedFrame(Frame image, long ptsMicros) {

  public int width() {
    return image.imageWidth;
  }

  public int height() {
    return image.imageHeight;
  }
}
