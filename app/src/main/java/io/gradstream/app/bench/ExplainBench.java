package io.gradstream.app.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.backward.BackwardCompiler;
import io.gradstream.explain.backward.BackwardGraph;
import io.gradstream.explain.backward.YoloScore;
import io.gradstream.explain.cam.GradCam;
import io.gradstream.explain.engine.DetectionExplainer;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.engine.FrameTensors;
import io.gradstream.explain.engine.HeadGeometry;
import io.gradstream.explain.engine.RowLocation;
import io.gradstream.explain.engine.StrongestTargets;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.reliability.ReliabilityModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What explaining costs next to the forward pass, on one model and real frames, all in one run so
 * the ratios compare like with like. Per frame, in this order: the detector's forward pass; the
 * instrumented forward (the same, also returning the target activations); the explainer as the
 * worker runs it on the frame's {@code detections} strongest output rows (one batched windowed
 * backward per level, the method's maps, the reliability features and, when a model is given, the
 * reliability score); and, on fewer frames because it is slow, the naive reference: one full-size
 * backward per detection (the whole backward graph from the target layers on full activations, as
 * autograd would run it), then Grad-CAM from the full gradient. EigenCAM (no backward; one map per
 * level with detections) is timed on the same activations.
 */
public final class ExplainBench {
  private final ModelProto model;
  private final String output;
  private final int detections;
  private final List<HeadLevel> levels;
  private final ExplainMethod method;
  private final ReliabilityModel reliability;

  /**
   * @param model a YOLOv5-layout detector
   * @param output its detections output
   * @param detections detections explained per frame
   * @param levels the target layers, as the worker resolves them
   * @param method the gradient method timed (the worker's)
   * @param reliability the reliability model scored on every detection, or null for none
   */
  public ExplainBench(
      ModelProto model,
      String output,
      int detections,
      List<HeadLevel> levels,
      ExplainMethod method,
      ReliabilityModel reliability) {
    this.model = model;
    this.output = output;
    this.detections = detections;
    this.levels = List.copyOf(levels);
    this.method = method;
    this.reliability = reliability;
  }

  /** Per-frame times in milliseconds. */
  public record FrameTimes(
      double forwardMs,
      double instrumentedMs,
      double explainMs,
      double backwardMs,
      double eigenCamMs,
      double naiveMs,
      boolean plainFirst) {
    /** What the extra outputs cost this frame. */
    public double extraOutputsMs() {
      return instrumentedMs - forwardMs;
    }
  }

  /**
   * The extra outputs' cost: on a busy machine whichever forward runs first after the Java work is
   * slower, by more than the difference sought, so frames alternate the order and the medians of
   * the two orders are averaged, which cancels that effect.
   */
  public static double extraOutputsMs(List<FrameTimes> times) {
    return (median(
                times.stream()
                    .filter(FrameTimes::plainFirst)
                    .mapToDouble(FrameTimes::extraOutputsMs)
                    .toArray())
            + median(
                times.stream()
                    .filter(t -> !t.plainFirst())
                    .mapToDouble(FrameTimes::extraOutputsMs)
                    .toArray()))
        / 2;
  }

