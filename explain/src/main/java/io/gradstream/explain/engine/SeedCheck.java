package io.gradstream.explain.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.backward.BackwardGraph;
import io.gradstream.explain.backward.WindowedHeadBackward;
import io.gradstream.explain.backward.YoloScore;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.OrtModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Checks, once when the explainer is built, that {@link YoloSeed}'s closed form and {@link
 * HeadGeometry#locate}'s row mapping agree with the compiled decode backward of this very model:
 * for the strongest row of each level on a fixed noise image, ∂score/∂Z must be non-zero at exactly
 * the predicted elements (objectness and class logit, or the class logit alone for a YOLOv8/11
 * head), with the predicted values. A model whose decode differs (no sigmoid, another channel
 * order) is refused here instead of explained wrongly.
 */
final class SeedCheck {
  /**
   * float32 sigmoid products: the two sides agree to a few ulps; anything above this is a different
   * formula.
   */
  private static final double TOLERANCE = 1e-4;

  private SeedCheck() {}

  static void verify(
      ModelProto model, String output, HeadGeometry geometry, List<WindowedHeadBackward> compiled) {
    List<String> zNames = geometry.levels().stream().map(l -> l.names().output()).toList();
    List<String> wanted = new ArrayList<>(zNames);
    wanted.add(output);
    Map<String, FloatTensor> forward;
    String image;
    FloatTensor noise = noise(geometry.inputSize());
    try (OrtModel ort = new OrtModel(GraphEdits.withOutputs(model, wanted))) {
      image = ort.inputNames().get(0);
      forward = ort.run(Map.of(image, noise), wanted);
    }
    float[] rows =
        ExplainRows.of(
            geometry,
            forward.get(output).data(),
            geometry.objectnessInHeadOutputs()
                ? zNames.stream().map(forward::get).toList()
                : List.of());
    int cols = geometry.columns();
    for (int l = 0; l < geometry.levels().size(); l++) {
      LevelGeometry level = geometry.levels().get(l);
      ExplainTarget strongest = StrongestTargets.ofLevel(rows, geometry, l);
      int bestRow = strongest.row();
      int bestClass = strongest.classId();
      Map<String, FloatTensor> feed =
          YoloScore.seeds(geometry.rows(), geometry.classes(), bestRow, bestClass);
      BackwardGraph decodeGraph = compiled.get(l).decode();
      // The decode's inputs: every level's Z, or, where it keeps the whole model, the image.
      for (var in : decodeGraph.model().getGraph().getInputList()) {
        String name = in.getName();
        if (!feed.containsKey(name)) {
          feed.put(name, name.equals(image) ? noise : forward.get(name));
        }
      }
      String dz = decodeGraph.gradientOutput();
      FloatTensor grad;
      try (OrtModel decode = new OrtModel(decodeGraph.model())) {
        grad = decode.run(feed, List.of(dz)).get(dz);
      }
      RowLocation at = geometry.locate(bestRow);
      float obj = rows[bestRow * cols + 4];
      float cls = rows[bestRow * cols + 5 + bestClass];
      int plane = level.height() * level.width();
      int cell = at.cy() * level.width() + at.cx();
      int objChannel = geometry.objectnessChannel(at.anchor());
      int objIndex = objChannel < 0 ? -1 : objChannel * plane + cell;
      int clsIndex = geometry.classChannel(at.anchor(), bestClass) * plane + cell;
      for (int i = 0; i < grad.data().length; i++) {
        float expected =
            i == objIndex
                ? YoloSeed.objectnessGradient(obj, cls)
                : i == clsIndex ? YoloSeed.classGradient(obj, cls) : 0f;
        float actual = grad.data()[i];
        if (Math.abs(actual - expected) > TOLERANCE * Math.max(Math.abs(expected), 1e-12)) {
          throw new UnsupportedModelException(
              "the decode of '"
                  + output
                  + "' is not the "
                  + (geometry.objectness() ? "YOLOv5" : "YOLOv8/11")
                  + " one: for row "
                  + bestRow
                  + " class "
                  + bestClass
                  + " on level "
                  + l
                  + ", the compiled decode backward gives "
                  + actual
                  + " at Z element "
                  + i
                  + " of '"
                  + level.names().output()
                  + "' where the closed form gives "
                  + expected
                  + "; use method eigencam for this model");
        }
      }
    }
  }

  /** A fixed uniform-noise image: strong enough rows on every level, the same on every start. */
  private static FloatTensor noise(int size) {
    Random random = new Random(20261123L);
    float[] data = new float[3 * size * size];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat();
    }
    return new FloatTensor(new long[] {1, 3, size, size}, data);
  }
}
