package io.gradstream.app.explain;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.audit.Box;
import io.gradstream.explain.audit.DRise;
import io.gradstream.explain.audit.SaliencyMap;
import io.gradstream.explain.audit.Target;
import io.gradstream.explain.audit.YoloV5Proposals;
import io.gradstream.explain.cam.CamMap;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.quality.CellBox;
import io.gradstream.explain.quality.ExplanationQuality;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * D-RISE as {@code gradstream explain --method drise} runs it: the detector's detections of one
 * image, each explained by {@link DRise} on the letterboxed input (one forward pass per mask, all
 * detections sharing them). The slow, model-agnostic audit to hold the live maps against.
 */
public final class DRiseAudit implements AutoCloseable {
  /** The layer name D-RISE maps report: they are at the model input's resolution. */
  public static final String LAYER = "input";

  private final OnnxYoloDetector detector;
  private final OrtModel model;
  private final DRise drise;
  private final Letterbox letterbox;
  private final int classes;

  /**
   * @param detector a detector opened without explanations; its model file is run again for the
   *     masks
   */
  public DRiseAudit(OnnxYoloDetector detector, int masks) throws IOException {
    ModelProto proto = OnnxModels.read(detector.modelFile());
    this.detector = detector;
    this.model = new OrtModel(proto);
    this.drise =
        new DRise(
            new YoloV5Proposals(model, BoxUnits.declared(proto)),
            DRise.Options.defaults().withMasks(masks).withCentred(true));
    this.letterbox = new Letterbox(detector.inputSize());
    this.classes = detector.labels().size();
  }

  /** The image's detections with their D-RISE maps; {@code progress} hears masks done. */
  public List<Detection> explain(BgrImage image, IntConsumer progress) {
    List<Detection> detections = detector.detect(List.of(image)).get(0);
    if (detections.isEmpty()) {
      return detections;
    }
    int size = letterbox.size();
    FloatBuffer buffer = FloatBuffer.allocate(letterbox.floatsPerImage());
    LetterboxTransform placement = letterbox.apply(image, buffer, 0);
    List<Target> targets = new ArrayList<>();
    for (Detection d : detections) {
      BoundingBox b = placement.toInput(d.box());
      targets.add(Target.oneHot(new Box(b.x1(), b.y1(), b.x2(), b.y2()), d.classId(), classes));
    }
    List<SaliencyMap> maps =
        drise.explain(
            new FloatTensor(new long[] {1, 3, size, size}, buffer.array()), targets, progress);
    List<Detection> explained = new ArrayList<>(detections.size());
    for (int i = 0; i < detections.size(); i++) {
      Detection d = detections.get(i);
      float[] raw = maps.get(i).values().clone();
      for (int p = 0; p < raw.length; p++) {
        raw[p] =
            Math.max(
                0f, raw[p]); // centred D-RISE is negative where masks hid nothing that mattered
      }
      Box box = targets.get(i).box();
      CellBox cells =
          new CellBox(
              Math.max(0, box.x1()),
              Math.max(0, box.y1()),
              Math.min(size, box.x2()),
              Math.min(size, box.y2()));
      explained.add(
          d.withExplanation(
              new DetectionExplanation(
                  new ExplainTarget(d.row(), d.classId()),
                  null,
                  LAYER,
                  1,
                  "drise",
                  raw,
                  CamMap.normalise(raw, size, size),
                  ExplanationQuality.measure(raw, size, size, cells),
                  null)));
    }
    return explained;
  }

  @Override
  public void close() {
    model.close();
  }
}
