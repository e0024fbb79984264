package io.gradstream.inference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.inference.testing.DemoModel;
import io.gradstream.inference.testing.DetectionScore;
import io.gradstream.inference.testing.LabelledFrame;
import io.gradstream.inference.testing.RealFrames;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imported demo model (YOLOv5s, COCO) on real frames against hand-labelled boxes: every
 * labelled object found with the right class and IoU >= 0.7, at most one spurious box per image, at
 * the default threshold. Needs the model that {@code ./scripts/setup.sh} imports, so it runs with
 * the end-to-end tests ({@code mvn verify}), not in the fast unit suite.
 */
@Tag("e2e")
class DemoModelDetectionIT {
  private static final Logger log = LoggerFactory.getLogger(DemoModelDetectionIT.class);
  private static final float MIN_IOU = 0.7f;
  private static final int MAX_SPURIOUS = 1;

  private static ModelLocation demoModel;
  private static OnnxYoloDetector detector;

  @BeforeAll
  static void loadTheDemoModel() {
    demoModel = DemoModel.location();
    detector = OnnxYoloDetector.open(demoModel, DetectorOptions.defaults());
  }

  @AfterAll
  static void close() {
    if (detector != null) {
      detector.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dog", "person", "vtest-frame200"})
  void findsEveryLabelledObjectWithItsClassAndATightBoxAndAtMostOneSpuriousBox(String name)
      throws Exception {
    LabelledFrame labelled = LabelledFrame.load(name);
    BgrImage frame = RealFrames.load(labelled);
    assertThat(frame.width()).isEqualTo(labelled.width());
    assertThat(frame.height()).isEqualTo(labelled.height());

    List<Detection> detections = detector.detect(List.of(frame)).get(0);
    DetectionScore score = DetectionScore.of(labelled.objects(), detections);
    log.info(
        "event=labelled-frame source={} detections={}\n{}",
        labelled.source(),
        detections.size(),
        score.report());

    for (DetectionScore.Match m : score.matches()) {
      if (m.object().optional()) {
        continue;
      }
      assertThat(m.detection())
          .as(
              "%s at %s in %s: no %s detected\n%s",
              m.object().label(),
              Arrays.toString(m.object().box()),
              labelled.source(),
              m.object().acceptedLabels(),
              score.report())
          .isNotNull();
      assertThat(m.iou())
          .as(
              "%s at %s in %s: IoU with the detection\n%s",
              m.object().label(),
              Arrays.toString(m.object().box()),
              labelled.source(),
              score.report())
          .isGreaterThanOrEqualTo(MIN_IOU);
    }
    assertThat(score.spurious())
        .as("spurious detections in %s\n%s", labelled.source(), score.report())
        .hasSizeLessThanOrEqualTo(MAX_SPURIOUS);
  }

  @Test
  void aBatchGivesTheSameDetectionsAsOneFrameAtATime() throws Exception {
    BgrImage dog = RealFrames.load(LabelledFrame.load("dog"));
    BgrImage person = RealFrames.load(LabelledFrame.load("person"));
    List<List<Detection>> batch = detector.detect(List.of(dog, person));
    List<Detection> dogAlone = detector.detect(List.of(dog)).get(0);
    List<Detection> personAlone = detector.detect(List.of(person)).get(0);
    assertSame(batch.get(0), dogAlone);
    assertSame(batch.get(1), personAlone);
  }

  private static void assertSame(List<Detection> a, List<Detection> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).label()).isEqualTo(b.get(i).label());
      assertThat(a.get(i).score())
          .isCloseTo(b.get(i).score(), org.assertj.core.api.Assertions.within(1e-3f));
      assertThat(a.get(i).box().iou(b.get(i).box())).isGreaterThan(0.99f);
    }
  }
}
