package io.gradstream.benchmarks;

import io.gradstream.benchmarks.fixture.Footage;
import io.gradstream.benchmarks.fixture.ForwardPass;
import io.gradstream.explain.cam.CamMethod;
import io.gradstream.explain.cam.CamMethods;
import io.gradstream.explain.cam.WindowGradient;
import io.gradstream.explain.engine.DetectionExplainer;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.engine.DetectionGradient;
import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.engine.StrongestTargets;
import io.gradstream.explain.graph.FloatTensor;
import java.util.ArrayList;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Explaining one frame's detections on real tensors: the activations and output of a forward pass
 * of the demo model on vtest frames 100 and 101 (run at setup), and the production {@link
 * DetectionExplainer} compiled for it. The targets are the frame's {@code detections} strongest
 * output rows.
 *
 * <ul>
 *   <li>{@code explain}: {@link DetectionExplainer#explain} with {@code method}, what the worker
 *       runs per frame: one batched windowed backward per level (ONNX Runtime), the weighting,
 *       normalisation to 0-255 and the quality scores.
 *   <li>{@code weighting}: {@link CamMethod#rawAll} alone, per level, on gradients computed at
 *       setup: the CAM arithmetic itself.
 *   <li>{@code eigenCam}: {@link DetectionExplainer#explain} with EigenCAM, on frames 100 and 101
 *       in turn, so each power iteration starts from the other frame's direction, as on live video.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CamBench {
  /** The model input side. */
  @Param({"320"})
  public int inputSize;

  /** Detections explained per frame. */
  @Param({"20"})
  public int detections;

  /** The gradient method: gradcam, hirescam or gradcam++. */
  @Param({"gradcam"})
  public String method;

  private DetectionExplainer explainer;
  private ExplainMethod explainMethod;
  private ForwardPass[] frames;
  private List<List<ExplainTarget>> targets;
  private CamMethod cam;
  private List<FloatTensor> levelActivations;
  private List<List<WindowGradient>> levelGradients;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    explainMethod = ExplainMethod.parse(method);
    frames =
        new ForwardPass[] {
          ForwardPass.of(inputSize, Footage.VTEST_FRAME),
          ForwardPass.of(inputSize, Footage.VTEST_FRAME + 1)
        };
    explainer = frames[0].explainer();
    targets = new ArrayList<>();
    for (ForwardPass f : frames) {
      targets.add(StrongestTargets.of(f.tensors().output(), explainer.geometry(), detections));
    }
    cam = CamMethods.byName(method);
    levelActivations = new ArrayList<>();
    levelGradients = new ArrayList<>();
    List<DetectionGradient> gradients = explainer.gradients(frames[0].tensors(), targets.get(0));
    for (int l = 0; l < explainer.geometry().levels().size(); l++) {
      int level = l;
      List<WindowGradient> onLevel =
          gradients.stream()
              .filter(g -> g.location().level() == level)
              .map(DetectionGradient::gradient)
              .toList();
      if (!onLevel.isEmpty()) {
        levelActivations.add(frames[0].tensors().activations().get(l));
        levelGradients.add(onLevel);
      }
    }
  }

  @Benchmark
  public List<DetectionExplanation> explain() {
    return explainer.explain(frames[0].tensors(), targets.get(0), explainMethod);
  }

  @Benchmark
  public void weighting(Blackhole bh) {
    for (int l = 0; l < levelActivations.size(); l++) {
      bh.consume(cam.rawAll(levelActivations.get(l), levelGradients.get(l)));
    }
  }

  @Benchmark
  public List<DetectionExplanation> eigenCam() {
    int f = next;
    next = 1 - f;
    return explainer.explain(frames[f].tensors(), targets.get(f), ExplainMethod.EIGEN_CAM);
  }
}
