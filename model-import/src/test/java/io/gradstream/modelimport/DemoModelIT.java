package io.gradstream.modelimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.inference.model.LabelsFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo model setup installed finds what a person sees in vtest.avi frame 200: about 8
 * pedestrians, the parked car, and the van (which COCO calls a truck). The decode here is the
 * crudest that works (score = objectness x best class, greedy per-class NMS), only to look at the
 * model; the worker's real decoders live in io.gradstream.inference.detect.
 */
@Tag("e2e")
class DemoModelIT {

  record Found(String label, float score, float cx, float cy, float w, float h) {
    float iou(Found o) {
      float iw = Math.min(cx + w / 2, o.cx + o.w / 2) - Math.max(cx - w / 2, o.cx - o.w / 2);
      float ih = Math.min(cy + h / 2, o.cy + o.h / 2) - Math.max(cy - h / 2, o.cy - o.h / 2);
      return iw <= 0 || ih <= 0 ? 0 : iw * ih / (w * h + o.w * o.h - iw * ih);
    }
  }

  @Test
  void findsThePeopleTheCarAndTheVanInVtestFrame200() throws Exception {
    List<String> labels = LabelsFile.read(DemoModelFiles.labels());
    assertThat(labels).hasSize(80).startsWith("person", "bicycle", "car");
    ModelInfo info = ModelInfo.read(DemoModelFiles.onnx());
    assertThat(info.inputs())
        .extracting(TensorInfo::toString)
        .containsExactly("images float[N,3,640,640]");
    assertThat(info.outputs())
        .extracting(TensorInfo::toString)
        .containsExactly("output0 float[N,25200,85]");

    float[] nchw = OrtRun.nchwBatch(640, 640, 3, TestImages.vtestFrame(200));
    OrtRun.Result out = OrtRun.run(DemoModelFiles.onnx(), "images", nchw, 1, 3, 640, 640);
    System.out.printf(
        "inference: %.0f ms per 640x640 frame (median of 5, ONNX Runtime CPU, %d cores)%n",
        OrtRun.medianMillis(DemoModelFiles.onnx(), "images", nchw, 5, 1, 3, 640, 640),
        Runtime.getRuntime().availableProcessors());
    List<Found> found = decode(out.values(), labels);
    found.forEach(
        f ->
            System.out.printf(
                "%-8s %.2f  box cx=%.0f cy=%.0f w=%.0f h=%.0f px%n",
                f.label, f.score, f.cx, f.cy, f.w, f.h));

    assertThat(found.stream().filter(f -> f.label.equals("person")).count()).isBetween(6L, 11L);
    assertThat(found)
        .anySatisfy(
            f -> {
              assertThat(f.label).isEqualTo("car");
              assertThat(f.score).isGreaterThan(0.6f);
            });
    assertThat(found)
        .anySatisfy(
            f -> {
              assertThat(f.label).isEqualTo("truck");
              assertThat(f.score).isGreaterThan(0.45f);
            });
  }

  private static List<Found> decode(float[] out, List<String> labels) {
    List<Found> candidates = new ArrayList<>();
    for (int i = 0; i < out.length / 85; i++) {
      int o = i * 85;
      int best = 0;
      for (int c = 1; c < 80; c++) {
        if (out[o + 5 + c] > out[o + 5 + best]) {
          best = c;
        }
      }
      float score = out[o + 4] * out[o + 5 + best];
      if (score >= 0.3f) {
        // The TF.js export gives boxes in 0-1 of the input.
        candidates.add(
            new Found(
                labels.get(best),
                score,
                out[o] * 640,
                out[o + 1] * 640,
                out[o + 2] * 640,
                out[o + 3] * 640));
      }
    }
    candidates.sort(Comparator.comparingDouble((Found f) -> f.score).reversed());
    List<Found> kept = new ArrayList<>();
    for (Found c : candidates) {
      if (kept.stream().noneMatch(k -> k.label.equals(c.label) && k.iou(c) > 0.45f)) {
        kept.add(c);
      }
    }
    return kept;
  }
}
