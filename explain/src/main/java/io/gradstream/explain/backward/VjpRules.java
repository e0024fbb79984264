package io.gradstream.explain.backward;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ops the backward compiler differentiates: the one list of supported ops (the docs' list is
 * generated from, and checked against, {@link #supported()}). An op missing here is refused by the
 * compiler with an {@link UnsupportedOpException} naming the op and the node.
 */
public final class VjpRules {
  private static final Map<String, VjpRule> RULES;

  static {
    Map<String, VjpRule> r = new TreeMap<>();
    r.put("Identity", ElementwiseVjps::identity);
    r.put("Add", ElementwiseVjps::add);
    r.put("Sub", ElementwiseVjps::sub);
    r.put("Mul", ElementwiseVjps::mul);
    r.put("Div", ElementwiseVjps::div);
    r.put("Neg", ElementwiseVjps::neg);
    r.put("Pow", ElementwiseVjps::pow);
    r.put("Sigmoid", ElementwiseVjps::sigmoid);
    r.put("Relu", ElementwiseVjps::relu);
    r.put("Conv", ConvVjp::apply);
    r.put("MaxPool", MaxPoolVjp::apply);
    r.put("Reshape", ShapeVjps::reshape);
    r.put("Transpose", ShapeVjps::transpose);
    r.put("Concat", ShapeVjps::concat);
    r.put("Slice", ShapeVjps::slice);
    r.put("Pad", ShapeVjps::pad);
    r.put("Resize", ShapeVjps::resize);
    r.put("ReduceSum", ShapeVjps::reduceSum);
    r.put("Softmax", ElementwiseVjps::softmax);
    r.put("Split", ShapeVjps::split);
    RULES = Collections.unmodifiableMap(r);
  }

  /**
   * Ops whose rule reads the gradient of every output ({@link VjpContext#gradient}), not just the
   * first.
   */
  private static final java.util.Set<String> EVERY_OUTPUT = java.util.Set.of("Split");

  private VjpRules() {}

  /** The rule for {@code opType} (default ONNX domain), or null when unsupported. */
  public static VjpRule forOp(String opType) {
    return RULES.get(opType);
  }

  /** True when {@code opType}'s rule differentiates all its outputs, not only the first. */
  static boolean differentiatesEveryOutput(String opType) {
    return EVERY_OUTPUT.contains(opType);
  }

  /** The supported op types, sorted. */
  public static java.util.Set<String> supported() {
    return RULES.keySet();
  }
}
