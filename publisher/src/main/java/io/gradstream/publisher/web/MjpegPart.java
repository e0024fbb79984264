package io.gradstream.publisher.web;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The framing of an MJPEG stream ({@code multipart/x-mixed-replace}): each JPEG is one part with
 * its own headers, and a browser or player shows each part as it arrives, replacing the one before.
 * {@code Content-Length} on every part lets strict clients (ffmpeg, VLC) read parts without
 * scanning for the boundary.
 */
public final class MjpegPart {
  /** The boundary between parts; a JPEG cannot contain it as a line of its own. */
  public static final String BOUNDARY = "gradstreamframe";

  /** The response's content type. */
  public static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;

  private MjpegPart() {}

  /** One part: the boundary line, the part's headers, a blank line, the JPEG and a line end. */
  public static Buffer of(byte[] jpeg) {
    String head =
        "--"
            + BOUNDARY
            + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
            + jpeg.length
            + "\r\n\r\n";
    return Buffer.buffer(head.length() + jpeg.length + 2)
        .appendString(head, StandardCharsets.US_ASCII.name())
        .appendBytes(jpeg)
        .appendString("\r\n");
  }
}
