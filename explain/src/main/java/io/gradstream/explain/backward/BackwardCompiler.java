package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.gradstream.explain.graph.GraphBuilder;
import io.gradstream.explain.graph.GraphIndex;
import io.gradstream.explain.graph.OnnxGraphException;
import io.gradstream.explain.graph.ShapeProbe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles reverse-mode differentiation of an ONNX graph into ONNX: ONNX Runtime has no gradients,
 * so the gradient of an objective with respect to a target activation is emitted as ordinary ONNX
 * nodes ({@link VjpRules}) and runs on whichever execution provider runs the forward.
 *
 * <p>Only nodes on a path from the target to the objective are differentiated; every other value
 * has a zero gradient and costs nothing. Static shapes (slice offsets, broadcast axes,
 * transposed-conv output padding) come from one {@link ShapeProbe} run with the symbolic batch set
 * to 2; shapes that follow the batch (Reshape back, ReduceSum expand) are taken at run time with
 * Shape, so the compiled graph serves any batch size.
 */
public final class BackwardCompiler {
  private BackwardCompiler() {}

  /**
   * @param forward a model computing {@code objective} from its inputs (e.g. a cut detection head
   *     with a score appended); its inputs need declared shapes
   * @param wrt the target activation: a graph input or an intermediate value
   * @param objective the value to differentiate; L = the sum of its elements
   * @throws UnsupportedOpException naming the op and node when a node on the path has no rule
   */
  public static BackwardGraph compile(ModelProto forward, String wrt, String objective) {
    // dL/d(objective) = 1 everywhere: L is the sum of the objective's elements.
    return compile(
        forward,
        wrt,
        objective,
        graph ->
            graph.op(
                "Expand",
                "grad/seed",
                List.of(
                    graph.scalar("one", 1f), graph.op("Shape", "grad/shape", List.of(objective)))),
        true);
  }

  /**
   * @param seed adds ∂L/∂objective to the graph and returns its name
   * @param objectiveOutput whether the objective stays an output (else the nodes only it needs are
   *     dead and ONNX Runtime drops them)
   */
  private static BackwardGraph compile(
      ModelProto forward,
      String wrt,
      String objective,
      java.util.function.Function<GraphBuilder, String> seed,
      boolean objectiveOutput) {
    GraphIndex index = new GraphIndex(forward.getGraph());
    if (!index.has(wrt) || !index.has(objective)) {
      throw new OnnxGraphException(
          "graph '"
              + forward.getGraph().getName()
              + "' has no value '"
              + (index.has(wrt) ? objective : wrt)
              + "'");
    }
    Set<String> onPath = pathValues(index, wrt, objective);
    if (!onPath.contains(objective)) {
      throw new OnnxGraphException(
          "'" + objective + "' does not depend on '" + wrt + "': its gradient would be zero");
    }
    List<NodeProto> pathNodes = new ArrayList<>();
    for (NodeProto n : index.nodes()) {
      if (n.getOutputList().stream().anyMatch(onPath::contains)) {
        if (VjpRules.forOp(n.getOpType()) == null || !n.getDomain().isEmpty()) {
          throw new UnsupportedOpException(
              n.getOpType(),
              VjpContext.nodeName(n),
              "no vector–Jacobian product for this op; supported: "
                  + String.join(", ", VjpRules.supported()));
        }
        for (int i = 1; i < n.getOutputCount(); i++) {
          if (onPath.contains(n.getOutput(i))
              && !VjpRules.differentiatesEveryOutput(n.getOpType())) {
            throw new UnsupportedOpException(
                n.getOpType(),
                VjpContext.nodeName(n),
                "only the first output can be differentiated");
          }
        }
        pathNodes.add(n);
      }
    }
    Set<String> probe = new LinkedHashSet<>();
    for (NodeProto n : pathNodes) {
      n.getInputList().stream()
          .filter(v -> !v.isEmpty() && index.producer(v).isPresent())
          .forEach(probe::add);
      probe.add(n.getOutput(0));
    }
    probe.remove(wrt);
    Map<String, long[]> shapes =
        new HashMap<>(
            ShapeProbe.shapes(forward, ShapeProbe.zeroInputs(forward, 2), List.copyOf(probe)));
    if (!shapes.containsKey(wrt)) {
      shapes.putAll(
          ShapeProbe.shapes(
              forward,
              ShapeProbe.zeroInputs(forward, 2),
              index.producer(wrt).isPresent() ? List.of(wrt) : List.of(objective)));
    }

    GraphBuilder graph = new GraphBuilder(forward.getGraph()).clearOutputs();
    Map<String, String> gradients = new HashMap<>();
    VjpContext ctx = new VjpContext(graph, index, shapes, onPath, gradients, opset(forward));
    Map<String, List<String>> contributions = new HashMap<>();
    contributions.computeIfAbsent(objective, k -> new ArrayList<>()).add(seed.apply(graph));
    for (int k = pathNodes.size() - 1; k >= 0; k--) {
      NodeProto n = pathNodes.get(k);
      // Nodes run in topological order, so every reader of n's outputs has been differentiated.
      boolean read = false;
      for (String out : n.getOutputList()) {
        String total = total(graph, contributions.get(out));
        if (total != null) {
          gradients.put(out, total);
          read = true;
        }
      }
      if (!read) {
        continue; // on a path into the objective only through outputs that were never read
      }
      List<String> gradIn =
          VjpRules.forOp(n.getOpType()).apply(n, gradients.get(n.getOutput(0)), ctx);
      for (int i = 0; i < n.getInputCount(); i++) {
        String in = n.getInput(i);
        if (i < gradIn.size() && gradIn.get(i) != null && onPath.contains(in)) {
          contributions.computeIfAbsent(in, key -> new ArrayList<>()).add(gradIn.get(i));
        }
      }
    }
    String grad =
        graph.opNamed("Identity", wrt + "/grad", List.of(total(graph, contributions.get(wrt))));
    if (objectiveOutput) {
      graph.output(objective, (long[]) null);
    }
    graph.output(grad, (long[]) null);
    ModelProto model = forward.toBuilder().setGraph(graph.build()).build();
    return new BackwardGraph(model, wrt, grad);
  }

