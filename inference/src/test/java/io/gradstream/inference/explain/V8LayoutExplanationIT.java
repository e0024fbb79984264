package io.gradstream.inference.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.inference.testing.DemoModel;
import io.gradstream.inference.testing.RealFrames;
import io.gradstream.inference.testing.V8LayoutModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real-weights detector in the YOLOv8/11 output layout ({@code [N, 4 + C, rows]}, no objectness
 * column: the demo YOLOv5s re-wired, {@link V8LayoutModel}) is detected and explained end to end,
 * and since its weights and scores are the demo model's, every detection's map, quality and
 * reliability features equal those of the demo model in the v5 layout.
 */
@Tag("e2e")
class V8LayoutExplanationIT {
  @TempDir Path dir;

  @Test
  void aV8LayoutExportIsExplainedAsTheSameModelInTheV5Layout() throws Exception {
    ModelLocation v8 = V8LayoutModel.write(dir);
    DetectorOptions options = DetectorOptions.defaults().withExplainMethod("hirescam");
    BgrImage frame = RealFrames.videoFrame(ExplainedDetectionsIT.VTEST, 200);
    try (OnnxYoloDetector v5Layout = OnnxYoloDetector.open(DemoModel.location(), options);
        OnnxYoloDetector v8Layout = OnnxYoloDetector.open(v8, options)) {
      assertThat(v8Layout.layout()).isEqualTo(YoloLayout.V8);
      assertThat(v8Layout.explains()).as("explanations on for the v8 layout").isTrue();
      List<Detection> a = v5Layout.detectAndExplain(List.of(frame)).get(0).detections();
      List<Detection> b = v8Layout.detectAndExplain(List.of(frame)).get(0).detections();
      assertThat(b).hasSameSizeAs(a).hasSizeGreaterThan(3);
      double worstMap = 0;
      for (int i = 0; i < a.size(); i++) {
        assertThat(b.get(i).classId()).isEqualTo(a.get(i).classId());
        assertThat(b.get(i).score()).isCloseTo(a.get(i).score(), within(1e-5f));
        DetectionExplanation ea = a.get(i).explanation();
        DetectionExplanation eb = b.get(i).explanation();
        assertThat(eb.layer()).isEqualTo(ea.layer());
        assertThat(eb.raw()).hasSameSizeAs(ea.raw());
        worstMap = Math.max(worstMap, relativeDifference(ea.raw(), eb.raw()));
        assertThat(eb.quality().energyInBox()).isCloseTo(ea.quality().energyInBox(), within(1e-4f));
        assertThat(eb.quality().confidence()).isCloseTo(ea.quality().confidence(), within(1e-4f));
        double[] fa = ea.features().values();
        double[] fb = eb.features().values();
        for (int f = 0; f < fa.length; f++) {
          assertThat(fb[f])
              .as("detection %d feature %d", i, f)
              .isCloseTo(fa[f], within(1e-3 * Math.max(1, Math.abs(fa[f]))));
        }
      }
      System.out.printf(
          "v8 layout vs v5 layout, %d detections: max |map difference| / max map = %.2e%n",
          a.size(), worstMap);
      assertThat(worstMap).isLessThanOrEqualTo(1e-4);
    }
  }

  private static double relativeDifference(float[] a, float[] b) {
    double max = 0;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    assertThat(max).as("a map with energy").isPositive();
    return diff / max;
  }
}
