package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What op converters share while one graph is converted: the ONNX graph being built, the TF
 * constants, and which ONNX value (in which layout) stands for each TF node so far. Layout changes
 * are inserted here, once per tensor, so two consumers that need NHWC share one Transpose.
 */
final class ConversionContext {
  private final OnnxGraphBuilder graph;
  private final Map<String, ConstTensor> constants;
  private final Map<String, OnnxValue> values = new HashMap<>();
  private final Map<String, OnnxValue> views = new HashMap<>();
  private final Map<String, String> constantInitializers = new HashMap<>();

  ConversionContext(OnnxGraphBuilder graph, Map<String, ConstTensor> constants) {
    this.graph = graph;
    this.constants = constants;
  }

  OnnxGraphBuilder graph() {
    return graph;
  }

  /** Records that {@code value} stands for the output of TF node {@code tfName}. */
  void define(String tfName, OnnxValue value) {
    values.put(tfName, value);
  }

  /** The value that stands for TF node {@code tfName}; null when it is not converted (yet). */
  OnnxValue valueOf(String tfName) {
    return values.get(tfName);
  }

  /** Whether input {@code index} of {@code node} is a Const (a weight). */
  boolean isConstant(TfjsNode node, int index) {
    return constants.containsKey(TfjsNode.producerOf(input(node, index)));
  }

  /** Input {@code index} of {@code node}, which must be a Const: the converter reads its values. */
  ConstTensor constant(TfjsNode node, int index, String role) {
    String producer = TfjsNode.producerOf(input(node, index));
    ConstTensor c = constants.get(producer);
    if (c == null) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "with a computed "
              + role
              + " (input '"
              + producer
              + "'); the importer needs it to be a constant");
    }
    return c;
  }

  /**
   * Input {@code index} of {@code node} as an ONNX value. A Const input becomes a float initializer
   * in TF's dimension order.
   */
  OnnxValue value(TfjsNode node, int index) {
    String tensor = input(node, index);
    String producer = TfjsNode.producerOf(tensor);
    if (TfjsNode.outputIndexOf(tensor) != 0) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "reading output "
              + TfjsNode.outputIndexOf(tensor)
              + " of '"
              + producer
              + "'; the importer only converts single-output ops");
    }
    ConstTensor c = constants.get(producer);
    if (c != null) {
      return new OnnxValue(
          constantIn(c, Layout.TF, c.rank(), node), Layout.TF, TfShape.of(c.shape()));
    }
    OnnxValue v = values.get(producer);
    if (v == null) {
      throw new ModelException(
          "node '" + node.name() + "' reads '" + producer + "', which is not in the graph");
    }
    return v;
  }

  /**
   * {@code v} stored in {@code layout}, through a Transpose inserted (once) when it is stored
   * otherwise.
   */
  OnnxValue inLayout(OnnxValue v, Layout layout) {
    if (v.layout() == layout) {
      return v;
    }
    if (v.rank() != 4) {
      throw new IllegalStateException(
          v.name() + " is rank " + v.rank() + "; only rank-4 tensors change layout");
    }
    String key = v.name() + "@" + layout;
    OnnxValue view = views.get(key);
    if (view == null) {
      String suffix = layout == Layout.TF ? "/nhwc" : "/nchw";
      int[] perm = layout == Layout.TF ? Layout.NCHW_TO_NHWC : Layout.NHWC_TO_NCHW;
      view = new OnnxValue(graph.freshName(v.name() + suffix), layout, v.tfShape());
      graph.node(
          "Transpose", List.of(v.name()), view, OnnxGraphBuilder.ints("perm", toLongs(perm)));
      views.put(key, view);
    }
    return view;
  }

  /**
   * A float constant as an initializer that broadcasts correctly against rank-{@code rank} tensors
   * stored in {@code layout}. For NCHW the constant is first given TF's broadcast rank (leading 1s)
   * and then its data is transposed like the tensor's, so a per-channel [C] constant becomes
   * [1,C,1,1]. Scalars are shared by both layouts.
   */
  String constantIn(ConstTensor c, Layout layout, int rank, TfjsNode user) {
    boolean permute = layout == Layout.NCHW && c.rank() > 0;
    String key = c.name() + (permute ? "@nchw" : "");
    String existing = constantInitializers.get(key);
    if (existing != null) {
      return existing;
    }
    float[] data = toFloats(c, user);
    long[] dims = toLongs(c.shape());
    if (permute) {
      if (c.rank() > rank || rank != 4) {
        throw new IllegalStateException("constant " + c + " cannot be laid out as NCHW");
      }
      int[] nhwc = new int[4];
      for (int i = 0; i < 4; i++) {
        nhwc[i] = i < 4 - c.rank() ? 1 : c.shape()[i - (4 - c.rank())];
      }
      data = transposeNhwcToNchw(data, nhwc);
      dims = new long[] {nhwc[0], nhwc[3], nhwc[1], nhwc[2]};
    }
    String name = graph.freshName(c.name() + (permute ? "/nchw" : ""));
    graph.floatInitializer(name, dims, data);
    constantInitializers.put(key, name);
    return name;
  }

  static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** Fails with the op and node named unless {@code node} has at least {@code count} inputs. */
  static void requireInputs(TfjsNode node, int count) {
    if (node.inputs().size() < count) {
      throw new ModelException(
          "node '"
              + node.name()
              + "' ("
              + node.op()
              + ") has "
              + node.inputs().size()
              + " inputs, expected "
              + count
              + ": model.json is damaged");
    }
  }

  private static String input(TfjsNode node, int index) {
    requireInputs(node, index + 1);
    return node.inputs().get(index);
  }

  private static float[] toFloats(ConstTensor c, TfjsNode user) {
    if (c.floats() != null) {
      return c.floats();
    }
    throw new UnsupportedOpException(
        user.op(),
        user.name(),
        "with the "
            + c.type().name().toLowerCase(java.util.Locale.ROOT)
            + " constant '"
            + c.name()
            + "' as a tensor operand; the importer converts float32 arithmetic only");
  }

  /** Reorders NHWC data ({@code shape} n,h,w,c) into NCHW. */
  static float[] transposeNhwcToNchw(float[] data, int[] shape) {
    int n = shape[0];
    int h = shape[1];
    int w = shape[2];
    int c = shape[3];
    float[] out = new float[data.length];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            out[((b * c + ch) * h + y) * w + x] = data[((b * h + y) * w + x) * c + ch];
          }
        }
      }
    }
    return out;
  }
}
