package io.gradstream.explain.backward;

import static io.gradstream.explain.graph.GraphBuilder.attr;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Vector–Jacobian products of element-wise ops (with numpy broadcasting undone by {@link
 * VjpContext#unbroadcast}).
 */
final class ElementwiseVjps {
  private ElementwiseVjps() {}

  static List<String> identity(NodeProto n, String g, VjpContext ctx) {
    return List.of(g);
  }

  static List<String> add(NodeProto n, String g, VjpContext ctx) {
    String out = n.getOutput(0);
    return grads(n, ctx, i -> ctx.unbroadcast(g, out, n.getInput(i)));
  }

  static List<String> sub(NodeProto n, String g, VjpContext ctx) {
    String out = n.getOutput(0);
    return grads(
        n, ctx, i -> ctx.unbroadcast(i == 0 ? g : ctx.op("Neg", List.of(g)), out, n.getInput(i)));
  }

  /**
   * d(a·b) = b·da + a·db; for {@code x·x} both terms land on x and the compiler adds them. A SiLU,
   * x·σ(x), gets its derivative in one piece (see {@link #silu}).
   */
  static List<String> mul(NodeProto n, String g, VjpContext ctx) {
    for (int i = 0; i < 2; i++) {
      String x = n.getInput(i);
      String s = n.getInput(1 - i);
      boolean silu =
          ctx.producer(s)
              .filter(p -> p.getOpType().equals("Sigmoid") && p.getInput(0).equals(x))
              .isPresent();
      if (silu && !x.equals(s)) {
        String[] grads = new String[2];
        grads[i] = silu(n.getOutput(0), s, g, ctx);
        return java.util.Arrays.asList(grads);
      }
    }
    String out = n.getOutput(0);
    return grads(
        n,
        ctx,
        i -> ctx.unbroadcast(ctx.op("Mul", List.of(g, n.getInput(1 - i))), out, n.getInput(i)));
  }

  /** d(a/b) = da/b − a·db/b². */
  static List<String> div(NodeProto n, String g, VjpContext ctx) {
    String out = n.getOutput(0);
    String a = n.getInput(0);
    String b = n.getInput(1);
    return grads(
        n,
        ctx,
        i -> {
          if (i == 0) {
            return ctx.unbroadcast(ctx.op("Div", List.of(g, b)), out, a);
          }
          // −g·(a/b)/b, reusing the forward quotient.
          String q = ctx.op("Div", List.of(ctx.op("Mul", List.of(g, out)), b));
          return ctx.unbroadcast(ctx.op("Neg", List.of(q)), out, b);
        });
  }

  /**
   * d(x·σ(x))/dx = σ + x·σ·(1 − σ) = σ + y·(1 − σ) with y the forward output: four nodes where the
   * product rule and the Sigmoid's own rule take six, in YOLO's five SiLUs per C3 block. The whole
   * derivative goes to x, none through σ.
   */
  private static String silu(String y, String s, String g, VjpContext ctx) {
    String oneMinus = ctx.op("Sub", List.of(ctx.graph().scalar("one", 1f), s));
    String local = ctx.op("Add", List.of(s, ctx.op("Mul", List.of(y, oneMinus))));
    return ctx.op("Mul", List.of(g, local));
  }

  /** σ' = σ(1 − σ), from the forward output, so nothing is recomputed. */
  static List<String> sigmoid(NodeProto n, String g, VjpContext ctx) {
    String s = n.getOutput(0);
    String oneMinus = ctx.op("Sub", List.of(ctx.graph().scalar("one", 1f), s));
    return List.of(ctx.op("Mul", List.of(g, ctx.op("Mul", List.of(s, oneMinus)))));
  }

  /**
   * dx = s ⊙ (g − Σ_axis g ⊙ s) with s the forward output: the softmax Jacobian diag(s) − s·sᵀ
   * applied without forming it (YOLOv8's DFL box decoding, over 16 distance bins). Before opset 13
   * Softmax flattened every axis from {@code axis} on; that is the same only for the last axis.
   */
  static List<String> softmax(NodeProto n, String g, VjpContext ctx) {
    int rank = ctx.shape(n.getInput(0)).length;
    long axis = VjpContext.intAttr(n, "axis", ctx.opset() >= 13 ? -1 : 1);
    if (axis < 0) {
      axis += rank;
    }
    if (ctx.opset() < 13 && axis != rank - 1) {
      throw new UnsupportedOpException(
          "Softmax",
          VjpContext.nodeName(n),
          "before opset 13 Softmax normalises over every axis from "
              + axis
              + " on; only the last axis is supported there (re-export with opset 13 or later)");
    }
    String s = n.getOutput(0);
    String dot =
        ctx.op(
            "ReduceSum",
            List.of(ctx.op("Mul", List.of(g, s)), ctx.graph().int64s("axes", axis)),
            attr("keepdims", 1L));
    return List.of(ctx.op("Mul", List.of(s, ctx.op("Sub", List.of(g, dot)))));
  }

  /** Relu' = 1 where x > 0 (0 at the kink, as every framework does). */
  static List<String> relu(NodeProto n, String g, VjpContext ctx) {
    String positive = ctx.op("Greater", List.of(n.getInput(0), ctx.graph().scalar("zero", 0f)));
    return List.of(ctx.op("Where", List.of(positive, g, ctx.graph().scalar("zero", 0f))));
  }

  static List<String> neg(NodeProto n, String g, VjpContext ctx) {
    return List.of(ctx.op("Neg", List.of(g)));
  }

  /** d(x^p) = p·x^(p−1); the exponent must not depend on the target. */
  static List<String> pow(NodeProto n, String g, VjpContext ctx) {
    if (ctx.needsGrad(n.getInput(1))) {
      throw new UnsupportedOpException(
          "Pow",
          VjpContext.nodeName(n),
          "the exponent depends on the target activation; only constant exponents are supported");
    }
    String x = n.getInput(0);
    String p = n.getInput(1);
    String pm1 = ctx.op("Sub", List.of(p, ctx.graph().scalar("one", 1f)));
    String local = ctx.op("Mul", List.of(p, ctx.op("Pow", List.of(x, pm1))));
    return java.util.Arrays.asList(
        ctx.unbroadcast(ctx.op("Mul", List.of(g, local)), n.getOutput(0), x), null);
  }

  private static List<String> grads(
      NodeProto n, VjpContext ctx, java.util.function.IntFunction<String> gradOf) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.getInputCount(); i++) {
      out.add(ctx.needsGrad(n.getInput(i)) ? gradOf.apply(i) : null);
    }
    return out;
  }
}
