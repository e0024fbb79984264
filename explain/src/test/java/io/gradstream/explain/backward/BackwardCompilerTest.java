package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;
import static io.gradstream.explain.graph.GraphBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.graph.TinyModels;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every supported op, differentiated by the compiler and checked against central differences. */
class BackwardCompilerTest {

  /**
   * x [N,2,5,5] → asymmetric Pad (as TF exports put before strided convs) → strided padded Conv →
   * Relu·Sigmoid → Transpose → Reshape → Slices → Pow/Div/Sub → Concat → weighted ReduceSum.
   */
  static ModelProto mixedOps() {
    GraphBuilder g = new GraphBuilder("mixed");
    g.input("x", -1, 2, 5, 5);
    Random r = new Random(3);
    String w = g.floats("w", new long[] {4, 2, 3, 3}, gauss(r, 72, 0.3));
    String b = g.floats("b", new long[] {4}, gauss(r, 4, 0.1));
    String padded = g.op("Pad", "pad", List.of("x", g.int64s("pads", 0, 0, 0, 1, 0, 0, 1, 0)));
    String c1 =
        g.opNamed(
            "Conv",
            "c1",
            List.of(padded, w, b),
            ints("kernel_shape", 3, 3),
            ints("strides", 2, 2),
            ints("pads", 1, 1, 1, 1));
    String relu = g.op("Relu", "relu", List.of(c1));
    String sig = g.op("Sigmoid", "sig", List.of(c1));
    String m = g.op("Mul", "m", List.of(relu, sig));
    String t = g.op("Transpose", "t", List.of(m), ints("perm", 0, 2, 3, 1));
    String re = g.op("Reshape", "re", List.of(t, g.int64s("shape", -1, 9, 4)));
    String a =
        g.op("Slice", "a", List.of(re, g.int64s("s", 0), g.int64s("e", 2), g.int64s("ax", 2)));
    String bb =
        g.op("Slice", "bb", List.of(re, g.int64s("s", -2), g.int64s("e", 99), g.int64s("ax", -1)));
    String p = g.op("Pow", "p", List.of(bb, g.scalar("two", 2f)));
    String d = g.op("Div", "d", List.of(a, g.op("Add", "p1", List.of(p, g.scalar("one", 1f)))));
    String sub = g.op("Sub", "sub", List.of(d, g.op("Mul", "aa", List.of(a, a))));
    String neg = g.op("Neg", "neg", List.of(bb));
    String cat = g.op("Concat", "cat", List.of(sub, neg), attr("axis", 2L));
    String weights = g.floats("k", new long[] {1, 9, 4}, gauss(r, 36, 1));
    String weighted = g.op("Mul", "wt", List.of(cat, weights));
    g.opNamed("ReduceSum", "L", List.of(weighted, g.int64s("axes", 1, 2)), attr("keepdims", 0L));
    g.output("L", -1);
    return g.model();
  }

  @Test
  void gradientOfEverySupportedOpMatchesCentralDifferences() {
    ModelProto forward = mixedOps();
    assertGradientOfXMatchesCentralDifferences(forward, TinyModels.random(11, 2, 2, 5, 5));
  }

