package io.gradstream.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.testing.TestImages;
import io.gradstream.inference.testing.TinyYoloModels;
import io.gradstream.inference.testing.TinyYoloModels.Batch;
import io.gradstream.inference.testing.TinyYoloModels.Box;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YOLOv8 layout end to end: a model built by the test, run by ONNX Runtime, decoded by the
 * detector.
 */
class YoloV8DetectorTest {
  static final List<Box> BOXES = TinyYoloModels.SCENE;

  @TempDir Path dir;

  private OnnxYoloDetector open(Path model, DetectorOptions options) {
    TinyYoloModels.writeLabels(dir.resolve("tiny.labels"), "person", "bicycle");
    return OnnxYoloDetector.open(ModelLocation.resolve(model.toString(), "", dir), options);
  }

  private static DetectorOptions options() {
    return DetectorOptions.defaults().withInputSize(64);
  }

  static void assertTheExpectedThreeInSourcePixels(List<Detection> detections, float scoreScale) {
    assertThat(detections)
        .extracting(Detection::label)
        .containsExactly("person", "bicycle", "bicycle");
    assertThat(detections.get(0).score()).isCloseTo(0.9f * scoreScale, within(1e-4f));
    assertThat(detections.get(1).score()).isCloseTo(0.7f * scoreScale, within(1e-4f));
    assertThat(detections.get(2).score()).isCloseTo(0.6f * scoreScale, within(1e-4f));
    assertBox(detections.get(0).box(), 24, 24, 56, 56);
    assertBox(detections.get(1).box(), 26, 24, 58, 56);
    assertBox(detections.get(2).box(), 86, 76, 106, 116);
  }

  static void assertBox(BoundingBox box, float x1, float y1, float x2, float y2) {
    assertThat(box.x1()).isCloseTo(x1, within(0.01f));
    assertThat(box.y1()).isCloseTo(y1, within(0.01f));
    assertThat(box.x2()).isCloseTo(x2, within(0.01f));
    assertThat(box.y2()).isCloseTo(y2, within(0.01f));
  }

  @Test
  void decodesThresholdsSuppressesAndMapsBoxesBackToSourcePixels() {
    Path model =
        TinyYoloModels.writeV8(dir.resolve("tiny.onnx"), 64, 2, BOXES, false, Batch.DYNAMIC);
    try (OnnxYoloDetector detector = open(model, options())) {
      assertThat(detector.layout()).isEqualTo(YoloLayout.V8);
      assertThat(detector.boxUnits()).isEqualTo(BoxUnits.PIXELS);
      assertThat(detector.labels()).containsExactly("person", "bicycle");
      assertThat(detector.executionProvider()).isEqualTo(ExecutionProvider.CPU);
      assertThat(detector.modelId()).matches("tiny\\.onnx@[0-9a-f]{12}");

      List<List<Detection>> out = detector.detect(List.of(TestImages.white(128, 128)));
      assertTheExpectedThreeInSourcePixels(out.get(0), 1f);
    }
  }

  @Test
  void eachImageOfABatchGetsItsOwnDetectionsInOneRun() {
    Path model =
        TinyYoloModels.writeV8(dir.resolve("tiny.onnx"), 64, 2, BOXES, false, Batch.DYNAMIC);
    try (OnnxYoloDetector detector = open(model, options())) {
      assertThat(detector.batchifier().dynamic()).isTrue();
      List<List<Detection>> out =
          detector.detect(
              List.of(
                  TestImages.white(128, 128),
                  TestImages.black(128, 128),
                  TestImages.white(128, 128)));
      assertThat(out).hasSize(3);
      assertTheExpectedThreeInSourcePixels(out.get(0), 1f);
      assertThat(out.get(1)).isEmpty();
      assertTheExpectedThreeInSourcePixels(out.get(2), 1f);
    }
  }

