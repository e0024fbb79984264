package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.graph.TinyModels;
import io.gradstream.explain.yolo.YoloLayout;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The windowed backward equals the full-size backward, also at the map's border, on a 3x3 head. */
class WindowedHeadBackwardTest {
  static final int H = 6;
  static final int ROWS = H * H;

  /**
   * A [N,4,6,6] → 3x3 Conv (pad 1) → Z [N,6,6,6] → NHWC → [N,36,6] → Sigmoid → "out": one anchor, 1
   * class.
   */
  static ModelProto head() {
    GraphBuilder g = new GraphBuilder("tinyhead");
    g.input("A", -1, 4, H, H);
    Random r = new Random(9);
    float[] w = new float[6 * 4 * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.4);
    }
    String z =
        g.opNamed(
            "Conv",
            "Z",
            List.of(
                "A",
                g.floats("w", new long[] {6, 4, 3, 3}, w),
                g.floats("b", new long[] {6}, 0, 0, 0, 0, 0.2f, -0.1f)),
            ints("kernel_shape", 3, 3),
            ints("pads", 1, 1, 1, 1));
    String t = g.op("Transpose", "t", List.of(z), ints("perm", 0, 2, 3, 1));
    String re = g.op("Reshape", "re", List.of(t, g.int64s("shape", -1, ROWS, 6)));
    g.opNamed("Sigmoid", "out", List.of(re));
    g.output("out", -1, ROWS, 6);
    return g.model();
  }

  /**
   * As {@link #head()}, with a CSP-like block before the head conv: A → 1×1 Conv (bias 0.5) →
   * Sigmoid → 3×3 Conv → 3×3 Conv → Sigmoid → Concat with A → Z. At the border the 3×3 Convs pad
   * with zeros, where a zero crop of A gives Sigmoid(0.5) ≠ 0: the window must reproduce that
   * padding, both in the forward values the Sigmoid's derivative reads and in the gradient that
   * must not flow back through cells outside the map.
   */
  static ModelProto blockHead() {
    GraphBuilder g = new GraphBuilder("tinyblock");
    g.input("A", -1, 4, H, H);
    Random r = new Random(11);
    String p =
        g.opNamed(
            "Conv",
            "p",
            List.of(
                "A",
                g.floats("pw", new long[] {3, 4, 1, 1}, gaussian(r, 12)),
                g.floats("pb", new long[] {3}, 0.5f, 0.5f, 0.5f)),
            ints("kernel_shape", 1, 1));
    String s = g.opNamed("Sigmoid", "s", List.of(p));
    String c1 =
        g.opNamed(
            "Conv",
            "c1",
            List.of(s, g.floats("c1w", new long[] {3, 3, 3, 3}, gaussian(r, 81))),
            ints("kernel_shape", 3, 3),
            ints("pads", 1, 1, 1, 1));
    String c2 =
        g.opNamed(
            "Conv",
            "c2",
            List.of(c1, g.floats("c2w", new long[] {3, 3, 3, 3}, gaussian(r, 81))),
            ints("kernel_shape", 3, 3),
            ints("pads", 1, 1, 1, 1));
    String cat =
        g.opNamed(
            "Concat",
            "cat",
            List.of(g.opNamed("Sigmoid", "s2", List.of(c2)), "A"),
            io.gradstream.explain.graph.GraphBuilder.attr("axis", 1L));
    String z =
        g.opNamed(
            "Conv",
            "Z",
            List.of(cat, g.floats("w", new long[] {6, 7, 1, 1}, gaussian(r, 42))),
            ints("kernel_shape", 1, 1));
    String t = g.op("Transpose", "t", List.of(z), ints("perm", 0, 2, 3, 1));
    String re = g.op("Reshape", "re", List.of(t, g.int64s("shape", -1, ROWS, 6)));
    g.opNamed("Sigmoid", "out", List.of(re));
    g.output("out", -1, ROWS, 6);
    return g.model();
  }

  private static float[] gaussian(Random r, int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (r.nextGaussian() * 0.4);
    }
    return w;
  }

  @ParameterizedTest(name = "cell ({0},{1})")
  @CsvSource({"2,3", "0,0", "5,2"})
  void windowedEqualsFullSize(int cy, int cx) {
    assertWindowedEqualsFullSize(head(), 1, cy, cx);
  }

  @ParameterizedTest(name = "cell ({0},{1})")
  @CsvSource({"2,3", "0,0", "5,2", "1,4", "5,5"})
  void throughTwoSpatialConvsAfterANonLinearityTooAtTheBorder(int cy, int cx) {
    assertWindowedEqualsFullSize(blockHead(), 2, cy, cx);
  }

  private static void assertWindowedEqualsFullSize(ModelProto model, int radius, int cy, int cx) {
    List<HeadLevel> levels = List.of(new HeadLevel("A", "Z"));
    FloatTensor a = TinyModels.random(4, 1, 4, H, H);
    Map<String, FloatTensor> seeds = YoloScore.seeds(ROWS, 1, cy * H + cx, 0);

    ModelProto scored =
        YoloScore.append(
            GraphEdits.cut(model, List.of("A"), List.of("out")), "out", YoloLayout.V5, ROWS, 1);
    BackwardGraph full = BackwardCompiler.compile(scored, "A", YoloScore.SCORE);
    FloatTensor expected;
    FloatTensor z;
    try (OrtModel back = new OrtModel(full.model());
        OrtModel fwd = new OrtModel(GraphEdits.withOutputs(model, List.of("Z")))) {
      Map<String, FloatTensor> feed = new java.util.HashMap<>(seeds);
      feed.put("A", a);
      expected = back.run(feed, List.of(full.gradientOutput())).get(full.gradientOutput());
      z = fwd.run(Map.of("A", a), List.of("Z")).get("Z");
    }

    WindowedHeadBackward windowed =
        WindowedHeadBackward.compile(model, levels, 0, "out", YoloLayout.V5, ROWS, 1);
    assertThat(windowed.radius()).isEqualTo(radius);
    try (WindowedHeadRunner runner = new WindowedHeadRunner(windowed)) {
      FloatTensor window = runner.windowGradient(Map.of("Z", z), seeds, a, cy, cx);
      assertThat(window.shape()).containsExactly(1, 4, 2 * radius + 1, 2 * radius + 1);
      FloatTensor actual = runner.fullGradient(Map.of("Z", z), seeds, a, cy, cx);
      float maxAbs = 0;
      for (float v : expected.data()) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      assertThat(maxAbs).isPositive();
      for (int i = 0; i < expected.data().length; i++) {
        assertThat(actual.data()[i])
            .as("element %d", i)
            .isCloseTo(expected.data()[i], org.assertj.core.data.Offset.offset(1e-6f * maxAbs));
      }
    }
  }

  @Test
  void stridedConvHasNoTrustedWindow() {
    GraphBuilder g = new GraphBuilder("strided");
    g.input("A", -1, 1, 4, 4);
    g.opNamed(
        "Conv",
        "Z",
        List.of("A", g.floats("w", new long[] {1, 1, 1, 1}, 1f)),
        ints("kernel_shape", 1, 1),
        ints("strides", 2, 2));
    g.output("Z", -1, 1, 2, 2);
    assertThatThrownBy(() -> ReceptiveField.radius(g.model()))
        .isInstanceOf(UnsupportedOpException.class)
        .hasMessageContaining("'Z'");
  }

  @Test
  void aSpatialConvThatIsNotPaddedByItsRadiusHasNoCentredWindow() {
    GraphBuilder g = new GraphBuilder("unpadded");
    g.input("A", -1, 1, 4, 4);
    g.opNamed(
        "Conv",
        "Z",
        List.of("A", g.floats("w", new long[] {1, 1, 3, 3}, new float[9])),
        ints("kernel_shape", 3, 3),
        ints("pads", 0, 0, 1, 1));
    g.output("Z", -1, 1, 2, 4);
    assertThatThrownBy(() -> ReceptiveField.radius(g.model()))
        .isInstanceOf(UnsupportedOpException.class)
        .hasMessageContaining("padded by their radius (1)");
  }
}
