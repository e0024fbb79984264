package io.gradstream.inference.translate.yolo;

import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.translate.OutputTensor;
import java.util.List;

/**
 * YOLOv8 / YOLO11 output {@code [N, 4 + C, boxes]}: rows cx, cy, w, h, then one row of class scores
 * per class, one column per box; no objectness, the class score is the score. Each box reports its
 * best class.
 */
public final class YoloV8Translator extends YoloTranslator {

  public YoloV8Translator(Letterbox letterbox, List<String> labels, YoloOptions options) {
    super(letterbox, labels, options);
  }

  @Override
  public YoloLayout layout() {
    return YoloLayout.V8;
  }

  @Override
  protected void checkShape(OutputTensor output) {
    if (output.rows() != 4 + classCount()) {
      throw new IllegalArgumentException(
          "YOLOv8 output [N, 4+C, boxes] with C="
              + classCount()
              + " needs "
              + (4 + classCount())
              + " rows, got shape ["
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
    int boxes = output.cols();
    int base = output.offset(slot);
    // Class-major scan: row by row is sequential in memory; a box's scores are a column, strided.
    float[] bestScore = new float[boxes];
    int[] bestClass = new int[boxes];
    System.arraycopy(d, base + 4 * boxes, bestScore, 0, boxes);
    for (int c = 1; c < classCount(); c++) {
      int row = base + (4 + c) * boxes;
      for (int b = 0; b < boxes; b++) {
        if (d[row + b] > bestScore[b]) {
          bestScore[b] = d[row + b];
          bestClass[b] = c;
        }
      }
    }
    for (int b = 0; b < boxes; b++) {
      if (bestScore[b] >= threshold) {
        sink.accept(
            b,
            bestClass[b],
            bestScore[b],
            d[base + b],
            d[base + boxes + b],
            d[base + 2 * boxes + b],
            d[base + 3 * boxes + b]);
      }
    }
  }
}
