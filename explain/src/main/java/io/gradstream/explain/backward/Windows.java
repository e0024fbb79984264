package io.gradstream.explain.backward;

import io.gradstream.explain.graph.FloatTensor;

/** Crops square windows out of {@code [N, C, H, W]} tensors and writes them back. */
public final class Windows {
  private Windows() {}

  /**
   * Copies the {@code (2r+1)²} window of {@code t} ({@code [1, C, H, W]}) centred on ({@code cy},
   * {@code cx}) into batch item {@code item} of {@code into} ({@code [n, C, k, k]}, zeros where the
   * window leaves the map), with no intermediate tensor: how the windowed backward's batch is
   * filled.
   */
  public static void cropInto(FloatTensor into, int item, FloatTensor t, int cy, int cx) {
    int c = (int) t.shape()[1];
    int h = (int) t.shape()[2];
    int w = (int) t.shape()[3];
    int k = (int) into.shape()[2];
    int r = k / 2;
    float[] src = t.data();
    float[] dst = into.data();
    int x0 = Math.max(0, cx - r);
    int x1 = Math.min(w - 1, cx + r);
    for (int ch = 0; ch < c; ch++) {
      for (int dy = 0; dy < k; dy++) {
        int y = cy - r + dy;
        if (y < 0 || y >= h || x0 > x1) {
          continue;
        }
        System.arraycopy(
            src,
            (ch * h + y) * w + x0,
            dst,
            ((item * c + ch) * k + dy) * k + (x0 - cx + r),
            x1 - x0 + 1);
      }
    }
  }

  /**
   * Adds window {@code win} ({@code [1, C, k, k]}) into batch item {@code item} of {@code t},
   * dropping cells outside the map.
   */
  public static void addInto(FloatTensor t, int item, int cy, int cx, FloatTensor win) {
    int c = (int) t.shape()[1];
    int h = (int) t.shape()[2];
    int w = (int) t.shape()[3];
    int k = (int) win.shape()[2];
    int r = k / 2;
    for (int ch = 0; ch < c; ch++) {
      for (int dy = 0; dy < k; dy++) {
        int y = cy - r + dy;
        for (int dx = 0; dx < k; dx++) {
          int x = cx - r + dx;
          if (y >= 0 && y < h && x >= 0 && x < w) {
            t.data()[((item * c + ch) * h + y) * w + x] += win.data()[(ch * k + dy) * k + dx];
          }
        }
      }
    }
  }

  /**
   * Writes into batch item {@code item} of {@code mask} ({@code [N, 1, 2r+1, 2r+1]}) the {@link
   * ValidWindow#MASK} of the window centred on ({@code cy}, {@code cx}) of an {@code h}×{@code w}
   * map: 1 for cells inside the map, 0 outside.
   */
  public static void maskInto(FloatTensor mask, int item, int cy, int cx, int h, int w) {
    int k = (int) mask.shape()[2];
    int r = k / 2;
    for (int dy = 0; dy < k; dy++) {
      int y = cy - r + dy;
      for (int dx = 0; dx < k; dx++) {
        int x = cx - r + dx;
        mask.data()[(item * k + dy) * k + dx] = y >= 0 && y < h && x >= 0 && x < w ? 1f : 0f;
      }
    }
  }
}
