package io.gradstream.modelimport;

import static io.gradstream.modelimport.TinyTfjsModel.bool;
import static io.gradstream.modelimport.TinyTfjsModel.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gradstream.inference.model.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Changing the input size of a miniature of Ultralytics' TF export (two detect-head levels at
 * strides 16 and 32, an FPN upsampling, normalised boxes), built as the real one is laid out.
 */
class InputSizeRewriterTest {
  private static final int SIZE = 128;
  private static final int[] STRIDES = {16, 32};
  private static final float[][] ANCHORS = {{10, 13, 16, 30}, {30, 61, 62, 45}};
  private static final int NA = 2;
  private static final int NO = 6; // x, y, w, h, objectness, one class
  private final Random random = new Random(7);

  @TempDir Path dir;

  @Test
  void atTheGraphsOwnSizeNothingChangesByteForByte() throws Exception {
    Path tfjs = miniYolo().write(dir.resolve("tfjs"));
    TfjsGraphModel model = TfjsModelReader.read(tfjs);

    assertThat(InputSizeRewriter.rewrite(model, SIZE, SIZE).model()).isSameAs(model);
    TfjsModelImporter.importModel(tfjs, dir.resolve("plain.onnx"));
    TfjsModelImporter.importModel(tfjs, dir.resolve("sized.onnx"), null, SIZE);
    assertThat(Files.readAllBytes(dir.resolve("sized.onnx")))
        .isEqualTo(Files.readAllBytes(dir.resolve("plain.onnx")));
  }

  @Test
  void recognisesTheGridsOfTheGraphsOwnSize() throws Exception {
    TfjsGraphModel model = TfjsModelReader.read(miniYolo().write(dir.resolve("tfjs")));

    assertThat(InputSizeRewriter.gridSize(model.constants().get("tf_detect/grid0")))
        .containsExactly(8, 8);
    assertThat(InputSizeRewriter.gridSize(model.constants().get("tf_detect/grid1")))
        .containsExactly(4, 4);
    assertThat(InputSizeRewriter.gridSize(model.constants().get("tf_detect/anchors0"))).isNull();
  }

