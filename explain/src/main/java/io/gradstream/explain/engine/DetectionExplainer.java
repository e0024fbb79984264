package io.gradstream.explain.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtSession;
import io.gradstream.explain.backward.BackwardCompiler;
import io.gradstream.explain.backward.WindowedHeadBackward;
import io.gradstream.explain.backward.Windows;
import io.gradstream.explain.cam.CamMethod;
import io.gradstream.explain.cam.WindowGradient;
import io.gradstream.explain.graph.DetectionHeads;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OrtModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Explains every detection of a frame with gradients, compiled once per YOLOv5-layout detector.
 *
 * <p>The detector runs {@link #instrumented()}, which also returns each head level's target
 * activation A. Per frame, {@link #gradients} seeds each detection's score on its head-conv output Z
 * ({@link YoloV5Seed}) and runs, per level, one batched vector–Jacobian product of A → Z on the
 * detections' receptive-field windows: one ONNX Runtime call per level with detections, whose cost
 * grows with the number of detections, not with the image size. The gradient methods
 * ({@link CamMethod}) then weigh A by it.
 *
 * <p>Thread-safe: the sessions allow concurrent runs and nothing else is mutable. Close it to free
 * the native sessions.
 */
public final class DetectionExplainer implements AutoCloseable {
  private final HeadGeometry geometry;
  private final ModelProto instrumented;
  private final List<WindowedHeadBackward> compiled;
  private final List<OrtModel> windows = new ArrayList<>();

  private DetectionExplainer(HeadGeometry geometry, ModelProto instrumented, List<WindowedHeadBackward> compiled,
      OrtSession.SessionOptions options) {
    this.geometry = geometry;
    this.instrumented = instrumented;
    this.compiled = compiled;
    try {
      for (WindowedHeadBackward level : compiled) {
        windows.add(new OrtModel(level.window().model(), options));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Compiles the explainer for {@code detector}, whose output {@code output} has the YOLOv5 layout,
   * with the target layers found automatically ({@link DetectionHeads}).
   *
   * @param options ONNX Runtime options for the backward sessions (execution providers); null for CPU defaults
   * @throws UnsupportedModelException when the head is not one this explainer handles, saying what to use instead
   */
  public static DetectionExplainer compile(ModelProto detector, String output, OrtSession.SessionOptions options) {
    return compile(detector, output, DetectionHeads.find(detector), options);
  }

  /** As {@link #compile(ModelProto, String, OrtSession.SessionOptions)} with the target layers named. */
  public static DetectionExplainer compile(ModelProto detector, String output, List<HeadLevel> levels,
      OrtSession.SessionOptions options) {
    HeadGeometry geometry = HeadGeometry.of(detector, levels, output);
    List<WindowedHeadBackward> compiled = new ArrayList<>();
    for (int l = 0; l < levels.size(); l++) {
      compiled.add(WindowedHeadBackward.compile(detector, levels, l, output, geometry.rows(), geometry.classes()));
    }
    SeedCheck.verify(detector, output, geometry, compiled);
    ModelProto instrumented = GraphEdits.withOutputs(detector, activationNames(geometry));
    return new DetectionExplainer(geometry, instrumented, List.copyOf(compiled), options);
  }

  /** The detector with every level's target activation added as an output: run it instead of the detector. */
  public ModelProto instrumented() {
    return instrumented;
  }

  /** The outputs {@link #instrumented()} adds, finest level first. */
  public List<String> activationNames() {
    return activationNames(geometry);
  }

  private static List<String> activationNames(HeadGeometry geometry) {
    return geometry.levels().stream().map(LevelGeometry::layer).toList();
  }

  /** The head's shapes and row mapping. */
  public HeadGeometry geometry() {
    return geometry;
  }

  /** The receptive-field radius of level {@code level}'s windowed backward. */
  public int radius(int level) {
    return compiled.get(level).radius();
  }

  /** Each target's ∂score/∂A on its own level, in the order of {@code targets}. */
  public List<DetectionGradient> gradients(FrameTensors frame, List<ExplainTarget> targets) {
    DetectionGradient[] out = new DetectionGradient[targets.size()];
    RowLocation[] locations = new RowLocation[targets.size()];
    for (int i = 0; i < targets.size(); i++) {
      ExplainTarget t = targets.get(i);
      if (t.classId() < 0 || t.classId() >= geometry.classes()) {
        throw new IllegalArgumentException("class " + t.classId() + " of " + geometry.classes());
      }
      locations[i] = geometry.locate(t.row());
    }
    for (int l = 0; l < geometry.levels().size(); l++) {
      int level = l;
      int[] members = java.util.stream.IntStream.range(0, targets.size()).filter(i -> locations[i].level() == level).toArray();
      if (members.length > 0) {
        FloatTensor[] grads = levelGradients(l, frame, targets, locations, members);
        for (int j = 0; j < members.length; j++) {
          RowLocation at = locations[members[j]];
          out[members[j]] = new DetectionGradient(targets.get(members[j]), at, new WindowGradient(at.cy(), at.cx(), grads[j]));
        }
      }
    }
    return Arrays.asList(out);
  }

  /** Each target's map by {@code method}, in the order of {@code targets}. */
  public List<DetectionExplanation> explain(FrameTensors frame, List<ExplainTarget> targets, CamMethod method) {
    List<DetectionExplanation> out = new ArrayList<>(targets.size());
    for (DetectionGradient g : gradients(frame, targets)) {
      FloatTensor a = frame.activations().get(g.location().level());
      float[] raw = method.raw(a, g.gradient());
      LevelGeometry level = geometry.levels().get(g.location().level());
      out.add(new DetectionExplanation(g.target(), g.location(), level.layer(), level.stride(), method.name(), raw,
          io.gradstream.explain.cam.CamMap.normalise(raw, (int) a.shape()[3], (int) a.shape()[2])));
    }
    return out;
  }

  /** One batched windowed VJP for the {@code members} of level {@code l}. */
  private FloatTensor[] levelGradients(int l, FrameTensors frame, List<ExplainTarget> targets, RowLocation[] locations, int[] members) {
    LevelGeometry level = geometry.levels().get(l);
    int r = compiled.get(l).radius();
    int k = 2 * r + 1;
    int kk = k * k;
    int n = members.length;
    FloatTensor a = frame.activations().get(l);
    FloatTensor aWindows = FloatTensor.zeros(n, level.channels(), k, k);
    FloatTensor cotangents = FloatTensor.zeros(n, level.zChannels(), k, k);
    int cols = geometry.columns();
    for (int j = 0; j < n; j++) {
      ExplainTarget t = targets.get(members[j]);
      RowLocation at = locations[members[j]];
      FloatTensor crop = Windows.crop(a, 0, at.cy(), at.cx(), r);
      System.arraycopy(crop.data(), 0, aWindows.data(), j * level.channels() * kk, crop.data().length);
      float obj = frame.output()[t.row() * cols + 4];
      float cls = frame.output()[t.row() * cols + 5 + t.classId()];
      int base = j * level.zChannels() * kk + r * k + r; // the window's centre cell
      cotangents.data()[base + YoloV5Seed.objectnessChannel(at.anchor(), geometry.classes()) * kk] = YoloV5Seed.objectnessGradient(obj, cls);
      cotangents.data()[base + YoloV5Seed.classChannel(at.anchor(), geometry.classes(), t.classId()) * kk] = YoloV5Seed.classGradient(obj, cls);
    }
    WindowedHeadBackward c = compiled.get(l);
    String da = c.window().gradientOutput();
    FloatTensor grads = windows.get(l).run(java.util.Map.of(level.names().input(), aWindows,
        BackwardCompiler.cotangentOf(level.names().output()), cotangents), List.of(da)).get(da);
    FloatTensor[] split = new FloatTensor[n];
    int per = level.channels() * kk;
    for (int j = 0; j < n; j++) {
      float[] d = new float[per];
      System.arraycopy(grads.data(), j * per, d, 0, per);
      split[j] = new FloatTensor(new long[] {1, level.channels(), k, k}, d);
    }
    return split;
  }

  @Override
  public void close() {
    windows.forEach(OrtModel::close);
    windows.clear();
  }
}