  /**
   * SiLUs, x·σ(x) and σ(x)·x, whose derivative the compiler emits in one piece, with the σ also
   * read by another op, so part of the gradient still goes through the Sigmoid's own rule.
   */
  @Test
  void siluGradientMatchesCentralDifferencesAlsoWhenTheSigmoidHasAnotherReader() {
    GraphBuilder g = new GraphBuilder("silu");
    g.input("x", -1, 2, 3, 3);
    Random r = new Random(4);
    String c =
        g.op(
            "Conv",
            "c",
            List.of("x", g.floats("w", new long[] {2, 2, 1, 1}, gauss(r, 4, 0.8))),
            ints("kernel_shape", 1, 1));
    String s = g.op("Sigmoid", "s", List.of(c));
    String y1 = g.op("Mul", "y1", List.of(c, s));
    String y2 = g.op("Mul", "y2", List.of(s, c));
    String other = g.op("Mul", "other", List.of(s, g.scalar("three", 3f)));
    String sum =
        g.op(
            "Add",
            "sum",
            List.of(g.op("Add", "y12", List.of(y1, g.op("Mul", "y2sq", List.of(y2, y2)))), other));
    String weighted =
        g.op("Mul", "wt", List.of(sum, g.floats("k", new long[] {1, 2, 3, 3}, gauss(r, 18, 1))));
    g.opNamed("ReduceSum", "L", List.of(weighted, g.int64s("axes", 1, 2, 3)), attr("keepdims", 0L));
    g.output("L", -1);
    ModelProto forward = g.model();
    assertThat(
            BackwardCompiler.compile(forward, "x", "L").model().getGraph().getNodeList().stream()
                .filter(n -> n.getName().startsWith("grad/Add")))
        .as("the fused SiLU rule was used (its Add)")
        .isNotEmpty();
    assertGradientOfXMatchesCentralDifferences(forward, TinyModels.random(12, 2, 2, 3, 3));
  }

  /**
   * Grouped Convs: a depthwise 3×3 (one group per channel, YOLO11's DWConv) with its SiLU, then a
   * strided 3×3 of two groups.
   */
  @Test
  void groupedConvGradientMatchesCentralDifferences() {
    GraphBuilder g = new GraphBuilder("grouped");
    g.input("x", -1, 4, 5, 5);
    Random r = new Random(6);
    String dw =
        g.op(
            "Conv",
            "dw",
            List.of(
                "x",
                g.floats("w", new long[] {4, 1, 3, 3}, gauss(r, 36, 0.5)),
                g.floats("b", new long[] {4}, gauss(r, 4, 0.1))),
            ints("kernel_shape", 3, 3),
            ints("pads", 1, 1, 1, 1),
            attr("group", 4L));
    String silu = g.op("Mul", "silu", List.of(dw, g.op("Sigmoid", "s", List.of(dw))));
    String grouped =
        g.op(
            "Conv",
            "gc",
            List.of(silu, g.floats("w2", new long[] {4, 2, 3, 3}, gauss(r, 72, 0.4))),
            ints("kernel_shape", 3, 3),
            ints("strides", 2, 2),
            ints("pads", 1, 1, 1, 1),
            attr("group", 2L));
    String weighted =
        g.op(
            "Mul", "wt", List.of(grouped, g.floats("k", new long[] {1, 4, 3, 3}, gauss(r, 36, 1))));
    g.opNamed("ReduceSum", "L", List.of(weighted, g.int64s("axes", 1, 2, 3)), attr("keepdims", 0L));
    g.output("L", -1);
    assertGradientOfXMatchesCentralDifferences(g.model(), TinyModels.random(15, 2, 4, 5, 5));
  }

