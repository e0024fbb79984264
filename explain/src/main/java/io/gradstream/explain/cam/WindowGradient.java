package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Arrays;

/**
 * ∂score/∂A for one detection, as the windowed backward yields it: non-zero only inside a square
 * window of A centred on the detection's cell (its receptive field), exactly zero elsewhere.
 * Methods read it in place instead of a mostly-zero full-size tensor.
 *
 * @param cy the window centre's row in A
 * @param cx the window centre's column in A
 * @param window {@code [1, C, k, k]} with k = 2·radius + 1; cells that fall outside A are zero
 */
public record WindowGradient(int cy, int cx, FloatTensor window) {
  public WindowGradient {
    long[] s = window.shape();
    if (s.length != 4 || s[0] != 1 || s[2] != s[3] || s[2] % 2 == 0) {
      throw new IllegalArgumentException(
          "a window gradient is [1, C, k, k] with odd k, got " + Arrays.toString(s));
    }
  }

  /** The window's radius r (k = 2r + 1). */
  public int radius() {
    return (int) window.shape()[2] / 2;
  }

  /** Channels C. */
  public int channels() {
    return (int) window.shape()[1];
  }

  /**
   * The gradient at channel {@code c}, A-row {@code y}, A-column {@code x}; zero outside the
   * window.
   */
  public float at(int c, int y, int x) {
    int r = radius();
    int dy = y - cy + r;
    int dx = x - cx + r;
    int k = 2 * r + 1;
    if (dy < 0 || dy >= k || dx < 0 || dx >= k) {
      return 0f;
    }
    return window.data()[(c * k + dy) * k + dx];
  }
}
