package io.gradstream.explain.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.gradstream.explain.backward.BackwardCompiler;
import io.gradstream.explain.backward.ValidWindow;
import io.gradstream.explain.backward.WindowedHeadBackward;
import io.gradstream.explain.backward.Windows;
import io.gradstream.explain.cam.CamMap;
import io.gradstream.explain.cam.CamMethod;
import io.gradstream.explain.cam.EigenCam;
import io.gradstream.explain.cam.GradCam;
import io.gradstream.explain.cam.WindowGradient;
import io.gradstream.explain.graph.DetectionHeads;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OnnxGraphException;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.graph.ShapeProbe;
import io.gradstream.explain.quality.CellBox;
import io.gradstream.explain.quality.ExplanationQuality;
import io.gradstream.explain.reliability.ClassMap;
import io.gradstream.explain.reliability.DetectionFeatures;
import io.gradstream.explain.reliability.FeatureExtractor;
import io.gradstream.explain.reliability.GradientEvidence;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * Explains every detection of a frame with gradients, compiled once per YOLO detector: YOLOv5 heads
 * and YOLOv8/11 class heads, in either output layout ({@link HeadGeometry}).
 *
 * <p>The detector runs {@link #instrumented()}, which also returns each head level's target
 * activation A; {@link #frame} reads one image of it. Per frame, {@link #gradients} seeds each
 * detection's score on its head-conv output Z ({@link YoloSeed}) and runs, per level, one batched
 * vector–Jacobian product of A → Z on the detections' receptive-field windows: one ONNX Runtime
 * call per level with detections, whose cost grows with the number of detections, not with the
 * image size. The gradient methods ({@link CamMethod}) then weigh A by it; EigenCAM needs no
 * gradient. Each map comes with its {@link ExplanationQuality} against the detection's box.
 *
 * <p>Thread-safe: the sessions allow concurrent runs and nothing else is mutable. Close it to free
 * the native sessions.
 */
public final class DetectionExplainer implements AutoCloseable {
  private final HeadGeometry geometry;
  private final ModelProto instrumented;
  private final List<WindowedHeadBackward> compiled;
  private final List<OrtModel> windows = new ArrayList<>();
  private ChannelWeightedSums classSums;

  /**
   * Input pixels per unit of the output's box coordinates (the input size for normalised boxes).
   */
  private final float boxScale;

  private static final CamMethod GRAD_CAM = new GradCam();

  /** Class maps are computed on a grid of about this many cells across, whatever the level. */
  static final int CLASS_MAP_CELLS = 20;

  /** The letterbox padding's grey (114 of 255), which a blank frame is made of. */
  private static final float BLANK_GREY = 114 / 255f;

  private final EigenCam eigenCam = new EigenCam();
  private final AtomicReferenceArray<float[]> eigenStarts;

  private DetectionExplainer(
      HeadGeometry geometry,
      ModelProto instrumented,
      List<WindowedHeadBackward> compiled,
      float boxScale,
      OrtSession.SessionOptions options) {
    this.geometry = geometry;
    this.boxScale = boxScale;
    this.eigenStarts = new AtomicReferenceArray<>(geometry.levels().size());
    this.instrumented = instrumented;
    this.compiled = compiled;
    // The windows are tiny: one thread each, and no thread handing work around.
    try (OrtSession.SessionOptions single = options == null ? OrtModel.quietOptions(1) : null) {
      for (WindowedHeadBackward level : compiled) {
        windows.add(new OrtModel(level.window().model(), options == null ? single : options));
      }
      classSums = new ChannelWeightedSums(options == null ? single : options);
    } catch (RuntimeException e) {
      close();
      throw e;
    } catch (OrtException e) {
      close();
      throw new OnnxGraphException(
          "cannot set the backward sessions' options: " + e.getMessage(), e);
    }
  }

  /**
   * Compiles the explainer for {@code detector}, whose output {@code output} has a YOLO layout,
   * with the target layers found automatically ({@link DetectionHeads}).
   *
   * @param options ONNX Runtime options for the backward sessions (execution providers); null for
   *     CPU defaults
   * @throws UnsupportedModelException when the head is not one this explainer handles, saying what
   *     to use instead
   */
  public static DetectionExplainer compile(
      ModelProto detector, String output, OrtSession.SessionOptions options) {
    return compile(detector, output, DetectionHeads.find(detector), options);
  }

  /**
   * As {@link #compile(ModelProto, String, OrtSession.SessionOptions)} with the target layers
   * named. The box units are the importer's tag, or else told from the numbers the way the detector
   * tells them: the output of a blank letterbox-grey image.
   */
  public static DetectionExplainer compile(
      ModelProto detector,
      String output,
      List<HeadLevel> levels,
      OrtSession.SessionOptions options) {
    BoxUnits units = BoxUnits.declared(detector);
    if (units == BoxUnits.AUTO) {
      units = units.resolve(maxBoxCoordinateOfABlankImage(detector, output));
    }
    return compile(detector, output, levels, units == BoxUnits.NORMALISED, options);
  }

  private static float maxBoxCoordinateOfABlankImage(ModelProto detector, String output) {
    try (OrtModel model = new OrtModel(detector)) {
      FloatTensor image = ShapeProbe.zeroInputs(detector, 1).values().iterator().next();
      java.util.Arrays.fill(image.data(), BLANK_GREY);
      FloatTensor out =
          model.run(Map.of(model.inputNames().get(0), image), List.of(output)).get(output);
      long[] shape = out.shape();
      return YoloLayout.fromOutputShape(shape, 0)
          .maxBoxCoordinate(out.data(), 0, (int) shape[1], (int) shape[2]);
    }
  }

  /**
   * As {@link #compile(ModelProto, String, List, OrtSession.SessionOptions)}, with the box units
   * the detector resolved: {@code normalisedBoxes} when the output rows' boxes are fractions of the
   * input. A detector tells them from its output numbers as well as the metadata, so it is the one
   * to ask: from the metadata alone, a normalised export without gradstream's metadata would be
   * read in pixels, and every map's quality measured against a wrong box.
   */
  public static DetectionExplainer compile(
      ModelProto detector,
      String output,
      List<HeadLevel> levels,
      boolean normalisedBoxes,
      OrtSession.SessionOptions options) {
    HeadGeometry geometry = HeadGeometry.of(detector, levels, output);
    List<WindowedHeadBackward> compiled = new ArrayList<>();
    for (int l = 0; l < levels.size(); l++) {
      compiled.add(
          WindowedHeadBackward.compile(
              detector, levels, l, output, geometry.layout(), geometry.rows(), geometry.classes()));
    }
    SeedCheck.verify(detector, output, geometry, compiled);
    ModelProto instrumented = GraphEdits.withOutputs(detector, instrumentedOutputs(geometry));
    float boxScale = normalisedBoxes ? geometry.inputSize() : 1f;
    return new DetectionExplainer(geometry, instrumented, List.copyOf(compiled), boxScale, options);
  }

  /**
   * The detector with every level's target activation added as an output: run it instead of the
   * detector.
   */
  public ModelProto instrumented() {
    return instrumented;
  }

  /** The target activations, finest level first: the tensors the maps are computed on. */
  public List<String> activationNames() {
    return activationNames(geometry);
  }

  /**
   * The outputs {@link #instrumented()} adds, to be handed to {@link #frame} in this order: the
   * target activations, finest level first, then, for a YOLOv5 head whose output has the v8 layout
   * (no objectness column), each level's head output, which holds it.
   */
  public List<String> instrumentedOutputs() {
    return instrumentedOutputs(geometry);
  }

  private static List<String> instrumentedOutputs(HeadGeometry geometry) {
    List<String> names = new ArrayList<>(activationNames(geometry));
    if (geometry.objectnessInHeadOutputs()) {
      geometry.levels().forEach(l -> names.add(l.names().output()));
    }
    return names;
  }

  /**
   * What the explainer needs of item {@code item} of a batched forward pass of {@link
   * #instrumented()}: the target activations and the rows in the explainer's own shape ({@link
   * ExplainRows}), whatever the output's layout.
   *
   * @param instrumentedOutputs the values of {@link #instrumentedOutputs()}, in that order
   * @param output the detector's output, batched
   */
  public FrameTensors frame(List<FloatTensor> instrumentedOutputs, FloatTensor output, int item) {
    int levels = geometry.levels().size();
    FrameTensors sliced = FrameTensors.slice(instrumentedOutputs, output, item);
    List<FloatTensor> activations = sliced.activations().subList(0, levels);
    return new FrameTensors(
        activations,
        ExplainRows.of(
            geometry,
            sliced.output(),
            sliced.activations().subList(levels, sliced.activations().size())));
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
    forEachLevel(
        frame,
        targets,
        (l, members, gradients, activationWindows) -> {
          for (int j = 0; j < members.length; j++) {
            out[members[j]] = gradients.get(j);
          }
        });
    return Arrays.asList(out);
  }

  /** What to do with one level's detections once their gradients are in. */
  @FunctionalInterface
  private interface LevelWork {
    /**
     * @param members indices into the frame's targets of the level's detections
     * @param gradients their gradients, in the order of {@code members}
     * @param activationWindows A's window around each of them, {@code [n, C, k, k]}, same order
     */
    void accept(
        int level, int[] members, List<DetectionGradient> gradients, FloatTensor activationWindows);
  }

  /**
   * Runs each level with detections through its batched windowed backward and then {@code work},
   * the levels side by side: after the forward pass the cores are free, and each level's ONNX
   * Runtime call is dozens of small nodes that one thread runs one after the other.
   */
  private void forEachLevel(FrameTensors frame, List<ExplainTarget> targets, LevelWork work) {
    RowLocation[] locations = targets.stream().map(this::locate).toArray(RowLocation[]::new);
    IntStream.range(0, geometry.levels().size())
        .parallel()
        .forEach(
            l -> {
              int[] members =
                  IntStream.range(0, targets.size())
                      .filter(i -> locations[i].level() == l)
                      .toArray();
              if (members.length == 0) {
                return;
              }
              LevelWindows level = levelGradients(l, frame, targets, locations, members);
              FloatTensor[] grads = level.gradients();
              List<DetectionGradient> gradients = new ArrayList<>(members.length);
              for (int j = 0; j < members.length; j++) {
                RowLocation at = locations[members[j]];
                gradients.add(
                    new DetectionGradient(
                        targets.get(members[j]),
                        at,
                        new WindowGradient(at.cy(), at.cx(), grads[j])));
              }
              work.accept(l, members, gradients, level.activations());
            });
  }

  /** Each target's map by {@code method} and its quality, in the order of {@code targets}. */
  public List<DetectionExplanation> explain(
      FrameTensors frame, List<ExplainTarget> targets, ExplainMethod method) {
    return switch (method) {
      case ExplainMethod.Gradient g -> gradientMaps(frame, targets, g.cam());
      case ExplainMethod.EigenCamMap e -> {
        List<DetectionExplanation> maps = eigenCam(frame, targets);
        yield withFeatures(
            frame,
            maps,
            maps.stream()
                .map(m -> new ClassMap(m.raw(), m.map().width(), m.map().height(), m.stride()))
                .toList(),
            java.util.Collections.nCopies(targets.size(), GradientEvidence.NONE));
      }
    };
  }

  private List<DetectionExplanation> gradientMaps(
      FrameTensors frame, List<ExplainTarget> targets, CamMethod cam) {
    DetectionExplanation[] out = new DetectionExplanation[targets.size()];
    ClassMap[] classMaps = new ClassMap[targets.size()];
    GradientEvidence[] evidence = new GradientEvidence[targets.size()];
    // Per level, its backward and then all its detections' maps in one pass over A.
    forEachLevel(
        frame,
        targets,
        (l, members, gradients, activationWindows) -> {
          FloatTensor a = frame.activations().get(l);
          List<WindowGradient> windows =
              gradients.stream().map(DetectionGradient::gradient).toList();
          List<float[]> raws = cam.rawAll(a, windows);
          List<ClassMap> classRaws = classMaps(a, windows, geometry.levels().get(l));
          for (int j = 0; j < members.length; j++) {
            DetectionGradient g = gradients.get(j);
            out[members[j]] = explanation(frame, g.target(), g.location(), cam.name(), raws.get(j));
            classMaps[members[j]] = classRaws.get(j);
            int per = g.gradient().window().data().length;
            evidence[members[j]] =
                GradientEvidence.of(activationWindows.data(), j * per, g.gradient());
          }
        });
    return withFeatures(frame, List.of(out), Arrays.asList(classMaps), Arrays.asList(evidence));
  }

  /**
   * The class-wide Grad-CAM maps the reliability features read, whichever map is shown: where the
   * evidence for the class lies in the whole frame. One matrix product per level ({@link
   * ChannelWeightedSums}) on every step-th row and column of A, so that each map is about {@value
   * #CLASS_MAP_CELLS} cells across (at 640 pixels: every fourth of the finest level's 80, every
   * second of the next's 40): enough to tell which boxes the energy lies in, at a sixteenth of the
   * finest level's work.
   */
  private List<ClassMap> classMaps(
      FloatTensor a, List<WindowGradient> windows, LevelGeometry level) {
    int step = Math.max(1, Math.round((float) level.width() / CLASS_MAP_CELLS));
    float[][] alphas =
        windows.stream().map(w -> GRAD_CAM.channelWeights(a, w)).toArray(float[][]::new);
    int w = (level.width() + step - 1) / step;
    int h = (level.height() + step - 1) / step;
    return classSums.of(GradCam.sampled(a, step), alphas).stream()
        .map(raw -> new ClassMap(raw, w, h, level.stride() * step))
        .toList();
  }

  /**
   * The explanations with their reliability features, which read the whole frame's boxes and
   * output.
   */
  private List<DetectionExplanation> withFeatures(
      FrameTensors frame,
      List<DetectionExplanation> explained,
      List<ClassMap> classMaps,
      List<GradientEvidence> evidence) {
    List<DetectionFeatures> features =
        FeatureExtractor.extract(
            frame.output(),
            geometry.columns(),
            geometry.inputSize(),
            boxScale,
            geometry.levels().size(),
            explained,
            classMaps,
            evidence);
    List<DetectionExplanation> out = new ArrayList<>(explained.size());
    for (int i = 0; i < explained.size(); i++) {
      out.add(explained.get(i).withFeatures(features.get(i)));
    }
    return out;
  }

  /**
   * EigenCAM: one gradient-free map per level with detections, shared by that level's detections.
   * Each level's power iteration starts from the direction the previous frame ended on (any
   * camera's: a start only needs to be close, not exact), which roughly halves its steps.
   */
  private List<DetectionExplanation> eigenCam(FrameTensors frame, List<ExplainTarget> targets) {
    RowLocation[] at = targets.stream().map(this::locate).toArray(RowLocation[]::new);
    float[][] maps = new float[geometry.levels().size()][];
    // Levels are independent: after the forward pass the cores are free, so they run side by side.
    Arrays.stream(at)
        .mapToInt(RowLocation::level)
        .distinct()
        .parallel()
        .forEach(
            l -> {
              EigenCam.Projection p =
                  eigenCam.project(frame.activations().get(l), eigenStarts.get(l));
              eigenStarts.set(l, p.direction());
              float[] v = p.values();
              for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(0f, v[i]);
              }
              maps[l] = v;
            });
    List<DetectionExplanation> out = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      out.add(
          explanation(frame, targets.get(i), at[i], EigenCam.NAME, maps[at[i].level()].clone()));
    }
    return out;
  }

  private DetectionExplanation explanation(
      FrameTensors frame, ExplainTarget t, RowLocation at, String method, float[] raw) {
    LevelGeometry level = geometry.levels().get(at.level());
    int w = level.width();
    int h = level.height();
    return new DetectionExplanation(
        t,
        at,
        level.layer(),
        level.stride(),
        method,
        raw,
        CamMap.normalise(raw, w, h),
        ExplanationQuality.measure(raw, w, h, cellBox(frame, t, level)),
        null);
  }

  /** The detection's box (from its output row) in cells of its level. */
  private CellBox cellBox(FrameTensors frame, ExplainTarget t, LevelGeometry level) {
    int o = t.row() * geometry.columns();
    float[] rows = frame.output();
    float toCells = boxScale / level.stride();
    float cx = rows[o] * toCells;
    float cy = rows[o + 1] * toCells;
    float hw = rows[o + 2] * toCells / 2;
    float hh = rows[o + 3] * toCells / 2;
    return new CellBox(
        Math.max(0, cx - hw),
        Math.max(0, cy - hh),
        Math.min(level.width(), cx + hw),
        Math.min(level.height(), cy + hh));
  }

  private RowLocation locate(ExplainTarget t) {
    if (t.classId() < 0 || t.classId() >= geometry.classes()) {
      throw new IllegalArgumentException("class " + t.classId() + " of " + geometry.classes());
    }
    return geometry.locate(t.row());
  }

  /**
   * A level's batched windows: A's {@code [n, C, k, k]} crops as the windowed backward was fed
   * them, and each detection's gradient on its crop.
   */
  private record LevelWindows(FloatTensor activations, FloatTensor[] gradients) {}

  /** One batched windowed VJP for the {@code members} of level {@code l}. */
  private LevelWindows levelGradients(
      int l,
      FrameTensors frame,
      List<ExplainTarget> targets,
      RowLocation[] locations,
      int[] members) {
    LevelGeometry level = geometry.levels().get(l);
    int r = compiled.get(l).radius();
    int k = 2 * r + 1;
    int kk = k * k;
    int n = members.length;
    FloatTensor a = frame.activations().get(l);
    FloatTensor aWindows = FloatTensor.zeros(n, level.channels(), k, k);
    FloatTensor masks = FloatTensor.zeros(n, 1, k, k);
    FloatTensor cotangents = FloatTensor.zeros(n, level.zChannels(), 1, 1);
    int cols = geometry.columns();
    for (int j = 0; j < n; j++) {
      ExplainTarget t = targets.get(members[j]);
      RowLocation at = locations[members[j]];
      Windows.cropInto(aWindows, j, a, at.cy(), at.cx());
      Windows.maskInto(masks, j, at.cy(), at.cx(), level.height(), level.width());
      float obj = frame.output()[t.row() * cols + 4];
      float cls = frame.output()[t.row() * cols + 5 + t.classId()];
      int base = j * level.zChannels();
      int objectness = geometry.objectnessChannel(at.anchor());
      if (objectness >= 0) {
        cotangents.data()[base + objectness] = YoloSeed.objectnessGradient(obj, cls);
      }
      cotangents.data()[base + geometry.classChannel(at.anchor(), t.classId())] =
          YoloSeed.classGradient(obj, cls);
    }
    WindowedHeadBackward c = compiled.get(l);
    String da = c.window().gradientOutput();
    FloatTensor grads =
        windows
            .get(l)
            .run(
                Map.of(
                    level.names().input(),
                    aWindows,
                    ValidWindow.MASK,
                    masks,
                    BackwardCompiler.cotangentOf(level.names().output()),
                    cotangents),
                List.of(da))
            .get(da);
    FloatTensor[] split = new FloatTensor[n];
    int per = level.channels() * kk;
    for (int j = 0; j < n; j++) {
      float[] d = new float[per];
      System.arraycopy(grads.data(), j * per, d, 0, per);
      split[j] = new FloatTensor(new long[] {1, level.channels(), k, k}, d);
    }
    return new LevelWindows(aWindows, split);
  }

  @Override
  public void close() {
    windows.forEach(OrtModel::close);
    windows.clear();
    if (classSums != null) {
      classSums.close();
    }
  }
}
