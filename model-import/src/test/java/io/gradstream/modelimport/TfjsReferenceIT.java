package io.gradstream.modelimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The converted demo model computes what the original TF.js model computes. This build's importer
 * converts the TF.js model where setup puts it; TF.js 4.22.0 (pure-JS CPU backend, about 25 s per
 * image on 2 cores) runs the original on a letterboxed vtest.avi frame and darknet's dog.jpg; ONNX
 * Runtime runs the conversion on both at once, as a batch of two (so the symbolic batch is checked
 * too).
 *
 * <p>Measured on this project's machines (2 CPU cores): max |Δ| 0.002 px on box coordinates and
 * 4e-6 (frame) / 7e-6 (dog) on objectness and class scores; float32 sums run in a different order
 * in the two backends. Asserted with headroom: boxes within {@value #BOX_TOLERANCE_PX} px of 640,
 * scores within {@value #SCORE_TOLERANCE}.
 */
@Tag("e2e")
class TfjsReferenceIT {
  static final double BOX_TOLERANCE_PX = 0.05;
  static final double SCORE_TOLERANCE = 1e-4;
  private static final int ROW = 85;

  @Test
  void convertedYolov5sMatchesTfjsOnRealImages(@TempDir Path work) throws Exception {
    Path tfjs = DemoModelFiles.tfjsModelDir();
    Path onnx = work.resolve("yolov5s.onnx");
    TfjsModelImporter.importModel(tfjs, onnx);
    List<float[]> images = List.of(TestImages.vtestFrame(200), TestImages.darknet("dog.jpg"));
    List<String> names = List.of("vtest.avi frame 200", "dog.jpg");

    List<float[]> expected = TfjsReference.run(tfjs, images, work);
    OrtRun.Result actual =
        OrtRun.run(
            onnx,
            "images",
            OrtRun.nchwBatch(640, 640, 3, images.get(0), images.get(1)),
            2,
            3,
            640,
            640);

    assertThat(actual.shape()).containsExactly(2, 25200, ROW);
    int perImage = 25200 * ROW;
    for (int i = 0; i < images.size(); i++) {
      float[] tf = expected.get(i);
      float[] ort = Arrays.copyOfRange(actual.values(), i * perImage, (i + 1) * perImage);
      assertThat(tf).as("TF.js output size for %s", names.get(i)).hasSize(perImage);
      double boxPx = 0;
      double score = 0;
      double best = 0;
      for (int k = 0; k < perImage; k++) {
        double d = Math.abs(tf[k] - ort[k]);
        if (k % ROW < 4) {
          boxPx = Math.max(boxPx, d * 640);
        } else {
          score = Math.max(score, d);
        }
        if (k % ROW == 4) {
          best = Math.max(best, tf[k]);
        }
      }
      System.out.printf(
          "%s: max |TF.js - ONNX Runtime| boxes %.4f px, scores %.2e (best objectness %.3f)%n",
          names.get(i), boxPx, score, best);
      assertThat(best)
          .as(
              "the reference sees an object in %s (else the comparison proves little)",
              names.get(i))
          .isGreaterThan(0.5);
      assertThat(boxPx)
          .as("max box difference in px, %s", names.get(i))
          .isLessThanOrEqualTo(BOX_TOLERANCE_PX);
      assertThat(score)
          .as("max score difference, %s", names.get(i))
          .isLessThanOrEqualTo(SCORE_TOLERANCE);
    }
  }
}
