package io.gradstream.inference.image;

import io.gradstream.common.image.LetterboxPlacement;
import io.gradstream.inference.detect.BoundingBox;

/**
 * Where a source frame landed inside the square model input: scaled to {@code resizedWidth x
 * resizedHeight} and placed at ({@code padLeft}, {@code padTop}), grey around it. Maps boxes both
 * ways.
 *
 * @param sourceWidth frame width in pixels
 * @param sourceHeight frame height in pixels
 * @param size side of the square model input
 * @param resizedWidth width of the frame inside the input
 * @param resizedHeight height of the frame inside the input
 * @param padLeft grey columns left of the frame
 * @param padTop grey rows above the frame
 */
public record LetterboxTransform(
    int sourceWidth,
    int sourceHeight,
    int size,
    int resizedWidth,
    int resizedHeight,
    int padLeft,
    int padTop) {

  /**
   * The placement alone, for code that knows nothing of the detector (the publisher's overlays).
   */
  public LetterboxPlacement placement() {
    return new LetterboxPlacement(
        sourceWidth, sourceHeight, size, resizedWidth, resizedHeight, padLeft, padTop);
  }

  /**
   * Horizontal scale source to input; per axis because rounding the resized size makes x and y
   * differ slightly.
   */
  public float scaleX() {
    return (float) resizedWidth / sourceWidth;
  }

  /** Vertical scale source to input. */
  public float scaleY() {
    return (float) resizedHeight / sourceHeight;
  }

  /**
   * Maps a box from model-input pixels to source pixels, clipped to the frame (the model may
   * predict past the edge, or into the grey padding).
   */
  public BoundingBox toSource(float x1, float y1, float x2, float y2) {
    return new BoundingBox(
        clip((x1 - padLeft) / scaleX(), sourceWidth),
        clip((y1 - padTop) / scaleY(), sourceHeight),
        clip((x2 - padLeft) / scaleX(), sourceWidth),
        clip((y2 - padTop) / scaleY(), sourceHeight));
  }

  /** Maps a box in source pixels to model-input pixels (for tests and for seeding explanations). */
  public BoundingBox toInput(BoundingBox source) {
    return new BoundingBox(
        source.x1() * scaleX() + padLeft,
        source.y1() * scaleY() + padTop,
        source.x2() * scaleX() + padLeft,
        source.y2() * scaleY() + padTop);
  }

  private static float clip(float v, int max) {
    return Math.max(0f, Math.min(v, max));
  }
}
