package io.gradstream.app.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.audit.Box;
import io.gradstream.explain.audit.DRise;
import io.gradstream.explain.audit.SaliencyMap;
import io.gradstream.explain.audit.Target;
import io.gradstream.explain.audit.YoloV5Proposals;
import io.gradstream.explain.backward.WindowedTargets;
import io.gradstream.explain.cam.GradCam;
import io.gradstream.explain.cam.HiResCam;
import io.gradstream.explain.engine.DetectionExplainer;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.engine.FrameTensors;
import io.gradstream.explain.engine.HeadGeometry;
import io.gradstream.explain.engine.LayerGradient;
import io.gradstream.explain.faithfulness.Baselines;
import io.gradstream.explain.faithfulness.PerturbationCurves;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.quality.CellBox;
import io.gradstream.explain.quality.ExplanationQuality;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Nms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How faithful each method's maps are to the detector itself, in the model's input space: for every
 * detection of every image (after the detector's own threshold and NMS), each method's map is
 * scored by deletion AUC (hide the most salient pixels first; lower is better), insertion AUC
 * (reveal them first on a grey image; higher is better), both with the D-RISE similarity of the
 * detection to what the detector then finds, and by the energy-based pointing game (share of the
 * map inside the box). Beside the gradient methods and EigenCAM: D-RISE as the slow black-box
 * reference, a uniform random map and a Gaussian on the box centre as baselines. Optionally
 * Grad-CAM and HiResCAM at a deeper layer too, from a full-size backward per detection ({@link
 * LayerGradient}): slow, so offline only.
 */
public final class FaithfulnessStudy {
  /** Method names in report order. */
  public static final List<String> GRADIENT_METHODS =
      List.of("gradcam", "hirescam", "gradcam++", "eigencam");

  public static final String DRISE = "drise";
  public static final String RANDOM = "random";
  public static final String BOX_GAUSSIAN = "box-gaussian";

  /** Grad-CAM at {@link Settings#layer()}. */
  public static final String GRADCAM_AT_LAYER = "gradcam@layer";

  /** HiResCAM at {@link Settings#layer()}. */
  public static final String HIRESCAM_AT_LAYER = "hirescam@layer";

  private final ModelProto model;
  private final String output;
  private final Settings settings;

  /**
   * @param steps deletion/insertion chunks
   * @param driseMasks D-RISE masks per image (0 skips D-RISE)
   * @param perImage the strongest detections per image that are scored
   * @param threshold the detector's confidence threshold
   * @param methods the methods scored (of {@link #METHODS})
   * @param layer a deeper layer whose Grad-CAM and HiResCAM maps are scored too (rows {@value
   *     #GRADCAM_AT_LAYER} and {@value #HIRESCAM_AT_LAYER}); null for none
   */
  /**
   * @param targetLayers the worker methods' target layers, one per head level (empty: the head
   *     inputs), as {@code inference.explain.target-layers}
   */
  public record Settings(
      int steps,
      int driseMasks,
      int perImage,
      float threshold,
      List<String> methods,
      String layer,
      List<String> targetLayers) {}

  /** Every method the study knows, in report order. */
  public static final List<String> METHODS =
      List.of("gradcam", "hirescam", "gradcam++", "eigencam", "drise", "random", "box-gaussian");

  /**
   * One detection's scores by one method.
   *
   * @param image the image's name
   * @param label class id
   * @param score the detection's confidence
   * @param method the method
   * @param deletion deletion AUC
   * @param insertion insertion AUC
   * @param energyInBox pointing game
   */
  public record Row(
      String image,
      int label,
      float score,
      String method,
      double deletion,
      double insertion,
      double energyInBox) {}

  public FaithfulnessStudy(ModelProto model, String output, Settings settings) {
    this.model = model;
    this.output = output;
    this.settings = settings;
  }

  /** Scores every method on every detection of {@code images} (name → {@code [1, 3, S, S]}). */
  public List<Row> run(Map<String, FloatTensor> images, Consumer<String> progress) {
    List<Row> rows = new ArrayList<>();
    List<HeadLevel> levels = WindowedTargets.resolve(model, settings.targetLayers());
    try (DetectionExplainer explainer = DetectionExplainer.compile(model, output, levels, null);
        OrtModel instrumented = new OrtModel(explainer.instrumented());
        OrtModel plain = new OrtModel(model);
        LayerGradient deeper =
            settings.layer() == null
                ? null
                : LayerGradient.compile(model, output, settings.layer(), explainer.geometry())) {
      YoloV5Proposals proposals = new YoloV5Proposals(plain, BoxUnits.declared(model));
      PerturbationCurves curves =
          new PerturbationCurves(
              proposals,
              new PerturbationCurves.Options(
                  settings.steps(), 8, PerturbationCurves.Options.defaults().fill()));
      DRise drise =
          new DRise(
              proposals,
              DRise.Options.defaults()
                  .withMasks(Math.max(1, settings.driseMasks()))
                  .withCentred(true));
      HeadGeometry g = explainer.geometry();
      float boxScale = BoxUnits.declared(model) == BoxUnits.NORMALISED ? g.inputSize() : 1f;
      for (var entry : images.entrySet()) {
        FloatTensor image = entry.getValue();
        Map<String, FloatTensor> out =
            instrumented.run(Map.of(instrumented.inputNames().get(0), image), List.of());
        FrameTensors frame =
            explainer.frame(
                explainer.instrumentedOutputs().stream().map(out::get).toList(),
                out.get(output),
                0);
        List<Detection> detections = detections(frame.output(), g, boxScale);
        if (detections.isEmpty()) {
          continue;
        }
        List<ExplainTarget> targets =
            detections.stream().map(d -> new ExplainTarget(d.row(), d.classId())).toList();
        List<Target> audited =
            detections.stream().map(d -> Target.oneHot(box(d), d.classId(), g.classes())).toList();
        Map<String, List<SaliencyMap>> maps = new LinkedHashMap<>();
        for (String method :
            GRADIENT_METHODS.stream().filter(settings.methods()::contains).toList()) {
          maps.put(
              method,
              explainer.explain(frame, targets, ExplainMethod.parse(method)).stream()
                  .map(FaithfulnessStudy::saliency)
                  .toList());
        }
        if (deeper != null) {
          List<LayerGradient.Result> grads =
              targets.stream().map(t -> deeper.of(image, t)).toList();
          maps.put(
              GRADCAM_AT_LAYER,
              grads.stream()
                  .map(r -> layerMap(r, GradCam.ofFullGradient(r.activation(), r.gradient())))
                  .toList());
          maps.put(
              HIRESCAM_AT_LAYER,
              grads.stream()
                  .map(r -> layerMap(r, HiResCam.ofFullGradient(r.activation(), r.gradient())))
                  .toList());
        }
        if (settings.driseMasks() > 0 && settings.methods().contains(DRISE)) {
          progress.accept(entry.getKey() + ": D-RISE, " + settings.driseMasks() + " masks");
          maps.put(DRISE, drise.explain(image, audited));
        }
        int size = g.inputSize();
        if (settings.methods().contains(RANDOM)) {
          maps.put(RANDOM, audited.stream().map(t -> Baselines.random(size, size, 7L)).toList());
        }
        if (settings.methods().contains(BOX_GAUSSIAN)) {
          maps.put(
              BOX_GAUSSIAN,
              audited.stream().map(t -> Baselines.boxGaussian(t.box(), size, size)).toList());
        }
        for (int i = 0; i < detections.size(); i++) {
          Detection d = detections.get(i);
          for (var m : maps.entrySet()) {
            SaliencyMap map = m.getValue().get(i);
            rows.add(
                new Row(
                    entry.getKey(),
                    d.classId(),
                    d.score(),
                    m.getKey(),
                    curves.deletion(image, audited.get(i), map).auc(),
                    curves.insertion(image, audited.get(i), map).auc(),
                    pointingGame(map, audited.get(i).box(), size)));
          }
          progress.accept(
              entry.getKey() + ": detection " + (i + 1) + "/" + detections.size() + " scored");
        }
      }
    }
    return rows;
  }

  /** A Markdown table: one line per method, means and how many detections. */
  public static String table(List<Row> rows) {
    StringBuilder s =
        new StringBuilder(
            "| method | deletion AUC ↓ | insertion AUC ↑ | pointing game ↑ | detections |\n|---|---|---|---|---|\n");
    rows.stream()
        .map(Row::method)
        .distinct()
        .forEach(
            m -> {
              var of = rows.stream().filter(r -> r.method().equals(m)).toList();
              s.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %.3f | %.3f | %.3f | %d |%n",
                      m,
                      of.stream().mapToDouble(Row::deletion).average().orElse(Double.NaN),
                      of.stream().mapToDouble(Row::insertion).average().orElse(Double.NaN),
                      of.stream().mapToDouble(Row::energyInBox).average().orElse(Double.NaN),
                      of.size()));
            });
    return s.toString();
  }

  /**
   * The detector's own post-processing on the output rows: threshold, class-aware NMS, the
   * strongest few.
   */
  private List<Detection> detections(float[] rows, HeadGeometry g, float boxScale) {
    int cols = g.columns();
    List<Detection> candidates = new ArrayList<>();
    for (int r = 0; r < g.rows(); r++) {
      float obj = rows[r * cols + 4];
      if (obj < settings.threshold()) {
        continue;
      }
      int best = 0;
      for (int c = 1; c < g.classes(); c++) {
        if (rows[r * cols + 5 + c] > rows[r * cols + 5 + best]) {
          best = c;
        }
      }
      float score = obj * rows[r * cols + 5 + best];
      if (score >= settings.threshold()) {
        float cx = rows[r * cols] * boxScale;
        float cy = rows[r * cols + 1] * boxScale;
        float hw = rows[r * cols + 2] * boxScale / 2;
        float hh = rows[r * cols + 3] * boxScale / 2;
        candidates.add(
            new Detection(
                best,
                String.valueOf(best),
                score,
                new BoundingBox(cx - hw, cy - hh, cx + hw, cy + hh),
                r));
      }
    }
    return Nms.apply(candidates, 0.45f, settings.perImage());
  }

  private static Box box(Detection d) {
    return new Box(d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2());
  }

  private static SaliencyMap layerMap(LayerGradient.Result r, float[] values) {
    return new SaliencyMap(
        (int) r.activation().shape()[3], (int) r.activation().shape()[2], values);
  }

  private static SaliencyMap saliency(DetectionExplanation e) {
    return new SaliencyMap(e.map().width(), e.map().height(), e.raw());
  }

  /**
   * Energy-based pointing game on the map's own grid; negative saliency (centred D-RISE) counts as
   * none.
   */
  private static double pointingGame(SaliencyMap map, Box box, int inputSize) {
    float[] v = map.values().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(0f, v[i]);
    }
    float sx = (float) map.width() / inputSize;
    float sy = (float) map.height() / inputSize;
    CellBox cells =
        new CellBox(
            Math.max(0, box.x1() * sx),
            Math.max(0, box.y1() * sy),
            Math.min(map.width(), box.x2() * sx),
            Math.min(map.height(), box.y2() * sy));
    return ExplanationQuality.measure(v, map.width(), map.height(), cells).energyInBox();
  }
}
