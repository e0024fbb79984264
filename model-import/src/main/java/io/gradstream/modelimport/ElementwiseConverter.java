package io.gradstream.modelimport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Element-wise float ops: binary arithmetic (Mul, Add, AddV2, Sub, RealDiv, Maximum, Minimum),
 * Square, and the activations. They work in any layout, so they keep their inputs' layout: a SiLU
 * ({@code x * Sigmoid(x)}) between two NCHW convolutions stays NCHW with no transposes. A constant
 * operand is laid out to match (a per-channel {@code [C]} becomes {@code [1,C,1,1]}).
 */
final class ElementwiseConverter implements OpConverter {
  private static final Map<String, String> BINARY =
      Map.of(
          "Mul", "Mul", "Add", "Add", "AddV2", "Add", "Sub", "Sub", "RealDiv", "Div", "Maximum",
          "Max", "Minimum", "Min");

  /** The TF op types this converter handles. */
  static List<String> ops() {
    List<String> ops = new ArrayList<>(BINARY.keySet());
    ops.add("Square");
    for (Activation a : Activation.values()) {
      ops.add(
          switch (a) {
            case RELU -> "Relu";
            case RELU6 -> "Relu6";
            case ELU -> "Elu";
            case LEAKY_RELU -> "LeakyRelu";
            case SIGMOID -> "Sigmoid";
            case TANH -> "Tanh";
          });
    }
    return ops;
  }

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    String type = node.type("T");
    if (type != null && !type.equals("DT_FLOAT")) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "on " + type + " tensors; the importer converts float32 arithmetic only");
    }
    if (BINARY.containsKey(node.op())) {
      binary(node, context, BINARY.get(node.op()));
      return;
    }
    OnnxValue x = context.value(node, 0);
    OnnxValue out = new OnnxValue(node.name(), x.layout(), x.tfShape());
    if (node.op().equals("Square")) {
      // x*x rather than Pow(x, 2): the same numbers, and a backward pass needs no special case.
      context.graph().node("Mul", List.of(x.name(), x.name()), out);
    } else {
      Activation.fromTf(node.op())
          .emit(context.graph(), x.name(), out, node.floatValue("alpha", 0.2f));
    }
    context.define(node.name(), out);
  }

  private static void binary(TfjsNode node, ConversionContext context, String onnxOp) {
    ConversionContext.requireInputs(node, 2);
    boolean[] constant = {context.isConstant(node, 0), context.isConstant(node, 1)};
    Layout layout = chooseLayout(node, context, constant);
    String[] names = new String[2];
    TfShape[] shapes = new TfShape[2];
    for (int i = 0; i < 2; i++) {
      if (constant[i]) {
        ConstTensor c = context.constant(node, i, "operand");
        names[i] = context.constantIn(c, layout, 4, node);
        shapes[i] = TfShape.of(c.shape());
      } else {
        OnnxValue v = context.inLayout(context.value(node, i), layout);
        names[i] = v.name();
        shapes[i] = v.tfShape();
      }
    }
    OnnxValue out = new OnnxValue(node.name(), layout, shapes[0].broadcast(shapes[1], node.name()));
    context.graph().node(onnxOp, List.of(names), out);
    context.define(node.name(), out);
  }

  /**
   * NCHW when every computed operand is stored NCHW and every constant can be laid out to match
   * (rank at most 4); TF order otherwise, transposing NCHW operands back.
   */
  private static Layout chooseLayout(TfjsNode node, ConversionContext context, boolean[] constant) {
    boolean anyComputed = false;
    for (int i = 0; i < 2; i++) {
      if (constant[i]) {
        if (context.constant(node, i, "operand").rank() > 4) {
          return Layout.TF;
        }
      } else {
        anyComputed = true;
        if (context.value(node, i).layout() != Layout.NCHW) {
          return Layout.TF;
        }
      }
    }
    return anyComputed ? Layout.NCHW : Layout.TF;
  }
}
