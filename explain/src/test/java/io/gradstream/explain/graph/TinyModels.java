package io.gradstream.explain.graph;

import static io.gradstream.explain.graph.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Random;

/** Small models built in code for fast tests. */
public final class TinyModels {
  private TinyModels() {}

  /**
   * {@code x [N,2,4,4] -> Conv 1x1 (3 out) -> "feat" -> Sigmoid -> Mul 0.5 -> "y"}; a second output
   * {@code "side" = Relu(x)} shares the input but not the path.
   */
  public static ModelProto convSigmoid() {
    GraphBuilder g = new GraphBuilder("tiny");
    g.input("x", -1, 2, 4, 4);
    Random r = new Random(1);
    float[] w = new float[6];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    String weight = g.floats("w", new long[] {3, 2, 1, 1}, w);
    String bias = g.floats("b", new long[] {3}, 0.1f, -0.2f, 0.3f);
    String feat = g.opNamed("Conv", "feat", List.of("x", weight, bias), ints("kernel_shape", 1, 1));
    String s = g.opNamed("Sigmoid", "sig", List.of(feat));
    String y = g.opNamed("Mul", "y", List.of(s, g.scalar("half", 0.5f)));
    String side = g.opNamed("Relu", "side", List.of("x"));
    g.output(y, -1, 3, 4, 4).output(side, -1, 2, 4, 4);
    return g.model();
  }

  /** A tensor of {@code shape} with reproducible values in [-1, 1). */
  public static FloatTensor random(long seed, long... shape) {
    FloatTensor t = FloatTensor.zeros(shape);
    Random r = new Random(seed);
    for (int i = 0; i < t.data().length; i++) {
      t.data()[i] = r.nextFloat() * 2 - 1;
    }
    return t;
  }
}
