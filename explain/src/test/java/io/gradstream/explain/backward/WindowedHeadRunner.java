package io.gradstream.explain.backward;

import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OrtModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link WindowedHeadBackward} in ONNX Runtime (two sessions, held until closed), one
 * detection per call, with the compiled decode backward: the reference the exactness test checks
 * the windowed split with (test code: the engine never runs it). The engine ({@code
 * io.gradstream.explain.engine.DetectionExplainer}) batches the window part over a frame's
 * detections and seeds it in closed form instead.
 */
final class WindowedHeadRunner implements AutoCloseable {
  private final WindowedHeadBackward compiled;
  private final OrtModel decode;
  private final OrtModel window;

  WindowedHeadRunner(WindowedHeadBackward compiled) {
    this.compiled = compiled;
    this.decode = new OrtModel(compiled.decode().model());
    this.window = new OrtModel(compiled.window().model());
  }

  /**
   * ∂score/∂A for one detection, as the {@code [1, C, 2r+1, 2r+1]} window centred on its cell.
   *
   * @param headOutputs every level's Z (batch 1), by value name
   * @param seeds {@link YoloScore#SEED_ROWS} and {@link YoloScore#SEED_CLASSES} (batch 1)
   * @param a the level's head input A (batch 1)
   * @param cy the detection's cell row on this level
   * @param cx the detection's cell column on this level
   */
  FloatTensor windowGradient(
      Map<String, FloatTensor> headOutputs,
      Map<String, FloatTensor> seeds,
      FloatTensor a,
      int cy,
      int cx) {
    Map<String, FloatTensor> feed = new HashMap<>(headOutputs);
    feed.putAll(seeds);
    String dz = compiled.decode().gradientOutput();
    FloatTensor dScoreDz = decode.run(feed, List.of(dz)).get(dz);
    int r = compiled.radius();
    String z = compiled.level().output();
    FloatTensor mask = FloatTensor.zeros(1, 1, 2 * r + 1, 2 * r + 1);
    Windows.maskInto(mask, 0, cy, cx, (int) a.shape()[2], (int) a.shape()[3]);
    Map<String, FloatTensor> windowFeed =
        Map.of(
            compiled.level().input(),
            crop(a, cy, cx, r),
            ValidWindow.MASK,
            mask,
            BackwardCompiler.cotangentOf(z),
            crop(dScoreDz, cy, cx, 0));
    String da = compiled.window().gradientOutput();
    return window.run(windowFeed, List.of(da)).get(da);
  }

  /** The same gradient scattered into a zero map shaped like A: equal to the full-size backward. */
  FloatTensor fullGradient(
      Map<String, FloatTensor> headOutputs,
      Map<String, FloatTensor> seeds,
      FloatTensor a,
      int cy,
      int cx) {
    FloatTensor full = FloatTensor.zeros(a.shape().clone());
    Windows.addInto(full, 0, cy, cx, windowGradient(headOutputs, seeds, a, cy, cx));
    return full;
  }

  @Override
  public void close() {
    decode.close();
    window.close();
  }

  /**
   * The {@code (2r+1)²} window of {@code t} around ({@code cy}, {@code cx}), as a tensor of its
   * own.
   */
  static FloatTensor crop(FloatTensor t, int cy, int cx, int r) {
    FloatTensor out = FloatTensor.zeros(1, t.shape()[1], 2 * r + 1, 2 * r + 1);
    Windows.cropInto(out, 0, t, cy, cx);
    return out;
  }
}
