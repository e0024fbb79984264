package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.inference.image.BgrMats;
import io.gradstream.inference.testing.TestImages;
import io.gradstream.inference.testing.TinyYoloModels;
import io.gradstream.inference.testing.TinyYoloModels.Batch;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream bench detector} on tiny ONNX detectors and a short synthetic video: the
 * report's shape and that every figure is positive. Never the values: timings do not belong in
 * tests.
 */
class BenchDetectorCommandTest {
  private final CapturedCli cli = new CapturedCli();

  @TempDir Path dir;
  private Path video;
  private Path dynamic64;
  private Path fixed32;

  @BeforeEach
  void modelsAndVideo() throws Exception {
    dynamic64 =
        TinyYoloModels.writeV5(
            dir.resolve("tiny64.onnx"), 64, 2, TinyYoloModels.SCENE, true, Batch.DYNAMIC);
    TinyYoloModels.writeLabels(dir.resolve("tiny64.labels"), "person", "bicycle");
    // a fixed batch of one: a batch of 4 goes through as four runs, and must still be timed as one
    // call
    fixed32 =
        TinyYoloModels.writeV5(
            dir.resolve("tiny32.onnx"), 32, 2, TinyYoloModels.SCENE, true, Batch.FIXED_1);
    TinyYoloModels.writeLabels(dir.resolve("tiny32.labels"), "person", "bicycle");
    video = dir.resolve("clip.mkv");
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toFile(), 128, 96, 0);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      recorder.setFormat("matroska");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
      recorder.setFrameRate(10);
      recorder.start();
      for (int i = 0; i < 12; i++) {
        recorder.record(
            converter.convert(
                BgrMats.toMat(i % 2 == 0 ? TestImages.white(128, 96) : TestImages.black(128, 96))));
      }
      recorder.stop();
    }
  }

  @Test
  void reportsEveryModelAndBatchWithPositiveFiguresAsATableAndJson() throws Exception {
    Path json = dir.resolve("reports/bench.json");

    int code =
        cli.execute(
            "bench",
            "detector",
            "--model",
            dynamic64.toString(),
            "--model",
            fixed32.toString(),
            "--video",
            video.toString(),
            "--distinct-frames",
            "6",
            "--frames",
            "9",
            "--warmup",
            "2",
            "--threads",
            "1",
            "--rounds",
            "2",
            "--json",
            json.toString());

    assertThat(code).as(cli.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("machine").get("availableProcessors").asInt()).isPositive();
    assertThat(report.get("machine").get("onnxRuntime").asText()).isNotBlank();
    JsonNode method = report.get("method");
    assertThat(method.get("distinctFrames").asInt()).isEqualTo(6);
    assertThat(method.get("frameSize").asText()).isEqualTo("128x96");
    assertThat(method.get("framesPerConfiguration").asInt()).isEqualTo(9);
    assertThat(method.get("rounds").asInt()).isEqualTo(2);
    assertThat(method.get("intraOpThreads").asInt()).isEqualTo(1);

    List<JsonNode> results =
        StreamSupport.stream(report.get("results").spliterator(), false).toList();
    assertThat(results)
        .extracting(r -> r.get("inputSize").asInt() + "/" + r.get("batch").asInt())
        .containsExactly("64/1", "64/4", "32/1", "32/4");
    for (JsonNode r : results) {
      int batch = r.get("batch").asInt();
      assertThat(r.get("model").asText()).matches("tiny(64|32)\\.onnx@[0-9a-f]{12}");
      assertThat(r.get("executionProvider").asText()).isEqualTo("cpu");
      assertThat(r.get("calls").asInt()).isEqualTo((9 + batch - 1) / batch);
      assertThat(r.get("frames").asInt()).isEqualTo(r.get("calls").asInt() * batch);
      assertThat(r.get("seconds").asDouble()).isPositive();
      assertThat(r.get("framesPerSecond").asDouble()).isPositive();
      JsonNode call = r.get("callMs");
      assertThat(call.get("count").asInt()).isEqualTo(r.get("calls").asInt());
      assertThat(call.get("p50").asDouble()).isPositive();
      assertThat(call.get("p99").asDouble()).isGreaterThanOrEqualTo(call.get("p50").asDouble());
      assertThat(call.get("max").asDouble()).isGreaterThanOrEqualTo(call.get("p99").asDouble());
      assertThat(r.get("frameMs").get("p50").asDouble())
          .isPositive()
          .isLessThanOrEqualTo(call.get("p50").asDouble());
      JsonNode stages = r.get("stagesPerCallMs");
      assertThat(stages.get("letterbox").asDouble()).isPositive();
      assertThat(stages.get("decodeNms").asDouble()).isPositive();
      assertThat(stages.get("inference").asDouble()).isNotNegative();
      // white frames hold the tiny model's three boxes, black ones none: half the frames, give or
      // take the cycle
      assertThat(r.get("detectionsPerFrame").asDouble()).isPositive();
    }

    assertThat(cli.out())
        .contains("decoding 6 frames of " + video)
        .contains("[1/4] tiny64.onnx 64 batch 1: warm-up, 2 calls")
        .contains("round 1/2 [1/4] tiny64.onnx 64 batch 1: 4/9 calls timed")
        .contains("round 2/2 [4/4] tiny32.onnx 32 batch 4: 3/3 calls timed")
        .containsPattern(
            "model +input +batch +calls +frames/s +call p50 +call p99 +call max +ms/frame")
        .containsPattern("tiny32\\.onnx +32 +4 +3 ")
        .contains("report -> " + json);
  }

  @Test
  void detectorSubcommandHasHelp() {
    assertThat(cli.execute("bench", "detector", "--help")).isZero();
    assertThat(cli.out())
        .contains("Usage: gradstream bench detector")
        .contains("--model")
        .contains("--batch")
        .contains("--frames")
        .contains("--warmup")
        .contains("--threads")
        .contains("--json");
  }

  @Test
  void aProviderThisBuildCannotRunMeasuresNothingAndExitsWith3SayingWhy() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        ai.onnxruntime.OrtEnvironment.getAvailableProviders()
            .contains(ai.onnxruntime.OrtProvider.CUDA),
        "this build has the CUDA provider: scripts/gpu-check.sh measures it");
    Path json = dir.resolve("cuda.json");
    int code =
        cli.execute(
            "bench",
            "detector",
            "--provider",
            "cuda",
            "--model",
            dynamic64.toString(),
            "--video",
            video.toString(),
            "--frames",
            "2",
            "--json",
            json.toString());
    assertThat(code).isEqualTo(BenchDetectorCommand.PROVIDER_UNAVAILABLE);
    assertThat(cli.err())
        .contains("provider cuda is not available here, nothing measured")
        .contains("build gradstream with -Pgpu");
    assertThat(json).as("no report of a run that did not happen").doesNotExist();

    assertThat(cli.execute("bench", "detector", "--provider", "npu")).isEqualTo(2);
    assertThat(cli.err())
        .contains("unknown execution provider 'npu'")
        .contains("cpu, cuda, tensorrt");
  }

  @Test
  void batchSizesMustBePositive() {
    int code =
        cli.execute(
            "bench",
            "detector",
            "--model",
            dynamic64.toString(),
            "--video",
            video.toString(),
            "--batch",
            "1,0");

    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("--batch sizes must be positive");
  }

  @Test
  void aMissingVideoIsNamed() {
    int code =
        cli.execute(
            "bench",
            "detector",
            "--model",
            dynamic64.toString(),
            "--video",
            dir.resolve("nope.avi").toString());

    assertThat(code).isEqualTo(2);
    assertThat(cli.err()).contains("no such video").contains("nope.avi");
  }
}
