package io.gradstream.inference.onnx;

import static io.gradstream.inference.onnx.YoloV8DetectorTest.BOXES;
import static io.gradstream.inference.onnx.YoloV8DetectorTest.assertTheExpectedThreeInSourcePixels;
import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.testing.TestImages;
import io.gradstream.inference.testing.TinyYoloModels;
import io.gradstream.inference.testing.TinyYoloModels.Batch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YOLOv5 layout end to end, in both box units, as the TF.js-imported demo model may give either.
 */
class YoloV5DetectorTest {
  @TempDir Path dir;

  private OnnxYoloDetector open(Path model) {
    TinyYoloModels.writeLabels(dir.resolve("tiny.labels"), "person", "bicycle");
    return OnnxYoloDetector.open(
        ModelLocation.resolve(model.toString(), "", dir),
        DetectorOptions.defaults().withInputSize(64));
  }

  @Test
  void normalisedBoxesScoredAsObjectnessTimesClassProbability() {
    Path model =
        TinyYoloModels.writeV5(dir.resolve("tiny.onnx"), 64, 2, BOXES, true, Batch.DYNAMIC);
    try (OnnxYoloDetector detector = open(model)) {
      assertThat(detector.layout()).isEqualTo(YoloLayout.V5);
      assertThat(detector.boxUnits()).isEqualTo(BoxUnits.NORMALISED);
      List<List<Detection>> out =
          detector.detect(List.of(TestImages.white(128, 128), TestImages.black(128, 128)));
      assertTheExpectedThreeInSourcePixels(out.get(0), 1f);
      assertThat(out.get(1)).isEmpty();
    }
  }

  @Test
  void pixelBoxesWithAFixedBatchOfOne() {
    Path model =
        TinyYoloModels.writeV5(dir.resolve("tiny.onnx"), 64, 2, BOXES, false, Batch.FIXED_1);
    try (OnnxYoloDetector detector = open(model)) {
      assertThat(detector.boxUnits()).isEqualTo(BoxUnits.PIXELS);
      assertThat(detector.batchifier().dynamic()).isFalse();
      List<List<Detection>> out =
          detector.detect(List.of(TestImages.white(128, 128), TestImages.white(128, 128)));
      assertTheExpectedThreeInSourcePixels(out.get(0), 1f);
      assertTheExpectedThreeInSourcePixels(out.get(1), 1f);
    }
  }

  @Test
  void aFixedModelInputSizeWinsOverTheConfiguredOne() {
    Path model =
        TinyYoloModels.writeV5(dir.resolve("tiny.onnx"), 64, 2, BOXES, true, Batch.DYNAMIC);
    TinyYoloModels.writeLabels(dir.resolve("tiny.labels"), "person", "bicycle");
    try (OnnxYoloDetector detector =
        OnnxYoloDetector.open(
            ModelLocation.resolve(model.toString(), "", dir),
            DetectorOptions.defaults().withInputSize(320))) {
      assertThat(detector.inputSize()).isEqualTo(64);
      assertTheExpectedThreeInSourcePixels(
          detector.detect(List.of(TestImages.white(128, 128))).get(0), 1f);
    }
  }
}
