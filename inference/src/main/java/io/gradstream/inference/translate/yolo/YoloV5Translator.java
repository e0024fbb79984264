package io.gradstream.inference.translate.yolo;

import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.translate.OutputTensor;
import java.util.List;

/**
 * YOLOv5 output {@code [N, boxes, 5 + C]}: per box cx, cy, w, h, objectness, then C class
 * probabilities; a box's score for a class is objectness times that class's probability, and each
 * box reports its best class (as YOLOv5's detect.py does).
 */
public final class YoloV5Translator extends YoloTranslator {

  public YoloV5Translator(Letterbox letterbox, List<String> labels, YoloOptions options) {
    super(letterbox, labels, options);
  }

  @Override
  public YoloLayout layout() {
    return YoloLayout.V5;
  }

  @Override
  protected void checkShape(OutputTensor output) {
    if (output.cols() != 5 + classCount()) {
      throw new IllegalArgumentException(
          "YOLOv5 output [N, boxes, 5+C] with C="
              + classCount()
              + " needs "
              + (5 + classCount())
              + " values per box, got shape ["
              + output.batch()
              + ", "
              + output.rows()
              + ", "
              + output.cols()
              + "]");
    }
  }

  @Override
  public float maxBoxCoordinate(OutputTensor output, int slot) {
    return layout()
        .maxBoxCoordinate(output.data(), output.offset(slot), output.rows(), output.cols());
  }

  @Override
  protected void decode(OutputTensor output, int slot, float threshold, CandidateSink sink) {
    float[] d = output.data();
    int stride = output.cols();
    int classes = classCount();
    int start = output.offset(slot);
    for (int i = start, end = i + output.rows() * stride; i < end; i += stride) {
      float objectness = d[i + 4];
      // score = objectness * class probability <= objectness: most of the 25200 boxes stop here.
      if (objectness < threshold) {
        continue;
      }
      int best = 0;
      float bestProbability = d[i + 5];
      for (int c = 1; c < classes; c++) {
        if (d[i + 5 + c] > bestProbability) {
          bestProbability = d[i + 5 + c];
          best = c;
        }
      }
      float score = objectness * bestProbability;
      if (score >= threshold) {
        sink.accept((i - start) / stride, best, score, d[i], d[i + 1], d[i + 2], d[i + 3]);
      }
    }
  }
}
