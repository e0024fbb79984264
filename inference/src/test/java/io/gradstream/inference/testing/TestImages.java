package io.gradstream.inference.testing;

import io.gradstream.inference.detect.BgrImage;
import java.util.Arrays;

/** Synthetic frames. */
public final class TestImages {
  private TestImages() {}

  /** A frame of one colour. */
  public static BgrImage solid(int width, int height, int b, int g, int r) {
    byte[] px = new byte[width * height * 3];
    for (int i = 0; i < px.length; i += 3) {
      px[i] = (byte) b;
      px[i + 1] = (byte) g;
      px[i + 2] = (byte) r;
    }
    return new BgrImage(width, height, px);
  }

  public static BgrImage white(int width, int height) {
    byte[] px = new byte[width * height * 3];
    Arrays.fill(px, (byte) 255);
    return new BgrImage(width, height, px);
  }

  public static BgrImage black(int width, int height) {
    return new BgrImage(width, height, new byte[width * height * 3]);
  }
}
