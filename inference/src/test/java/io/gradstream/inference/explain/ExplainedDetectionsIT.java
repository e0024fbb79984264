package io.gradstream.inference.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.wire.Explanation;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.DetectedImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.image.BgrMats;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.inference.testing.DemoModel;
import io.gradstream.inference.testing.RealFrames;
import io.gradstream.inference.worker.pipeline.ExplanationMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo detector with explanations on, on real vtest.avi frames: every detection comes with a
 * map at its head level's resolution, and the maps of a frame, as the wire carries them, take at
 * most a quarter of that frame's JPEG (at ingest's default quality 85) for frames with 10
 * detections.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainedDetectionsIT {
  static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
  private OnnxYoloDetector detector;

  @BeforeAll
  void open() {
    ModelLocation demo = DemoModel.location();
    detector = OnnxYoloDetector.open(demo, DetectorOptions.defaults().withExplainMethod("gradcam"));
    assertThat(detector.explains()).isTrue();
  }

  @AfterAll
  void close() {
    detector.close();
  }

  @Test
  void everyDetectionGetsAMapAndTenMapsFitInAQuarterOfTheJpeg() throws Exception {
    double mapBytes = 0;
    double jpegBytes = 0;
    int frames = 0;
    int detections = 0;
    for (int index = 0; index < 400; index += 40) {
      BgrImage image = RealFrames.videoFrame(VTEST, index);
      DetectedImage result = detector.detectAndExplain(List.of(image)).get(0);
      assertThat(result.detections()).as("people in vtest frame %d", index).isNotEmpty();
      assertThat(result.explainNanos()).isPositive();
      List<Explanation> wire = new ArrayList<>();
      for (Detection d : result.detections()) {
        assertThat(d.explanation()).as("explanation of %s", d).isNotNull();
        assertThat(d.explanation().map().width()).isIn(80, 40, 20);
        assertThat(d.explanation().map().scale())
            .as("a detection's map is not all zero")
            .isPositive();
        wire.add(ExplanationMessage.of(d.explanation()));
      }
      // Per 10 detections, so frames with more or fewer detections count alike.
      int perFrameMaps = wire.stream().mapToInt(e -> e.getData().size()).sum();
      mapBytes += perFrameMaps * 10.0 / wire.size();
      jpegBytes += jpeg(image, 85).length;
      frames++;
      detections += wire.size();
    }
    double ratio = mapBytes / jpegBytes;
    System.out.printf(
        "%d frames, %d detections: 10 maps take %.0f bytes on average, the JPEG %.0f bytes: %.3f of it%n",
        frames, detections, mapBytes / frames, jpegBytes / frames, ratio);
    assertThat(ratio).isLessThanOrEqualTo(0.25);
  }

  private static byte[] jpeg(BgrImage image, int quality) {
    Mat mat = BgrMats.toMat(image);
    try (BytePointer out = new BytePointer();
        IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality)) {
      opencv_imgcodecs.imencode(".jpg", mat, out, params);
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    } finally {
      mat.close();
    }
  }
}