  /** The model's version of the default ONNX domain (the latest when it names none). */
  private static long opset(ModelProto model) {
    return model.getOpsetImportList().stream()
        .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
        .mapToLong(o -> o.getVersion())
        .findFirst()
        .orElse(Long.MAX_VALUE);
  }

  /** The name of the cotangent input {@link #vjp} adds for {@code output}. */
  public static String cotangentOf(String output) {
    return output + "/cotangent";
  }

  /**
   * The vector–Jacobian product in its textbook form: a graph taking the forward inputs plus a
   * cotangent {@code v} for {@code output} (input {@link #cotangentOf}, same shape) and giving
   * vᵀ·∂output/∂wrt, batch items independent. {@code v} seeds the backward as ∂L/∂output itself, so
   * the graph neither computes {@code output} nor differentiates a product with it: only the
   * gradient is an output.
   */
  public static BackwardGraph vjp(ModelProto forward, String wrt, String output) {
    Map<String, long[]> probed =
        ShapeProbe.shapes(forward, ShapeProbe.zeroInputs(forward, 2), List.of(output));
    long[] shape = probed.get(output).clone();
    shape[0] = -1; // the probe's batch of 2 is the symbolic batch
    GraphBuilder g = new GraphBuilder(forward.getGraph());
    String v = cotangentOf(output);
    g.input(v, shape);
    return compile(forward.toBuilder().setGraph(g.build()).build(), wrt, output, graph -> v, false);
  }

  /** The values that depend on {@code wrt} and that {@code objective} depends on. */
  private static Set<String> pathValues(GraphIndex index, String wrt, String objective) {
    Set<String> downstream = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(wrt));
    while (!pending.isEmpty()) {
      String v = pending.pop();
      if (downstream.add(v)) {
        index.consumers(v).forEach(n -> n.getOutputList().forEach(pending::push));
      }
    }
    Set<String> upstream = new HashSet<>();
    pending.push(objective);
    while (!pending.isEmpty()) {
      String v = pending.pop();
      if (upstream.add(v)) {
        index
            .producer(v)
            .ifPresent(
                n -> n.getInputList().stream().filter(s -> !s.isEmpty()).forEach(pending::push));
      }
    }
    downstream.retainAll(upstream);
    return downstream;
  }

  /** The sum of a value's gradient contributions (one node for fan-out, none for a single use). */
  private static String total(GraphBuilder graph, List<String> parts) {
    if (parts == null || parts.isEmpty()) {
      return null;
    }
    return parts.size() == 1 ? parts.get(0) : graph.op("Sum", "grad/Sum", parts);
  }
}
