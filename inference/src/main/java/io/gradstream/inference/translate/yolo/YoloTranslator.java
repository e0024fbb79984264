package io.gradstream.inference.translate.yolo;

import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Nms;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import io.gradstream.inference.translate.OutputTensor;
import io.gradstream.inference.translate.Translator;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre- and post-processing of a YOLO detector: letterbox in; out, per image, confidence threshold,
 * boxes back to source pixels, class-aware NMS. Each output layout is one subclass, which only
 * knows where its numbers sit in the tensor; {@link YoloLayout} picks the subclass from the output
 * shape. Stateless and thread-safe.
 */
public abstract sealed class YoloTranslator
    implements Translator<BgrImage, LetterboxTransform, List<Detection>>
    permits YoloV5Translator, YoloV8Translator {

  /**
   * Receives one box that passed the confidence threshold (its output row, coordinates in the
   * model's own units).
   */
  @FunctionalInterface
  protected interface CandidateSink {
    void accept(int row, int classId, float score, float cx, float cy, float w, float h);
  }

  private final Letterbox letterbox;
  private final List<String> labels;
  private final YoloOptions options;

  protected YoloTranslator(Letterbox letterbox, List<String> labels, YoloOptions options) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a YOLO translator needs at least one class name");
    }
    this.letterbox = letterbox;
    this.labels = List.copyOf(labels);
    this.options = options;
  }

  /** A translator for {@code layout}. */
  public static YoloTranslator of(
      YoloLayout layout, Letterbox letterbox, List<String> labels, YoloOptions options) {
    return switch (layout) {
      case V5 -> new YoloV5Translator(letterbox, labels, options);
      case V8 -> new YoloV8Translator(letterbox, labels, options);
    };
  }

  /** The output layout this translator reads. */
  public abstract YoloLayout layout();

  /** Largest cx, cy, w or h over all boxes of one image, to infer {@link BoxUnits}. */
  public abstract float maxBoxCoordinate(OutputTensor output, int slot);

  /**
   * Calls {@code sink} for every box of image {@code slot} whose score is at least {@code
   * threshold}.
   */
  protected abstract void decode(
      OutputTensor output, int slot, float threshold, CandidateSink sink);

  /** Throws when {@code output} does not have this layout for {@link #classCount()} classes. */
  protected abstract void checkShape(OutputTensor output);

  /** Class names, indexed by class id. */
  public List<String> labels() {
    return labels;
  }

  public int classCount() {
    return labels.size();
  }

  public YoloOptions options() {
    return options;
  }

  /** Side of the square model input. */
  public int inputSize() {
    return letterbox.size();
  }

  @Override
  public long[] inputShape() {
    return new long[] {3, letterbox.size(), letterbox.size()};
  }

  @Override
  public LetterboxTransform processInput(BgrImage image, FloatBuffer batch, int slot) {
    return letterbox.apply(image, batch, slot);
  }

  @Override
  public List<Detection> processOutput(
      OutputTensor output, int slot, LetterboxTransform placement) {
    checkShape(output);
    BoxUnits units = options.boxUnits();
    if (units == BoxUnits.AUTO) {
      units = units.resolve(maxBoxCoordinate(output, slot));
    }
    float toPixels = units.toPixels(letterbox.size());
    List<Detection> candidates = new ArrayList<>();
    decode(
        output,
        slot,
        options.confidenceThreshold(),
        (row, classId, score, cx, cy, w, h) -> {
          float px = cx * toPixels;
          float py = cy * toPixels;
          float hw = w * toPixels / 2;
          float hh = h * toPixels / 2;
          BoundingBox box = placement.toSource(px - hw, py - hh, px + hw, py + hh);
          // A box wholly inside the grey padding clips to nothing: not an object in the frame.
          if (box.width() > 0 && box.height() > 0) {
            candidates.add(new Detection(classId, labels.get(classId), score, box, row));
          }
        });
    return Nms.apply(candidates, options.iouThreshold(), options.maxDetections());
  }
}
