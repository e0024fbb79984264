package io.gradstream.benchmarks;

import io.gradstream.benchmarks.fixture.DemoModel;
import io.gradstream.benchmarks.fixture.Footage;
import io.gradstream.benchmarks.fixture.ForwardPass;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Nms;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import io.gradstream.inference.translate.OutputTensor;
import io.gradstream.inference.translate.yolo.YoloOptions;
import io.gradstream.inference.translate.yolo.YoloTranslator;
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
 * Post-processing of one real model output: the 320 model's 6300 rows x 85 for vtest frame 100,
 * from a forward pass at setup. {@code decodeAndNms} is {@link YoloTranslator#processOutput}, what
 * the detector runs per frame (confidence threshold, boxes back to frame pixels, class-aware NMS at
 * IoU 0.45); {@code nms} is {@link Nms#apply} alone on that frame's candidates. {@code confidence}
 * 0.25 is the worker's default; 0.001 (the COCO-evaluation setting) gives NMS thousands of
 * candidates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NmsBench {
  /** The model input side (320: 6300 rows; 640: 25200). */
  @Param({"320"})
  public int inputSize;

  /** The confidence threshold in front of NMS. */
  @Param({"0.25", "0.001"})
  public float confidence;

  private OutputTensor output;
  private LetterboxTransform placement;
  private YoloTranslator translator;
  private List<Detection> candidates;

  @Setup(Level.Trial)
  public void setUp() {
    ForwardPass pass = ForwardPass.of(inputSize, Footage.VTEST_FRAME);
    output = pass.output();
    placement = pass.placement();
    Letterbox letterbox = new Letterbox(inputSize);
    List<String> labels = DemoModel.labels(inputSize);
    YoloTranslator probe =
        YoloTranslator.of(
            YoloLayout.V5,
            letterbox,
            labels,
            new YoloOptions(confidence, 0.45f, YoloOptions.DEFAULT_MAX_DETECTIONS, BoxUnits.AUTO));
    // Units resolved once, as the detector does at load.
    BoxUnits units = BoxUnits.AUTO.resolve(probe.maxBoxCoordinate(output, 0));
    translator =
        YoloTranslator.of(
            YoloLayout.V5,
            letterbox,
            labels,
            new YoloOptions(confidence, 0.45f, YoloOptions.DEFAULT_MAX_DETECTIONS, units));
    // IoU threshold 1 suppresses nothing and the cap is off: the translator hands back every
    // candidate.
    candidates =
        YoloTranslator.of(
                YoloLayout.V5,
                letterbox,
                labels,
                new YoloOptions(confidence, 1f, Integer.MAX_VALUE, units))
            .processOutput(output, 0, placement);
    System.out.printf(
        "%n[NmsBench] %d rows, %d candidates at confidence %s, %d kept by NMS%n",
        output.rows(),
        candidates.size(),
        confidence,
        translator.processOutput(output, 0, placement).size());
  }

  @Benchmark
  public List<Detection> decodeAndNms() {
    return translator.processOutput(output, 0, placement);
  }

  @Benchmark
  public List<Detection> nms() {
    return Nms.apply(candidates, 0.45f, YoloOptions.DEFAULT_MAX_DETECTIONS);
  }
}
