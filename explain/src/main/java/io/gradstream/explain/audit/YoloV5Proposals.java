package io.gradstream.explain.audit;

import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.yolo.BoxUnits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A YOLOv5 ONNX export as a {@link ProposalModel}: output {@code [N, rows, 5 + classes]}, each row
 * {@code cx, cy, w, h} (in input pixels or fractions of the input, see {@link BoxUnits}; proposals
 * always come out in input pixels), objectness, then class probabilities already through the
 * sigmoid. Rows whose objectness is under a floor are dropped: a 640 frame has 25200 rows, nearly
 * all empty background, and with a product similarity they could only score below the floor anyway,
 * so the default floor of 0.01 keeps D-RISE fast without changing any score above 0.01. Does not
 * own the session: close the {@link OrtModel} yourself.
 */
public final class YoloV5Proposals implements ProposalModel {
  /** The objectness under which a row is dropped by default. */
  public static final float DEFAULT_FLOOR = 0.01f;

  private final OrtModel model;
  private final String input;
  private final String output;
  private final float floor;
  private final BoxUnits units;

  /**
   * The usual export's names ({@code images} in, {@code output0} out) and the default floor.
   *
   * @param units what the export's boxes are in: {@link BoxUnits#declared} reads the importer's
   *     tag; anything but {@link BoxUnits#NORMALISED} is read as pixels
   */
  public YoloV5Proposals(OrtModel model, BoxUnits units) {
    this(model, "images", "output0", DEFAULT_FLOOR, units);
  }

  /**
   * @param model the session
   * @param input the image input's name
   * @param output the proposals output's name
   * @param objectnessFloor rows with objectness under it are dropped (0 keeps all)
   * @param units what the output's boxes are in
   */
  public YoloV5Proposals(
      OrtModel model, String input, String output, float objectnessFloor, BoxUnits units) {
    this.model = model;
    this.input = input;
    this.output = output;
    this.floor = objectnessFloor;
    this.units = units;
  }

  @Override
  public List<List<Proposal>> propose(FloatTensor images) {
    FloatTensor out = model.run(Map.of(input, images), List.of(output)).get(output);
    boolean normalized = units == BoxUnits.NORMALISED;
    return decode(
        out, floor, normalized ? images.shape()[3] : 1, normalized ? images.shape()[2] : 1);
  }

  /**
   * Decodes an {@code [N, rows, 5 + classes]} YOLOv5 output, keeping rows with objectness ≥ {@code
   * floor}; x and width are multiplied by {@code scaleX}, y and height by {@code scaleY} (1 for
   * pixel boxes, the input's width and height for normalised ones).
   */
  public static List<List<Proposal>> decode(
      FloatTensor output, float floor, float scaleX, float scaleY) {
    if (output.rank() != 3 || output.shape()[2] < 6) {
      throw new IllegalArgumentException(
          "expected [N, rows, 5 + classes], got " + Arrays.toString(output.shape()));
    }
    int n = (int) output.shape()[0];
    int rows = (int) output.shape()[1];
    int width = (int) output.shape()[2];
    float[] d = output.data();
    List<List<Proposal>> images = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Proposal> proposals = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        int o = (i * rows + r) * width;
        float objectness = d[o + 4];
        if (objectness >= floor) {
          Box box =
              Box.centred(
                  d[o] * scaleX,
                  d[o + 1] * scaleY,
                  Math.max(0, d[o + 2]) * scaleX,
                  Math.max(0, d[o + 3]) * scaleY);
          proposals.add(new Proposal(box, objectness, Arrays.copyOfRange(d, o + 5, o + width)));
        }
      }
      images.add(proposals);
    }
    return images;
  }
}