  /** The median of {@code values} (NaN for none). */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Times {@code rounds} passes over {@code inputs} (each {@code [1, 3, S, S]}); the naive
   * reference runs on the first {@code naiveFrames} frames of the first round only.
   */
  public List<FrameTimes> run(
      List<FloatTensor> inputs,
      int warmup,
      int rounds,
      int naiveFrames,
      Consumer<String> progress) {
    try (DetectionExplainer explainer = DetectionExplainer.compile(model, output, levels, null);
        OrtModel plain = new OrtModel(model);
        OrtModel instrumented = new OrtModel(explainer.instrumented());
        NaiveGradCam naive = new NaiveGradCam(model, output, explainer)) {
      String input = plain.inputNames().get(0);
      for (int i = 0; i < warmup; i++) {
        FloatTensor image = inputs.get(i % inputs.size());
        plain.run(Map.of(input, image), List.of(output));
        Map<String, FloatTensor> out = instrumented.run(Map.of(input, image), List.of());
        FrameTensors frame = frame(explainer, out);
        explainAndScore(
            explainer,
            frame,
            StrongestTargets.of(frame.output(), explainer.geometry(), detections));
        explainer.explain(
            frame,
            StrongestTargets.of(frame.output(), explainer.geometry(), detections),
            ExplainMethod.EIGEN_CAM);
      }
      List<FrameTimes> times = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < inputs.size(); i++) {
          FloatTensor image = inputs.get(i);
          // Alternate which forward goes first, so cache warmth favours neither.
          boolean plainFirst = (round + i) % 2 == 0;
          long p0 = 0;
          long p1 = 0;
          if (plainFirst) {
            p0 = System.nanoTime();
            plain.run(Map.of(input, image), List.of(output));
            p1 = System.nanoTime();
          }
          long t1 = System.nanoTime();
          Map<String, FloatTensor> out = instrumented.run(Map.of(input, image), List.of());
          long t2 = System.nanoTime();
          if (!plainFirst) {
            p0 = System.nanoTime();
            plain.run(Map.of(input, image), List.of(output));
            p1 = System.nanoTime();
          }
          FrameTensors frame = frame(explainer, out);
          List<ExplainTarget> targets =
              StrongestTargets.of(frame.output(), explainer.geometry(), detections);
          long t3 = System.nanoTime();
          explainAndScore(explainer, frame, targets);
          long t4 = System.nanoTime();
          explainer.explain(frame, targets, ExplainMethod.EIGEN_CAM);
          long t5 = System.nanoTime();
          explainer.gradients(
              frame, targets); // the backward alone, to say where the explain time goes
          long t6 = System.nanoTime();
          double naiveMs = Double.NaN;
          if (round == 0 && i < naiveFrames) {
            long n0 = System.nanoTime();
            naive.explain(frame, targets);
            naiveMs = (System.nanoTime() - n0) / 1e6;
          }
          // The slice copy belongs to explaining; target selection (t2..t3, not part of either) is
          // left out.
          times.add(
              new FrameTimes(
                  (p1 - p0) / 1e6,
                  (t2 - t1) / 1e6,
                  (t4 - t3) / 1e6,
                  (t6 - t5) / 1e6,
                  (t5 - t4) / 1e6,
                  naiveMs,
                  plainFirst));
        }
        progress.accept("round " + (round + 1) + "/" + rounds + " done");
      }
      return times;
    }
  }

  /**
   * What the worker does per frame: the maps and features, then each detection's reliability. The
   * sum is returned so that no work can be optimised away.
   */
  private double explainAndScore(
      DetectionExplainer explainer, FrameTensors frame, List<ExplainTarget> targets) {
    double sum = 0;
    for (DetectionExplanation e : explainer.explain(frame, targets, method)) {
      sum += reliability == null ? 0 : reliability.probability(e.features());
    }
    return sum;
  }

  private FrameTensors frame(DetectionExplainer explainer, Map<String, FloatTensor> out) {
    return explainer.frame(
        explainer.instrumentedOutputs().stream().map(out::get).toList(), out.get(output), 0);
  }

  /** The reference: one full-size backward per detection, Grad-CAM from the full gradient. */
  private static final class NaiveGradCam implements AutoCloseable {
    private final DetectionExplainer explainer;
    private final List<OrtModel> backwards = new ArrayList<>();
    private final List<String> gradients = new ArrayList<>();

    NaiveGradCam(ModelProto model, String output, DetectionExplainer explainer) {
      this.explainer = explainer;
      HeadGeometry g = explainer.geometry();
      ModelProto scored =
          YoloScore.append(
              GraphEdits.cut(model, explainer.activationNames(), List.of(output)),
              output,
              g.layout(),
              g.rows(),
              g.classes());
      for (String a : explainer.activationNames()) {
        BackwardGraph full = BackwardCompiler.compile(scored, a, YoloScore.SCORE);
        backwards.add(new OrtModel(full.model()));
        gradients.add(full.gradientOutput());
      }
    }

    void explain(FrameTensors frame, List<ExplainTarget> targets) {
      HeadGeometry g = explainer.geometry();
      for (ExplainTarget t : targets) {
        RowLocation at = g.locate(t.row());
        Map<String, FloatTensor> feed =
            YoloScore.seeds(g.rows(), g.classes(), t.row(), t.classId());
        for (int l = 0; l < frame.activations().size(); l++) {
          feed.put(explainer.activationNames().get(l), frame.activations().get(l));
        }
        String name = gradients.get(at.level());
        FloatTensor grad = backwards.get(at.level()).run(feed, List.of(name)).get(name);
        GradCam.ofFullGradient(frame.activations().get(at.level()), grad);
      }
    }

    @Override
    public void close() {
      backwards.forEach(OrtModel::close);
    }
  }
}
