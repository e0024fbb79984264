package io.gradstream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.inference.image.BgrMats;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The faithfulness study on darknet's dog.jpg with the demo model, small enough for the suite:
 * Grad-CAM's maps kill the detections faster than a random map does (lower deletion AUC) and bring
 * them back faster (higher insertion AUC); so does HiResCAM at the neck, from the full-size
 * backward to that layer. The box-centred Gaussian is scored and printed beside them;
 * docs/EXPLANATIONS.md reports the full study.
 */
@Tag("e2e")
class FaithfulnessStudyIT {
  /** The demo model's neck Concat at 80x80, upstream of all three head levels. */
  private static final String NECK_P3 = "StatefulPartitionedCall/model/tf_concat_1/concat";

  @Test
  void gradCamDeletesTheDetectionsFasterThanARandomMap() throws Exception {
    BenchModel model = BenchModel.load(null);
    FloatTensor dog =
        model.letterboxed(
            BgrMats.toImage(opencv_imgcodecs.imread("/usr/share/darknet/data/dog.jpg")));
    FaithfulnessStudy study =
        new FaithfulnessStudy(
            model.proto(),
            model.output(),
            new FaithfulnessStudy.Settings(
                12, 0, 3, 0.25f, List.of("gradcam", "random", "box-gaussian"), NECK_P3, List.of()));

    List<FaithfulnessStudy.Row> rows = study.run(Map.of("dog", dog), line -> {});

    System.out.print(FaithfulnessStudy.table(rows));
    assertThat(rows).hasSize(15);
    assertThat(mean(rows, "gradcam", true)).isLessThan(mean(rows, "random", true));
    // At the neck the gradient is local, so HiResCAM's map stays on the object: also better than
    // random.
    assertThat(mean(rows, FaithfulnessStudy.HIRESCAM_AT_LAYER, true))
        .isLessThan(mean(rows, "random", true));
    assertThat(mean(rows, "gradcam", false)).isGreaterThan(mean(rows, "random", false));
    rows.forEach(r -> assertThat(r.energyInBox()).isBetween(0.0, 1.0));
  }

  private static double mean(List<FaithfulnessStudy.Row> rows, String method, boolean deletion) {
    return rows.stream()
        .filter(r -> r.method().equals(method))
        .mapToDouble(r -> deletion ? r.deletion() : r.insertion())
        .average()
        .orElseThrow();
  }
}
