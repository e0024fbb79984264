package io.gradstream.explain.backward;

import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OrtModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Central finite differences of a forward graph, forward runs only: the reference the compiled
 * gradients are judged against.
 */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  /**
   * (L(x + h·e_i) − L(x − h·e_i)) / 2h for each flat index i of input {@code wrt}, where L is the
   * sum of output {@code objective} (summed in double). The perturbed input value is rounded to
   * float32, so the step actually taken, not the nominal h, is divided by.
   */
  public static double[] central(
      OrtModel forward,
      Map<String, FloatTensor> inputs,
      String wrt,
      String objective,
      int[] indices,
      float h) {
    double[] out = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      FloatTensor x = inputs.get(wrt).copy();
      int i = indices[k];
      float x0 = x.data()[i];
      float plus = x0 + h;
      float minus = x0 - h;
      x.data()[i] = plus;
      double lp = sum(forward, inputs, wrt, x, objective);
      x.data()[i] = minus;
      double lm = sum(forward, inputs, wrt, x, objective);
      out[k] = (lp - lm) / ((double) plus - (double) minus);
    }
    return out;
  }

  private static double sum(
      OrtModel forward,
      Map<String, FloatTensor> inputs,
      String wrt,
      FloatTensor x,
      String objective) {
    Map<String, FloatTensor> feed = new HashMap<>(inputs);
    feed.put(wrt, x);
    double s = 0;
    for (float v : forward.run(feed, List.of(objective)).get(objective).data()) {
      s += v;
    }
    return s;
  }
}
