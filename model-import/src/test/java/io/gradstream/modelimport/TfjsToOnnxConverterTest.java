package io.gradstream.modelimport;

import static io.gradstream.modelimport.TinyTfjsModel.bool;
import static io.gradstream.modelimport.TinyTfjsModel.intList;
import static io.gradstream.modelimport.TinyTfjsModel.integer;
import static io.gradstream.modelimport.TinyTfjsModel.string;
import static io.gradstream.modelimport.TinyTfjsModel.stringList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.gradstream.modelimport.NhwcReference.Image;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converts small TF.js graphs and checks what ONNX Runtime computes against TF's semantics. */
class TfjsToOnnxConverterTest {
  private static final float TOLERANCE = 1e-5f;
  private final Random random = new Random(42);

  @TempDir Path dir;

  /**
   * A miniature YOLO: strided SAME conv with fused bias, SiLU, nearest upsampling, a VALID 1x1 conv
   * on a second branch, channel concat, SAME max-pool, scalar and per-channel constants, then the
   * head's Reshape, StridedSlice with an ellipsis, and Transpose. Run as a batch of two images.
   */
  @Test
  void miniatureYoloMatchesTfSemanticsForABatchOfTwo() throws Exception {
    float[] w1 = randoms(3 * 3 * 3 * 4);
    float[] b1 = randoms(4);
    float[] w2 = randoms(3 * 4);
    float[] b2 = randoms(4);
    float[] scale = randoms(8);
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, 6, 6, 3)
            .floats("w1", new int[] {3, 3, 3, 4}, w1)
            .floats("b1", new int[] {4}, b1)
            .floats("w2", new int[] {1, 1, 3, 4}, w2)
            .floats("b2", new int[] {4}, b2)
            .ints("size", new int[] {2}, 6, 6)
            .ints("axis", new int[] {}, 3)
            .floats("half", new int[] {}, 0.5f)
            .floats("scale", new int[] {8}, scale)
            .ints("shape", new int[] {3}, -1, 36, 8)
            .ints("begin", new int[] {2}, 0, 0)
            .ints("end", new int[] {2}, 0, 2)
            .ints("strides", new int[] {2}, 1, 1)
            .ints("perm", new int[] {3}, 0, 2, 1);
    m.fusedConv("block/conv1", "input_1", "w1", "b1", "SAME", 2);
    m.op("block/sig", "Sigmoid", "block/conv1");
    m.op("block/silu", "Mul", "block/conv1", "block/sig");
    bool(
        bool(m.op("up", "ResizeNearestNeighbor", "block/silu", "size"), "half_pixel_centers", true),
        "align_corners",
        false);
    m.fusedConv("side/conv2", "input_1", "w2", "b2", "VALID", 1);
    m.op("cat", "ConcatV2", "up", "side/conv2", "axis");
    var pool = m.op("pool", "MaxPool", "cat");
    intList(pool, "ksize", 1, 3, 3, 1);
    intList(pool, "strides", 1, 1, 1, 1);
    string(pool, "padding", "SAME");
    string(pool, "data_format", "NHWC");
    m.op("plus", "AddV2", "pool", "half");
    m.op("head/scaled", "Mul", "plus", "scale");
    m.op("head/flat", "Reshape", "head/scaled", "shape");
    integer(
        m.op("head/xy", "StridedSlice", "head/flat", "begin", "end", "strides"),
        "ellipsis_mask",
        1);
    m.op("head/t", "Transpose", "head/xy", "perm");
    m.op("Identity", "Identity", "head/t");
    Path onnx = dir.resolve("tiny.onnx");
    TfjsModelImporter.importModel(m.signatureOutput("Identity").write(dir.resolve("tfjs")), onnx);

    float[] a = randoms(6 * 6 * 3);
    float[] b = randoms(6 * 6 * 3);
    OrtRun.Result out = OrtRun.run(onnx, "images", OrtRun.nchwBatch(6, 6, 3, a, b), 2, 3, 6, 6);

