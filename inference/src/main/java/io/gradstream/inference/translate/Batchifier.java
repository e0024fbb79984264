package io.gradstream.inference.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a micro-batch of inputs into model runs. A model whose batch dimension is symbolic takes
 * the whole micro-batch in one run; one exported with a fixed batch {@code B} (often 1) gets runs
 * of {@code B}, the last one padded with blank slots whose outputs are ignored.
 *
 * @param fixedBatch the model's batch size, or 0 when it accepts any
 */
public record Batchifier(int fixedBatch) {

  public Batchifier {
    if (fixedBatch < 0) {
      throw new IllegalArgumentException(
          "fixed batch must be 0 (dynamic) or positive, got " + fixedBatch);
    }
  }

  /** One run: inputs {@code [from, to)} in a tensor of {@code tensorBatch} slots. */
  public record Run(int from, int to, int tensorBatch) {
    /** Real inputs in this run (fewer than {@code tensorBatch} when padded). */
    public int size() {
      return to - from;
    }
  }

  /**
   * The batchifier for a model input whose first dimension is {@code batchDim} (negative:
   * symbolic).
   */
  public static Batchifier forBatchDimension(long batchDim) {
    return new Batchifier(batchDim > 0 ? Math.toIntExact(batchDim) : 0);
  }

  /** True when any number of inputs fits one run. */
  public boolean dynamic() {
    return fixedBatch == 0;
  }

  /** The runs that cover {@code count} inputs, in order. */
  public List<Run> split(int count) {
    List<Run> runs = new ArrayList<>();
    if (count == 0) {
      return runs;
    }
    if (dynamic()) {
      runs.add(new Run(0, count, count));
      return runs;
    }
    for (int from = 0; from < count; from += fixedBatch) {
      runs.add(new Run(from, Math.min(count, from + fixedBatch), fixedBatch));
    }
    return runs;
  }

  @Override
  public String toString() {
    return dynamic() ? "dynamic" : "fixed-" + fixedBatch;
  }
}
