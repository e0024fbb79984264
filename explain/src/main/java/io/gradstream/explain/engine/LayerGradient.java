package io.gradstream.explain.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.backward.BackwardCompiler;
import io.gradstream.explain.backward.BackwardGraph;
import io.gradstream.explain.backward.YoloScore;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.OnnxGraphException;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.graph.ShapeProbe;
import java.util.List;
import java.util.Map;

/**
 * The gradient of one detection's score with respect to any layer of a YOLOv5-layout detector, by
 * one full-size backward from the image. This is the slow path, for layers the windowed backward of
 * {@link DetectionExplainer} cannot reach (deeper than the head's input): offline studies and
 * audits, never per frame. One compiled graph serves every detection; the activation comes out of
 * the same run.
 */
public final class LayerGradient implements AutoCloseable {
  /**
   * @param activation the layer's activation on the image, {@code [1, C, H, W]}
   * @param gradient ∂score/∂activation, same shape
   */
  public record Result(FloatTensor activation, FloatTensor gradient) {}

  private final OrtModel backward;
  private final String image;
  private final String layer;
  private final String gradient;
  private final HeadGeometry geometry;

  private LayerGradient(
      OrtModel backward, String image, String layer, String gradient, HeadGeometry geometry) {
    this.backward = backward;
    this.image = image;
    this.layer = layer;
    this.gradient = gradient;
    this.geometry = geometry;
  }

  /**
   * @param detector the detector ({@code output} is {@code [N, rows, 5 + C]})
   * @param layer the value to differentiate with respect to: any 4-D value between the input and
   *     the output
   * @param geometry the detector's head geometry (rows and classes), from {@link
   *     DetectionExplainer#geometry()}
   * @throws OnnxGraphException when the layer is missing, not on the way to the output, or not 4-D
   * @throws io.gradstream.explain.backward.UnsupportedOpException naming an op on the way it cannot
   *     differentiate
   */
  public static LayerGradient compile(
      ModelProto detector, String output, String layer, HeadGeometry geometry) {
    ModelProto scored =
        YoloScore.append(detector, output, geometry.layout(), geometry.rows(), geometry.classes());
    BackwardGraph full = BackwardCompiler.compile(scored, layer, YoloScore.SCORE);
    // Once here rather than on every run: a map needs [N, C, H, W].
    long[] shape =
        ShapeProbe.shapes(detector, ShapeProbe.zeroInputs(detector, 1), List.of(layer)).get(layer);
    if (shape.length != 4) {
      throw new OnnxGraphException(
          "layer '"
              + layer
              + "' is "
              + shape.length
              + "-D; a map needs a 4-D [N, C, H, W] activation");
    }
    OrtModel backward = new OrtModel(GraphEdits.withOutputs(full.model(), List.of(layer)));
    String image =
        backward.inputNames().stream()
            .filter(n -> !n.equals(YoloScore.SEED_ROWS) && !n.equals(YoloScore.SEED_CLASSES))
            .findFirst()
            .orElseThrow();
    return new LayerGradient(backward, image, layer, full.gradientOutput(), geometry);
  }

  /**
   * The layer's activation on {@code image} ({@code [1, 3, S, S]}, letterboxed) and
   * ∂score/∂activation for {@code target}.
   */
  public Result of(FloatTensor image, ExplainTarget target) {
    Map<String, FloatTensor> feed =
        YoloScore.seeds(geometry.rows(), geometry.classes(), target.row(), target.classId());
    feed.put(this.image, image);
    Map<String, FloatTensor> out = backward.run(feed, List.of(layer, gradient));
    return new Result(out.get(layer), out.get(gradient));
  }

  @Override
  public void close() {
    backward.close();
  }
}
