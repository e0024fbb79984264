package io.gradstream.inference.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes tiny ONNX "detectors" with known boxes, built with the ONNX protobuf classes, so the whole
 * path (letterbox, ONNX Runtime, layout decoding, units, NMS, mapping back) runs without a real
 * model. The output is {@code A + B * mean(image)}: A holds the boxes, B the scores, so each image
 * in a batch gets its own scores (a white square frame: the declared scores; a black one: zero),
 * which proves that slots are not mixed up.
 */
public final class TinyYoloModels {
  private TinyYoloModels() {}

  /** A box the model outputs, in model-input pixels (or 0-1 with {@code normalised}). */
  public record Box(int classId, float score, float cx, float cy, float w, float h) {}

  /**
   * Five boxes for a 64 px model: on a white 128x128 frame (boxes at twice these coordinates) the
   * detector must keep person 0.9 (24,24)-(56,56), bicycle 0.7 (26,24)-(58,56) and bicycle 0.6
   * (86,76)-(106,116): the second person box overlaps the first (IoU ~0.7) and is suppressed, the
   * bicycle on top of it is another class and stays, and the 0.1 box is under the threshold.
   */
  public static final List<Box> SCENE =
      List.of(
          new Box(0, 0.9f, 20, 20, 16, 16),
          new Box(0, 0.8f, 22, 21, 16, 16),
          new Box(1, 0.7f, 21, 20, 16, 16),
          new Box(1, 0.6f, 48, 48, 10, 20),
          new Box(0, 0.1f, 40, 10, 8, 8));

  /** Shape of the model's batch dimension. */
  public enum Batch {
    DYNAMIC,
    FIXED_1
  }

  /** YOLOv8 layout {@code [N, 4+C, K]}. */
  public static Path writeV8(
      Path file, int inputSize, int classes, List<Box> boxes, boolean normalised, Batch batch) {
    int k = boxes.size();
    int rows = 4 + classes;
    float[] a = new float[rows * k];
    float[] b = new float[rows * k];
    float unit = normalised ? inputSize : 1f;
    for (int j = 0; j < k; j++) {
      Box box = boxes.get(j);
      a[j] = box.cx() / unit;
      a[k + j] = box.cy() / unit;
      a[2 * k + j] = box.w() / unit;
      a[3 * k + j] = box.h() / unit;
      b[(4 + box.classId()) * k + j] = box.score();
    }
    return write(file, inputSize, rows, k, a, b, batch);
  }

  /**
   * YOLOv5 layout {@code [N, K, 5+C]}; class probability 1 for the box's class, objectness = score.
   */
  public static Path writeV5(
      Path file, int inputSize, int classes, List<Box> boxes, boolean normalised, Batch batch) {
    int k = boxes.size();
    int cols = 5 + classes;
    float[] a = new float[k * cols];
    float[] b = new float[k * cols];
    float unit = normalised ? inputSize : 1f;
    for (int j = 0; j < k; j++) {
      Box box = boxes.get(j);
      int o = j * cols;
      a[o] = box.cx() / unit;
      a[o + 1] = box.cy() / unit;
      a[o + 2] = box.w() / unit;
      a[o + 3] = box.h() / unit;
      a[o + 5 + box.classId()] = 1f;
      b[o + 4] = box.score();
    }
    return write(file, inputSize, k, cols, a, b, batch);
  }

  /** Writes {@code labels} one per line. */
  public static Path writeLabels(Path file, String... labels) {
    try {
      return Files.writeString(file, String.join("\n", labels) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(
      Path file, int size, int rows, int cols, float[] a, float[] b, Batch batch) {
    TensorShapeProto.Dimension batchDim =
        batch == Batch.DYNAMIC
            ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch").build()
            : dim(1);
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("tiny-yolo")
            .addInput(value("images", batchDim, dim(3), dim(size), dim(size)))
            .addOutput(value("output0", batchDim, dim(rows), dim(cols)))
            .addInitializer(floats("A", a, 1, rows, cols))
            .addInitializer(floats("B", b, 1, rows, cols))
            .addInitializer(
                TensorProto.newBuilder()
                    .setName("mean_shape")
                    .setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(3)
                    .addInt64Data(-1)
                    .addInt64Data(1)
                    .addInt64Data(1))
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("ReduceMean")
                    .addInput("images")
                    .addOutput("mean4")
                    .addAttribute(
                        AttributeProto.newBuilder()
                            .setName("axes")
                            .setType(AttributeProto.AttributeType.INTS)
                            .addInts(1)
                            .addInts(2)
                            .addInts(3))
                    .addAttribute(
                        AttributeProto.newBuilder()
                            .setName("keepdims")
                            .setType(AttributeProto.AttributeType.INT)
                            .setI(1)))
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("Reshape")
                    .addInput("mean4")
                    .addInput("mean_shape")
                    .addOutput("mean"))
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("Mul")
                    .addInput("B")
                    .addInput("mean")
                    .addOutput("scaled"))
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("Add")
                    .addInput("A")
                    .addInput("scaled")
                    .addOutput("output0"))
            .build();
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("gradstream-tests")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build();
    try {
      return Files.write(file, model.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TensorShapeProto.Dimension dim(long value) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
  }

  private static ValueInfoProto value(String name, TensorShapeProto.Dimension... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (TensorShapeProto.Dimension d : dims) {
      shape.addDim(d);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  private static TensorProto floats(String name, float[] data, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    for (float f : data) {
      t.addFloatData(f);
    }
    return t.build();
  }
}
