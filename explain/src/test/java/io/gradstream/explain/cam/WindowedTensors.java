package io.gradstream.explain.cam;

import io.gradstream.explain.graph.FloatTensor;
import java.util.Random;

/**
 * Random activations and window gradients for checking the windowed methods against brute force.
 */
final class WindowedTensors {
  private WindowedTensors() {}

  static FloatTensor activation(Random random, int channels, int h, int w) {
    float[] data = new float[channels * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return new FloatTensor(new long[] {1, channels, h, w}, data);
  }

  /**
   * A window of radius {@code r} at ({@code cy}, {@code cx}), zero where it falls outside h×w, as
   * the contract says.
   */
  static WindowGradient gradient(Random random, int channels, int h, int w, int cy, int cx, int r) {
    int k = 2 * r + 1;
    float[] data = new float[channels * k * k];
    for (int c = 0; c < channels; c++) {
      for (int dy = 0; dy < k; dy++) {
        for (int dx = 0; dx < k; dx++) {
          int y = cy - r + dy;
          int x = cx - r + dx;
          if (y >= 0 && y < h && x >= 0 && x < w) {
            data[(c * k + dy) * k + dx] = (float) random.nextGaussian();
          }
        }
      }
    }
    return new WindowGradient(cy, cx, new FloatTensor(new long[] {1, channels, k, k}, data));
  }
}
