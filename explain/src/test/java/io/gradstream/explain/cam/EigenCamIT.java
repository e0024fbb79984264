package io.gradstream.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.DetectionHeads;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.testing.DemoModel;
import io.gradstream.explain.testing.Frames;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Eigen-CAM on the real YOLOv5s head inputs of a real frame: it converges, the map is not empty, and
 * the time per level is printed (the budget is about 5% of a forward; timings are reported, not asserted,
 * since the machine is shared).
 */
@Tag("e2e")
class EigenCamIT {

  @Test
  void convergesOnEveryHeadLevelOfARealFrameAndReportsItsTime() throws Exception {
    ModelProto model = OnnxModels.read(DemoModel.onnx());
    List<String> inputs = DetectionHeads.find(model).stream().map(HeadLevel::input).toList();
    Map<String, FloatTensor> out;
    long forwardNanos;
    try (OrtModel full = new OrtModel(GraphEdits.withOutputs(model, inputs))) {
      FloatTensor frame = Frames.vtest(200);
      full.run(Map.of("images", frame), List.of()); // warm-up
      long t0 = System.nanoTime();
      out = full.run(Map.of("images", frame), List.of());
      forwardNanos = System.nanoTime() - t0;
    }
    System.out.printf("EigenCam: one forward (with head inputs exposed) took %.1f ms%n", forwardNanos / 1e6);
    EigenCam eigenCam = new EigenCam();
    double total = 0;
    for (String input : inputs) {
      FloatTensor a = out.get(input);
      // Warm the JIT on this shape, then take the median of timed runs.
      EigenCam.Projection p = null;
      for (int i = 0; i < 30; i++) {
        p = eigenCam.project(a);
      }
      long[] nanos = new long[30];
      for (int i = 0; i < nanos.length; i++) {
        long t0 = System.nanoTime();
        p = eigenCam.project(a);
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      double ms = nanos[nanos.length / 2] / 1e6;
      total += ms;
      CamMap map = eigenCam.map(a);
      int lit = 0;
      for (byte b : map.pixels()) {
        lit += b != 0 ? 1 : 0;
      }
      System.out.printf("EigenCam %s %s: %.2f ms median (min %.2f), %d iterations, converged %s, %d of %d cells lit%n",
          input, Arrays.toString(a.shape()), ms, nanos[0] / 1e6, p.iterations(), p.converged(), lit, map.pixels().length);
      assertThat(p.converged()).as("power iteration on %s", input).isTrue();
      assertThat(map.scale()).isPositive();
    }
    System.out.printf("EigenCam: %.2f ms for the three levels%n", total);
  }
}
