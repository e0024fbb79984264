package io.gradstream.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.InferenceConfig;
import io.gradstream.inference.detect.ModelLoadException;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.testing.TinyYoloModels;
import io.gradstream.inference.testing.TinyYoloModels.Batch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * On the default (CPU) ONNX Runtime build, GPU providers are skipped with a reason and the next one
 * in the list runs the model; the choice is one INFO line.
 */
class ExecutionProviderFallbackTest {
  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SessionFactory.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    logger.detachAppender(logs);
  }

  private ModelLocation model() {
    Path file =
        TinyYoloModels.writeV8(
            dir.resolve("tiny.onnx"), 64, 2, YoloV8DetectorTest.BOXES, false, Batch.DYNAMIC);
    return ModelLocation.resolve(file.toString(), "", dir);
  }

  @Test
  void tensorRtRunsInFp16WithTheEngineCacheOptionsOnnxRuntimeDocumentsWithAnAbsolutePath() {
    assertThat(ExecutionProvider.tensorrtOptions(Path.of("cache/trt")))
        .containsExactly(
            Map.entry("trt_fp16_enable", "1"),
            Map.entry("trt_engine_cache_enable", "1"),
            Map.entry("trt_engine_cache_path", Path.of("cache/trt").toAbsolutePath().toString()));
    assertThat(ExecutionProvider.tensorrtOptions(null))
        .as("no cache")
        .containsExactly(Map.entry("trt_fp16_enable", "1"));
  }

  @Test
  void theEngineCacheComesFromTheConfigurationAndIsNullWhenEmpty() {
    InferenceConfig defaults = new ConfigLoader(Map.of()).load(null).inference();
    assertThat(DetectorOptions.from(defaults).tensorrtEngineCache()).isNull();
    InferenceConfig cached =
        new ConfigLoader(Map.of("GRADSTREAM_INFERENCE_TENSORRT_ENGINE_CACHE", "/var/cache/trt"))
            .load(null)
            .inference();
    assertThat(DetectorOptions.from(cached).tensorrtEngineCache())
        .isEqualTo(Path.of("/var/cache/trt"));
    assertThat(DetectorOptions.from(cached).withIntraOpThreads(1).tensorrtEngineCache())
        .as("kept by the withers")
        .isEqualTo(Path.of("/var/cache/trt"));
  }

  @Test
  void gpuProvidersMissingFromThisBuildFallBackToCpuWithOneInfoLineSayingWhy() {
    DetectorOptions options =
        DetectorOptions.defaults()
            .withInputSize(64)
            .withExecutionProviders(
                List.of(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA, ExecutionProvider.CPU));
    try (OnnxYoloDetector detector = OnnxYoloDetector.open(model(), options)) {
      assertThat(detector.executionProvider()).isEqualTo(ExecutionProvider.CPU);
    }
    List<String> info =
        logs.list.stream()
            .filter(e -> e.getLevel() == Level.INFO)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(info).hasSize(1);
    assertThat(info.get(0))
        .contains(
            "event=execution-provider",
            "provider=cpu",
            "requested=[tensorrt, cuda, cpu]",
            "tensorrt: not in this ONNX Runtime build",
            "cuda: not in this ONNX Runtime build",
            "-Pgpu");
  }

  @Test
  void withoutCpuInTheListAHostWithoutTheGpuProviderCannotLoadAndIsToldHowToFallBack() {
    DetectorOptions options =
        DetectorOptions.defaults()
            .withInputSize(64)
            .withExecutionProviders(List.of(ExecutionProvider.CUDA));
    assertThatThrownBy(() -> OnnxYoloDetector.open(model(), options))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("tiny.onnx")
        .hasMessageContaining("cuda: not in this ONNX Runtime build")
        .hasMessageContaining("add cpu to inference.execution-providers");
  }

  @Test
  void providerNamesFromTheConfigurationParseInAnyCase() {
    assertThat(ExecutionProvider.parse(" TensorRT ")).isEqualTo(ExecutionProvider.TENSORRT);
    assertThatThrownBy(() -> ExecutionProvider.parse("rocm"))
        .hasMessageContaining("cpu, cuda, tensorrt");
  }
}