    assertThat(out.shape()).containsExactly(2, 2, 36);
    for (int i = 0; i < 2; i++) {
      float[] expected = miniatureYolo(new Image(6, 6, 3, i == 0 ? a : b), w1, b1, w2, b2, scale);
      float[] actual = Arrays.copyOfRange(out.values(), i * 72, (i + 1) * 72);
      for (int k = 0; k < 72; k++) {
        assertThat(actual[k])
            .as("image %d value %d", i, k)
            .isCloseTo(expected[k], within(TOLERANCE));
      }
    }
  }

  private static float[] miniatureYolo(
      Image in, float[] w1, float[] b1, float[] w2, float[] b2, float[] scale) {
    Image up =
        NhwcReference.resizeNearest(
            NhwcReference.silu(NhwcReference.conv(in, w1, 3, 4, b1, 2, true)), 6, 6);
    Image side = NhwcReference.conv(in, w2, 1, 4, b2, 1, false);
    Image head =
        NhwcReference.affinePerChannel(
            NhwcReference.maxPoolSame(NhwcReference.concatChannels(up, side), 3), 0.5f, scale);
    // Reshape [-1, 36, 8] keeps NHWC order; slice [..., 0:2]; transpose [0, 2, 1].
    float[] out = new float[2 * 36];
    for (int row = 0; row < 36; row++) {
      for (int col = 0; col < 2; col++) {
        out[col * 36 + row] = head.data()[row * 8 + col];
      }
    }
    return out;
  }

  @Test
  void keepsTfNodeNamesAsOnnxValueNamesAndRecordsTheHead() throws Exception {
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, 4, 4, 3)
            .floats("w", new int[] {1, 1, 3, 2}, randoms(6))
            .floats("b", new int[] {2}, randoms(2))
            .ints("shape", new int[] {3}, -1, 16, 2);
    m.fusedConv("backbone/conv", "input_1", "w", "b", "SAME", 1, "Relu");
    m.fusedConv("detect/conv", "backbone/conv", "w2", "b2", "SAME", 1);
    m.floats("w2", new int[] {1, 1, 2, 2}, randoms(4)).floats("b2", new int[] {2}, randoms(2));
    m.op("detect/sig", "Sigmoid", "detect/conv");
    m.op("detect/flat", "Reshape", "detect/sig", "shape");

    ModelProto proto = TfjsToOnnxConverter.convert(TfjsModelReader.read(m.write(dir)));

    List<String> values =
        proto.getGraph().getNodeList().stream().flatMap(n -> n.getOutputList().stream()).toList();
    assertThat(values)
        .contains(
            "backbone/conv",
            "backbone/conv/pre_activation",
            "detect/conv",
            "detect/sig",
            "detect/flat",
            "output0");
    ModelInfo info = ModelInfo.of(proto, dir.resolve("x.onnx"));
    assertThat(info.headInputs())
        .extracting(TensorInfo::toString)
        .containsExactly("backbone/conv float[N,2,4,4]");
    assertThat(info.inputs().get(0).shape()).isEqualTo("[N,3,4,4]");
    assertThat(info.outputs().get(0).shape()).isEqualTo("[N,16,2]");
    assertThat(info.batchSymbolic()).isTrue();
    assertThat(info.opset()).isEqualTo(13);
    // NCHW between the convolutions: the only Transpose is the one back to NHWC before the Reshape.
    assertThat(
            proto.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Transpose"))
                .map(NodeProto::getName))
        .containsExactly("detect/sig/nhwc");
  }

  @Test
  void rewritesAReshapeThatHardCodesBatchOneSoAnyBatchRuns() throws Exception {
    TinyTfjsModel m =
        new TinyTfjsModel().placeholder("input_1", 1, 2, 2, 3).ints("shape", new int[] {2}, 1, 12);
    m.op("flat", "Reshape", "input_1", "shape");
    Path onnx = dir.resolve("flat.onnx");
    TfjsModelImporter.importModel(m.write(dir.resolve("tfjs")), onnx);

    float[][] images = {randoms(12), randoms(12), randoms(12)};
    OrtRun.Result out = OrtRun.run(onnx, "images", OrtRun.nchwBatch(2, 2, 3, images), 3, 3, 2, 2);

    assertThat(out.shape()).containsExactly(3, 12);
    for (int i = 0; i < 3; i++) {
      // TF flattens NHWC: the converter must transpose the NCHW input back before reshaping.
      assertThat(Arrays.copyOfRange(out.values(), i * 12, (i + 1) * 12)).containsExactly(images[i]);
    }
  }

  @Test
  void stridedSliceHonoursMasksAndShrinksAxes() throws Exception {
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, 4, 5, 3)
            .ints("begin", new int[] {4}, 0, 1, 0, 2)
            .ints("end", new int[] {4}, 0, 4, 0, 3)
            .ints("strides", new int[] {4}, 1, 2, 1, 1);
    var slice = m.op("pick", "StridedSlice", "input_1", "begin", "end", "strides");
    integer(slice, "begin_mask", 0b0101);
    integer(slice, "end_mask", 0b0101);
    integer(slice, "shrink_axis_mask", 0b1000);
    Path onnx = dir.resolve("slice.onnx");
    TfjsModelImporter.importModel(m.write(dir.resolve("tfjs")), onnx);

    float[] image = randoms(4 * 5 * 3);
    OrtRun.Result out = OrtRun.run(onnx, "images", OrtRun.nchwBatch(4, 5, 3, image), 1, 3, 4, 5);

    // x[:, 1:4:2, :, 2]: rows 1 and 3, every column, channel 2.
    assertThat(out.shape()).containsExactly(1, 2, 5);
    float[] expected = new float[10];
    for (int r = 0; r < 2; r++) {
      for (int x = 0; x < 5; x++) {
        expected[r * 5 + x] = image[((1 + 2 * r) * 5 + x) * 3 + 2];
      }
    }
    assertThat(out.values()).containsExactly(expected);
  }

  @Test
  void refusesAnUnsupportedOpNamingTheOpAndTheNode() throws Exception {
    TinyTfjsModel m = new TinyTfjsModel().placeholder("input_1", 1, 2, 2, 3);
    m.op("block_3/gelu/Erf", "Erf", "input_1");
    Path tfjs = m.write(dir.resolve("tfjs"));
    Path onnx = dir.resolve("erf.onnx");

    assertThatThrownBy(() -> TfjsModelImporter.importModel(tfjs, onnx))
        .isInstanceOfSatisfying(
            UnsupportedOpException.class,
            e -> {
              assertThat(e.op()).isEqualTo("Erf");
              assertThat(e.node()).isEqualTo("block_3/gelu/Erf");
            })
        .hasMessageContaining("Erf")
        .hasMessageContaining("'block_3/gelu/Erf'")
        .hasMessageContaining("_FusedConv2D");
    assertThat(onnx).doesNotExist();
  }

  @Test
  void refusesAFusedConvolutionWithAFusionItCannotReproduce() throws Exception {
    TinyTfjsModel m =
        new TinyTfjsModel()
            .placeholder("input_1", 1, 2, 2, 3)
            .floats("w", new int[] {1, 1, 3, 2}, randoms(6))
            .floats("b", new int[] {2}, randoms(2));
    var conv = m.fusedConv("stem/conv", "input_1", "w", "b", "SAME", 1);
    stringList(conv, "fused_ops", "BiasAdd", "Prelu");

    assertThatThrownBy(() -> TfjsToOnnxConverter.convert(TfjsModelReader.read(m.write(dir))))
        .isInstanceOf(UnsupportedOpException.class)
        .hasMessageContaining("_FusedConv2D")
        .hasMessageContaining("'stem/conv'")
        .hasMessageContaining("Prelu");
  }

  @Test
  void samePaddingPutsTheOddPixelAtTheEndLikeTf() {
    assertThat(SamePadding.of(640, 3, 2, 1)).containsExactly(0, 1);
    assertThat(SamePadding.of(640, 3, 1, 1)).containsExactly(1, 1);
    assertThat(SamePadding.of(20, 5, 1, 1)).containsExactly(2, 2);
    assertThat(SamePadding.of(7, 1, 1, 1)).containsExactly(0, 0);
  }

  private float[] randoms(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