  @Test
  void aModelWithAFixedBatchOfOneIsRunOncePerImage() {
    Path model =
        TinyYoloModels.writeV8(dir.resolve("tiny.onnx"), 64, 2, BOXES, false, Batch.FIXED_1);
    try (OnnxYoloDetector detector = open(model, options())) {
      assertThat(detector.batchifier().fixedBatch()).isEqualTo(1);
      List<List<Detection>> out =
          detector.detect(List.of(TestImages.black(128, 128), TestImages.white(128, 128)));
      assertThat(out.get(0)).isEmpty();
      assertTheExpectedThreeInSourcePixels(out.get(1), 1f);
    }
  }

  @Test
  void normalisedBoxCoordinatesAreRecognisedAndScaledToTheInput() {
    Path model =
        TinyYoloModels.writeV8(dir.resolve("tiny.onnx"), 64, 2, BOXES, true, Batch.DYNAMIC);
    try (OnnxYoloDetector detector = open(model, options())) {
      assertThat(detector.boxUnits()).isEqualTo(BoxUnits.NORMALISED);
      assertTheExpectedThreeInSourcePixels(
          detector.detect(List.of(TestImages.white(128, 128))).get(0), 1f);
    }
  }

  @Test
  void aWideFrameIsLetterboxedAndItsBoxesMappedBackThroughThePadding() {
    Path model =
        TinyYoloModels.writeV8(
            dir.resolve("tiny.onnx"),
            64,
            2,
            List.of(new Box(0, 0.9f, 32, 32, 16, 16), new Box(1, 0.9f, 60, 20, 12, 12)),
            false,
            Batch.DYNAMIC);
    try (OnnxYoloDetector detector = open(model, options())) {
      // 256x128 -> 64x32 at rows 16..48; the mean input is half white, half grey padding.
      float mean = 0.5f + 0.5f * 114 / 255f;
      List<Detection> out = detector.detect(List.of(TestImages.white(256, 128))).get(0);
      assertThat(out).hasSize(2);
      assertThat(out.get(0).score()).isCloseTo(0.9f * mean, within(1e-4f));
      Detection centre = out.stream().filter(d -> d.classId() == 0).findFirst().orElseThrow();
      assertBox(centre.box(), 96, 32, 160, 96);
      // (54..66, 14..26) in the input: past the right edge and up into the padding, clipped to the
      // frame
      Detection corner = out.stream().filter(d -> d.classId() == 1).findFirst().orElseThrow();
      assertBox(corner.box(), 216, 0, 256, 40);
    }
  }

  @Test
  void aBoxEntirelyInThePaddingIsNotADetection() {
    Path model =
        TinyYoloModels.writeV8(
            dir.resolve("tiny.onnx"),
            64,
            2,
            List.of(new Box(0, 0.9f, 32, 6, 10, 8)),
            false,
            Batch.DYNAMIC);
    try (OnnxYoloDetector detector = open(model, options())) {
      assertThat(detector.detect(List.of(TestImages.white(256, 128))).get(0)).isEmpty();
    }
  }

  @Test
  void detectIsSafeToCallFromManyThreadsAtOnce() throws Exception {
    Path model =
        TinyYoloModels.writeV8(dir.resolve("tiny.onnx"), 64, 2, BOXES, false, Batch.DYNAMIC);
    try (OnnxYoloDetector detector = open(model, options().withIntraOpThreads(1));
        ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        boolean whiteFirst = t % 2 == 0;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    List<List<Detection>> out =
                        detector.detect(
                            whiteFirst
                                ? List.of(TestImages.white(128, 128), TestImages.black(128, 128))
                                : List.of(TestImages.black(128, 128), TestImages.white(128, 128)));
                    assertTheExpectedThreeInSourcePixels(out.get(whiteFirst ? 0 : 1), 1f);
                    assertThat(out.get(whiteFirst ? 1 : 0)).isEmpty();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
  }

  @Test
  void anEmptyMicroBatchGivesNoResultsAndAClosedDetectorRefusesWork() {
    Path model =
        TinyYoloModels.writeV8(dir.resolve("tiny.onnx"), 64, 2, BOXES, false, Batch.DYNAMIC);
    OnnxYoloDetector detector = open(model, options());
    assertThat(detector.detect(List.of())).isEmpty();
    detector.close();
    detector.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> detector.detect(List.of(TestImages.white(8, 8))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