  /**
   * The compiled dL/dx of {@code forward} (input x, objective L) against central differences on
   * every element.
   */
  private static void assertGradientOfXMatchesCentralDifferences(
      ModelProto forward, FloatTensor x) {
    BackwardGraph bw = BackwardCompiler.compile(forward, "x", "L");
    int[] all = new int[x.data().length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    try (OrtModel fwd = new OrtModel(forward);
        OrtModel back = new OrtModel(bw.model())) {
      FloatTensor grad =
          back.run(Map.of("x", x), List.of(bw.gradientOutput())).get(bw.gradientOutput());
      assertThat(grad.shape()).containsExactly(x.shape());
      double[] fd = FiniteDifferences.central(fwd, Map.of("x", x), "x", "L", all, 1e-3f);
      for (int i = 0; i < all.length; i++) {
        assertThat((double) grad.data()[i])
            .as("element %d", i)
            .isCloseTo(fd[i], org.assertj.core.data.Offset.offset(2e-3 + 1e-2 * Math.abs(fd[i])));
      }
    }
  }

  @Test
  void intermediateTargetAndAnyBatchSize() {
    ModelProto forward = mixedOps();
    BackwardGraph bw = BackwardCompiler.compile(forward, "c1", "L");
    try (OrtModel back = new OrtModel(bw.model())) {
      var out = back.run(Map.of("x", TinyModels.random(5, 3, 2, 5, 5)), List.of());
      assertThat(out.get("c1/grad").shape()).containsExactly(3, 4, 3, 3);
      assertThat(out.get("L").shape()).containsExactly(3);
    }
  }

  @Test
  void unsupportedOpIsRefusedNamingOpAndNode() {
    GraphBuilder g = new GraphBuilder("tanh");
    g.input("x", -1, 3);
    g.opNamed("Tanh", "th", List.of("x"));
    g.opNamed("ReduceSum", "L", List.of("th"));
    g.output("L", (long[]) null);
    assertThatThrownBy(() -> BackwardCompiler.compile(g.model(), "x", "L"))
        .isInstanceOfSatisfying(
            UnsupportedOpException.class,
            e -> {
              assertThat(e.opType()).isEqualTo("Tanh");
              assertThat(e.node()).isEqualTo("th");
            })
        .hasMessageContaining("Tanh")
        .hasMessageContaining("'th'")
        .hasMessageContaining("Conv");
  }

  /** x [N,2,3,3] → nearest Resize ×2 (the given modes) → times fixed weights → ReduceSum. */
  static ModelProto upsampled(String mode, String transform, String rounding) {
    GraphBuilder g = new GraphBuilder("upsample");
    g.input("x", -1, 2, 3, 3);
    String scales = g.floats("scales", new long[] {4}, new float[] {1, 1, 2, 2});
    String up =
        g.opNamed(
            "Resize",
            "up",
            List.of("x", "", scales),
            attr("mode", mode),
            attr("coordinate_transformation_mode", transform),
            attr("nearest_mode", rounding));
    String weighted =
        g.op(
            "Mul",
            "wt",
            List.of(up, g.floats("k", new long[] {1, 2, 6, 6}, gauss(new Random(5), 72, 1))));
    g.opNamed("ReduceSum", "L", List.of(weighted, g.int64s("axes", 1, 2, 3)), attr("keepdims", 0L));
    g.output("L", -1);
    return g.model();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({"asymmetric, floor", "half_pixel, round_prefer_floor", "tf_half_pixel_for_nn, floor"})
  void nearestUpsamplingGradientMatchesCentralDifferences(String transform, String rounding) {
    ModelProto forward = upsampled("nearest", transform, rounding);
    assertGradientOfXMatchesCentralDifferences(forward, TinyModels.random(12, 2, 2, 3, 3));
  }

  /**
   * As YOLOv5's SPPF: x [N,2,5,5] → MaxPool k3 → MaxPool k3 (over the first's plateaus) and an
   * asymmetric k2 pool → Concat → weighted ReduceSum.
   */
  static ModelProto pooled() {
    GraphBuilder g = new GraphBuilder("sppf");
    g.input("x", -1, 2, 5, 5);
    String p1 =
        g.opNamed(
            "MaxPool",
            "p1",
            List.of("x"),
            ints("kernel_shape", 3, 3),
            ints("strides", 1, 1),
            ints("pads", 1, 1, 1, 1));
    String p2 =
        g.opNamed(
            "MaxPool", "p2", List.of(p1), ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1));
    String p3 =
        g.opNamed(
            "MaxPool", "p3", List.of("x"), ints("kernel_shape", 2, 2), ints("pads", 0, 0, 1, 1));
    String cat = g.op("Concat", "cat", List.of("x", p1, p2, p3), attr("axis", 1L));
    String weighted =
        g.op(
            "Mul",
            "wt",
            List.of(cat, g.floats("k", new long[] {1, 8, 5, 5}, gauss(new Random(9), 200, 1))));
    g.opNamed("ReduceSum", "L", List.of(weighted, g.int64s("axes", 1, 2, 3)), attr("keepdims", 0L));
    g.output("L", -1);
    return g.model();
  }

  @Test
  void maxPoolGradientGoesToEachMaximumAlsoThroughChainedPools() {
    ModelProto forward = pooled();
    assertGradientOfXMatchesCentralDifferences(forward, TinyModels.random(13, 2, 2, 5, 5));
  }

  @Test
  void resizeThatIsNotABlockCopyIsRefusedNamingTheNode() {
    assertThatThrownBy(
            () -> BackwardCompiler.compile(upsampled("linear", "asymmetric", "floor"), "x", "L"))
        .isInstanceOfSatisfying(
            UnsupportedOpException.class, e -> assertThat(e.node()).isEqualTo("up"))
        .hasMessageContaining("only mode 'nearest'");
    // align_corners with floor reads 3 cells into 6 as 0,0,0,1,1,2: not one whole block per input
    // cell.
    assertThatThrownBy(
            () ->
                BackwardCompiler.compile(upsampled("nearest", "align_corners", "floor"), "x", "L"))
        .isInstanceOfSatisfying(
            UnsupportedOpException.class, e -> assertThat(e.node()).isEqualTo("up"))
        .hasMessageContaining("align_corners");
  }

  @Test
  void padOtherThanConstantIsRefusedNamingTheNode() {
    GraphBuilder g = new GraphBuilder("reflect");
    g.input("x", -1, 1, 4, 4);
    String p =
        g.opNamed(
            "Pad",
            "mirror",
            List.of("x", g.int64s("pads", 0, 0, 1, 1, 0, 0, 1, 1)),
            attr("mode", "reflect"));
    g.opNamed("ReduceSum", "L", List.of(p));
    g.output("L", (long[]) null);
    assertThatThrownBy(() -> BackwardCompiler.compile(g.model(), "x", "L"))
        .isInstanceOfSatisfying(
            UnsupportedOpException.class, e -> assertThat(e.node()).isEqualTo("mirror"))
        .hasMessageContaining("only mode 'constant'");
  }

  @Test
  void objectiveThatIgnoresTheTargetIsAnError() {
    ModelProto tiny = TinyModels.convSigmoid();
    assertThatThrownBy(() -> BackwardCompiler.compile(tiny, "feat", "side"))
        .hasMessageContaining("does not depend on 'feat'");
  }

  @Test
  void supportedOpsAreOneSortedList() {
    assertThat(List.copyOf(VjpRules.supported()))
        .isSorted()
        .contains(
            "Conv",
            "Sigmoid",
            "Mul",
            "Add",
            "Reshape",
            "Transpose",
            "Concat",
            "Slice",
            "Pad",
            "Resize",
            "MaxPool",
            "Pow",
            "Softmax",
            "Split");
  }

  /**
   * Before opset 13 Softmax normalised over every axis from its axis on, which the rule does not
   * cover; a model of that opset is refused unless the axis is the last.
   */
  @Test
  void softmaxBeforeOpset13IsRefusedUnlessOnTheLastAxis() {
    GraphBuilder g = new GraphBuilder("softmax11");
    g.input("x", -1, 4, 3);
    String p = g.opNamed("Softmax", "bins", List.of("x"), attr("axis", 1L));
    g.opNamed("ReduceSum", "L", List.of(g.op("Mul", "sq", List.of(p, p))));
    g.output("L", (long[]) null);
    ModelProto opset11 =
        g.model().toBuilder()
            .setOpsetImport(
                0,
                ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(11))
            .build();
    assertThatThrownBy(() -> BackwardCompiler.compile(opset11, "x", "L"))
        .isInstanceOfSatisfying(
            UnsupportedOpException.class, e -> assertThat(e.node()).isEqualTo("bins"))
        .hasMessageContaining("opset 13");
    assertGradientOfXMatchesCentralDifferences(g.model(), TinyModels.random(14, 2, 4, 3));
  }

  private static float[] gauss(Random r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * scale);
    }
    return v;
  }
}