  @Test
  void atTwiceTheSizeEverySizeDependentConstantIsRewritten() throws Exception {
    InputSizeRewriter.Result r =
        InputSizeRewriter.rewrite(
            TfjsModelReader.read(miniYolo().write(dir.resolve("tfjs"))), 256, 256);
    var c = r.model().constants();

    assertThat(r.levels())
        .extracting(l -> l.ny() + "x" + l.nx() + "@" + l.strideY())
        .containsExactly("16x16@16", "8x8@32");
    assertThat(r.levels()).allMatch(InputSizeRewriter.Level::normalized);
    assertThat(c.get("tf_detect/grid0").shape()).containsExactly(1, 1, 256, 2);
    assertThat(c.get("tf_detect/grid0").floats()).containsExactly(grid(16, 16));
    assertThat(c.get("tf_detect/grid1").floats()).containsExactly(grid(8, 8));
    assertThat(c.get("tf_detect/shape0").ints()).containsExactly(-1, 256, NA, NO);
    assertThat(c.get("tf_detect/out_shape1").ints()).containsExactly(-1, NA * 64, NO);
    assertThat(c.get("tf_detect/xy_scale0").floats()).containsExactly(16 / 256f, 16 / 256f);
    assertThat(c.get("tf_detect/anchors1").floats())
        .containsExactly(30 / 256f, 61 / 256f, 62 / 256f, 45 / 256f);
    assertThat(c.get("up/size").ints()).containsExactly(16, 16);
    assertThat(c.get("tf_detect/two0").floats()).containsExactly(2f);
    assertThat(
            r.model().nodes().stream()
                .filter(n -> n.op().equals("Placeholder"))
                .findFirst()
                .orElseThrow()
                .shape("shape"))
        .containsExactly(1, 256, 256, 3);
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 256})
  void theResizedModelDecodesItsHeadAsYolov5Does(int size) throws Exception {
    Path onnx = dir.resolve("mini-" + size + ".onnx");
    ImportedModel imported =
        TfjsModelImporter.importModel(miniYolo().write(dir.resolve("tfjs")), onnx, null, size);

    int rows = NA * ((size / 16) * (size / 16) + (size / 32) * (size / 32));
    assertThat(imported.info().inputs())
        .extracting(TensorInfo::toString)
        .containsExactly("images float[N,3," + size + "," + size + "]");
    assertThat(imported.info().outputs())
        .extracting(TensorInfo::toString)
        .containsExactly("output0 float[N," + rows + "," + NO + "]");
    HeadDecode.Decoded d =
        HeadDecode.run(onnx, size, randoms(3 * size * size), STRIDES, ANCHORS, NO);
    assertThat(d.rows()).isEqualTo(rows);
    assertThat(d.maxDifference()).isLessThan(1e-5f);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 300, 650, -32})
  void refusesSizesThatAreNotMultiplesOf32(int size) throws Exception {
    Path tfjs = miniYolo().write(dir.resolve("tfjs"));
    Path onnx = dir.resolve("x.onnx");

    assertThatThrownBy(() -> TfjsModelImporter.importModel(tfjs, onnx, null, size))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("input size " + size + " is not a positive multiple of 32");
    assertThat(onnx).doesNotExist();
  }

  @Test
  void refusesAGraphWithoutARecognisableHead() throws Exception {
    TinyTfjsModel m = new TinyTfjsModel().placeholder("input_1", 1, 32, 32, 3);
    m.op("sig", "Sigmoid", "input_1");
    Path tfjs = m.write(dir.resolve("tfjs"));

    assertThatThrownBy(() -> TfjsModelImporter.importModel(tfjs, dir.resolve("x.onnx"), null, 64))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("found no YOLO detect head");
    // At its own size it imports as always.
    TfjsModelImporter.importModel(tfjs, dir.resolve("x.onnx"), null, 32);
  }

  @Test
  void refusesAShapeConstantOutsideTheHeadRatherThanGuess() throws Exception {
    TinyTfjsModel m = miniYolo().ints("flat_shape", new int[] {2}, -1, 4);
    m.op("side/flat", "Reshape", "input_1", "flat_shape");
    Path tfjs = m.write(dir.resolve("tfjs"));

    assertThatThrownBy(() -> InputSizeRewriter.rewrite(TfjsModelReader.read(tfjs), 256, 256))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'side/flat' (Reshape) is outside the detect head");
  }

  @Test
  void refusesAGridItDoesNotRecognise() throws Exception {
    TinyTfjsModel m = miniYolo(grid -> grid[3] += 0.25f);
    Path tfjs = m.write(dir.resolve("tfjs"));

    assertThatThrownBy(() -> InputSizeRewriter.rewrite(TfjsModelReader.read(tfjs), 256, 256))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("has no grid constant");
  }

  private TinyTfjsModel miniYolo() {
    return miniYolo(grid -> {});
  }

  /**
   * Backbone: a stride-16 1x1 conv (P3, 8x8), a stride-2 3x3 conv on it (P4, 4x4), P4 upsampled to
   * 8x8 and concatenated into P3. Head per level, as models/tf.py's TFDetect exports it: conv,
   * Reshape [-1, ny*nx, na, no], Transpose [0,2,1,3], Sigmoid, xy = (2s + grid - 0.5) *
   * stride/imgsz, wh = (2s)^2 * anchor/imgsz, concat, Reshape [-1, na*ny*nx, no]; levels
   * concatenated.
   */
  private TinyTfjsModel miniYolo(java.util.function.Consumer<float[]> tamperWithGrid0) {
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, SIZE, SIZE, 3)
            .floats("w3", new int[] {1, 1, 3, 4}, randoms(12))
            .floats("b3", new int[] {4}, randoms(4))
            .floats("w4", new int[] {3, 3, 4, 4}, randoms(144))
            .floats("b4", new int[] {4}, randoms(4))
            .ints("up/size", new int[] {2}, 8, 8)
            .ints("cat_axis", new int[] {}, 3)
            .ints("tf_detect/perm", new int[] {4}, 0, 2, 1, 3)
            .ints("tf_detect/axis", new int[] {}, -1)
            .ints("tf_detect/axis1", new int[] {}, 1)
            .ints("tf_detect/b0", new int[] {2}, 0, 0)
            .ints("tf_detect/e0", new int[] {2}, 0, 2)
            .ints("tf_detect/b2", new int[] {2}, 0, 2)
            .ints("tf_detect/e2", new int[] {2}, 0, 4)
            .ints("tf_detect/b4", new int[] {2}, 0, 4)
            .ints("tf_detect/e4", new int[] {2}, 0, 0)
            .ints("tf_detect/step", new int[] {2}, 1, 1);
    m.fusedConv("p3/conv", "input_1", "w3", "b3", "VALID", 16, "Relu");
    m.fusedConv("p4/conv", "p3/conv", "w4", "b4", "SAME", 2, "Relu");
    bool(
        bool(m.op("up", "ResizeNearestNeighbor", "p4/conv", "up/size"), "half_pixel_centers", true),
        "align_corners",
        false);
    m.op("p3/mix", "ConcatV2", "p3/conv", "up", "cat_axis");
    String[] features = {"p3/mix", "p4/conv"};
    int[] channels = {8, 4};
    String[] outputs = new String[2];
    for (int l = 0; l < 2; l++) {
      int n = SIZE / STRIDES[l];
      int p = n * n;
      String t = "tf_detect/";
      float[] grid = grid(n, n);
      if (l == 0) {
        tamperWithGrid0.accept(grid);
      }
      float[] anchors = new float[2 * NA];
      for (int i = 0; i < anchors.length; i++) {
        anchors[i] = ANCHORS[l][i] / SIZE;
      }
      m.floats(t + "w" + l, new int[] {1, 1, channels[l], NA * NO}, randoms(channels[l] * NA * NO))
          .floats(t + "bias" + l, new int[] {NA * NO}, randoms(NA * NO))
          .ints(t + "shape" + l, new int[] {4}, -1, p, NA, NO)
          .floats(t + "two" + l, new int[] {}, 2f)
          .floats(t + "grid" + l, new int[] {1, 1, p, 2}, grid)
          .floats(
              t + "xy_scale" + l,
              new int[] {1, 2},
              (float) STRIDES[l] / SIZE,
              (float) STRIDES[l] / SIZE)
          .floats(t + "anchors" + l, new int[] {1, NA, 1, 2}, anchors)
          .ints(t + "out_shape" + l, new int[] {3}, -1, NA * p, NO);
      String x = t + "level" + l + "/";
      m.fusedConv(x + "conv", features[l], t + "w" + l, t + "bias" + l, "VALID", 1);
      m.op(x + "reshape", "Reshape", x + "conv", t + "shape" + l);
      m.op(x + "transpose", "Transpose", x + "reshape", t + "perm");
      m.op(x + "sigmoid", "Sigmoid", x + "transpose");
      integer(
          m.op(x + "xy", "StridedSlice", x + "sigmoid", t + "b0", t + "e0", t + "step"),
          "ellipsis_mask",
          1);
      integer(
          m.op(x + "wh", "StridedSlice", x + "sigmoid", t + "b2", t + "e2", t + "step"),
          "ellipsis_mask",
          1);
      integer(
          integer(
              m.op(x + "conf", "StridedSlice", x + "sigmoid", t + "b4", t + "e4", t + "step"),
              "ellipsis_mask",
              1),
          "end_mask",
          2);
      m.op(x + "xy2", "Mul", x + "xy", t + "two" + l);
      m.op(x + "xy_grid", "Add", x + "xy2", t + "grid" + l);
      m.op(x + "xy_norm", "Mul", x + "xy_grid", t + "xy_scale" + l);
      m.op(x + "wh2", "Mul", x + "wh", t + "two" + l);
      m.op(x + "wh_sq", "Square", x + "wh2");
      m.op(x + "wh_norm", "Mul", x + "wh_sq", t + "anchors" + l);
      m.op(x + "concat", "ConcatV2", x + "xy_norm", x + "wh_norm", x + "conf", t + "axis");
      m.op(x + "out", "Reshape", x + "concat", t + "out_shape" + l);
      outputs[l] = x + "out";
    }
    m.op("tf_detect/concat", "ConcatV2", outputs[0], outputs[1], "tf_detect/axis1");
    m.op("Identity", "Identity", "tf_detect/concat");
    return m.signatureOutput("Identity");
  }

  /** meshgrid(range(nx), range(ny)) as (x, y) pairs, x fastest, minus 0.5: written out by hand. */
  private static float[] grid(int ny, int nx) {
    float[] g = new float[2 * nx * ny];
    int i = 0;
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        g[i++] = x - 0.5f;
        g[i++] = y - 0.5f;
      }
    }
    return g;
  }

  private float[] randoms(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
