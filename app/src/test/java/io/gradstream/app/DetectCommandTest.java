package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.inference.image.BgrMats;
import io.gradstream.inference.testing.TestImages;
import io.gradstream.inference.testing.TinyYoloModels;
import io.gradstream.inference.testing.TinyYoloModels.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream detect} with a tiny ONNX detector built by the test, so it needs no imported
 * model.
 */
class DetectCommandTest {
  private final CapturedCli cli = new CapturedCli();

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void tinyModel() throws Exception {
    Path model =
        TinyYoloModels.writeV5(
            dir.resolve("tiny.onnx"), 64, 2, TinyYoloModels.SCENE, true, Batch.DYNAMIC);
    TinyYoloModels.writeLabels(dir.resolve("tiny.labels"), "person", "bicycle");
    config =
        Files.writeString(
            dir.resolve("gradstream.yaml"),
            "inference:\n  model: " + model + "\n  input-size: 64\n");
  }

  @Test
  void anImageGivesAnAnnotatedPngAndAJsonOfItsDetections() throws Exception {
    Path image = dir.resolve("white.png");
    imwrite(image.toString(), BgrMats.toMat(TestImages.white(128, 128)));
    Path results = dir.resolve("out");

    int code =
        cli.execute(
            "detect", image.toString(), "-o", results.toString(), "--config", config.toString());

    assertThat(code).as(cli.err()).isZero();
    Path png = results.resolve("white.detections.png");
    Mat drawn = imread(png.toString());
    assertThat(drawn.cols()).isEqualTo(128);
    // the box of the first detection (24, 24)-(56, 56) is drawn: its left edge is no longer white
    byte[] px = BgrMats.toImage(drawn).pixels();
    int onEdge = (40 * 128 + 24) * 3;
    assertThat(px[onEdge] & 0xFF).isLessThan(250);
    JsonNode json = new ObjectMapper().readTree(results.resolve("white.detections.json").toFile());
    assertThat(json.get("model").asText()).startsWith("tiny.onnx@");
    assertThat(json.get("width").asInt()).isEqualTo(128);
    assertThat(json.get("detections")).hasSize(3);
    assertThat(json.get("detections").get(0).get("label").asText()).isEqualTo("person");
    assertThat(json.get("detections").get(0).get("x1").floatValue()).isEqualTo(24f);
    assertThat(cli.out()).contains("person").contains("3 detections");
  }

  @Test
  void aVideoGivesAnAnnotatedMp4AndAJsonLinePerFrameWithProgress() throws Exception {
    Path video = dir.resolve("white.mkv");
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toFile(), 128, 96, 0);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      recorder.setFormat("matroska");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
      recorder.setFrameRate(10);
      recorder.start();
      for (int i = 0; i < 6; i++) {
        recorder.record(
            converter.convert(
                BgrMats.toMat(i % 2 == 0 ? TestImages.white(128, 96) : TestImages.black(128, 96))));
      }
      recorder.stop();
    }
    Path results = dir.resolve("out");

    int code =
        cli.execute(
            "detect", video.toString(), "-o", results.toString(), "--config", config.toString());

    assertThat(code).as(cli.err()).isZero();
    List<String> lines = Files.readAllLines(results.resolve("white.detections.jsonl"));
    assertThat(lines).hasSize(6);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(lines.get(0)).get("frame").asInt()).isZero();
    assertThat(json.readTree(lines.get(0)).get("detections").size()).isPositive();
    assertThat(json.readTree(lines.get(1)).get("detections").size()).isZero();
    try (FFmpegFrameGrabber grabber =
        new FFmpegFrameGrabber(results.resolve("white.detections.mp4").toFile())) {
      grabber.start();
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
      int frames = 0;
      while (grabber.grabImage() != null) {
        frames++;
      }
      assertThat(frames).isEqualTo(6);
    }
    assertThat(cli.out()).contains("frame 6/6 (100%)").contains("6 frames ->");
  }

  @Test
  void maxFramesStopsAVideoEarly() throws Exception {
    Path video = dir.resolve("white.mkv");
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toFile(), 64, 64, 0);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      recorder.setFormat("matroska");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
      recorder.setFrameRate(10);
      recorder.start();
      for (int i = 0; i < 10; i++) {
        recorder.record(converter.convert(BgrMats.toMat(TestImages.white(64, 64))));
      }
      recorder.stop();
    }
    int code =
        cli.execute(
            "detect",
            video.toString(),
            "-o",
            dir.resolve("out").toString(),
            "--max-frames",
            "3",
            "--config",
            config.toString());
    assertThat(code).as(cli.err()).isZero();
    assertThat(Files.readAllLines(dir.resolve("out/white.detections.jsonl"))).hasSize(3);
  }

  @Test
  void aMissingModelIsOneSentenceNamingTheFileNotAStackTrace() throws Exception {
    Path missing = dir.resolve("nope.onnx");
    Path broken =
        Files.writeString(dir.resolve("broken.yaml"), "inference:\n  model: " + missing + "\n");
    Path image = dir.resolve("white.png");
    imwrite(image.toString(), BgrMats.toMat(TestImages.white(32, 32)));

    int code =
        cli.execute(
            "detect",
            image.toString(),
            "-o",
            dir.resolve("out").toString(),
            "--config",
            broken.toString());

    assertThat(code).isEqualTo(1);
    assertThat(cli.err())
        .contains(missing.toString())
        .contains("does not exist")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingInputFileIsAUsageError() {
    int code =
        cli.execute(
            "detect",
            dir.resolve("nothing.jpg").toString(),
            "-o",
            dir.toString(),
            "--config",
            config.toString());
    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("no such file");
  }
}
