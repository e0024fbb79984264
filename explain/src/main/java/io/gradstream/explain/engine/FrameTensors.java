package io.gradstream.explain.engine;

import io.gradstream.explain.graph.FloatTensor;
import java.util.List;

/**
 * What the explainer needs of one image's forward pass: each head level's target activation A
 * ({@code [1, C, H, W]}, finest level first) and the image's output rows ({@code rows × (5 + C)}).
 *
 * @param activations A per level
 * @param output the image's output rows, row-major
 */
public record FrameTensors(List<FloatTensor> activations, float[] output) {

  /**
   * Item {@code item} of a batched forward: A out of each {@code [N, C, H, W]} and the rows out of
   * {@code [N, rows, cols]}, copied unless N is 1 (then shared: do not modify them).
   */
  public static FrameTensors slice(
      List<FloatTensor> batchedActivations, FloatTensor batchedOutput, int item) {
    return new FrameTensors(
        batchedActivations.stream().map(a -> item(a, item)).toList(),
        item(batchedOutput, item).data());
  }

  private static FloatTensor item(FloatTensor t, int item) {
    if (t.shape()[0] == 1 && item == 0) {
      return t; // a batch of one is its own item: no copy of a few megabytes per frame
    }
    long[] shape = t.shape().clone();
    int per = t.data().length / (int) shape[0];
    shape[0] = 1;
    float[] data = new float[per];
    System.arraycopy(t.data(), item * per, data, 0, per);
    return new FloatTensor(shape, data);
  }
}
