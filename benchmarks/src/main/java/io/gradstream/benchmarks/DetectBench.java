package io.gradstream.benchmarks;

import io.gradstream.benchmarks.fixture.DemoModel;
import io.gradstream.benchmarks.fixture.Footage;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.DetectedImage;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole detector call per frame, for scale next to the hot paths: {@link
 * OnnxYoloDetector#detectAndExplain} on vtest frame 100 (letterbox, ONNX Runtime forward on the CPU
 * with its default threads, output copy, decode and NMS at confidence 0.25), without explanations
 * ({@code detect}) and with Grad-CAM for every detection ({@code detectAndExplain}, the
 * instrumented model plus the explainer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DetectBench {
  /** The model input side. */
  @Param({"320"})
  public int inputSize;

  private List<BgrImage> frame;
  private OnnxYoloDetector plain;
  private OnnxYoloDetector explaining;

  @Setup(Level.Trial)
  public void setUp() {
    frame = List.of(Footage.vtest(Footage.VTEST_FRAME).image());
    plain = DemoModel.detector(inputSize, "", 0.25f);
    explaining = DemoModel.detector(inputSize, "gradcam", 0.25f);
  }

  @Benchmark
  public List<DetectedImage> detect() {
    return plain.detectAndExplain(frame);
  }

  @Benchmark
  public List<DetectedImage> detectAndExplain() {
    return explaining.detectAndExplain(frame);
  }
}
