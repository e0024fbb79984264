package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.gradstream.explain.graph.DetectionHeads;
import io.gradstream.explain.graph.GraphEdits;
import io.gradstream.explain.graph.GraphIndex;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OnnxGraphException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Moves each head level's target layer back from the head input to the deepest tensor whose
 * windowed backward is still exact and cheap: the only input of the subgraph to the level's head
 * conv, through stride-1 Convs, element-wise ops and channel Concats ({@link ReceptiveField}). In
 * YOLOv5 that is the input of the level's last C3 block, where the gradient of a detection covers
 * the 3×3 cells around it instead of its one cell at a 1×1 head: an element-wise map there is about
 * this object, not its class, at a cost that does not grow with the image.
 */
public final class WindowedTargets {
  /** Tensors looked at per level, nearest first; a C3 block is about a dozen back. */
  static final int MAX_CANDIDATES = 64;

  private WindowedTargets() {}

  /**
   * The levels the worker explains: the {@code configured} target layers (one per level, finest
   * first) with their head convs, or when none are configured, the deepest windowed targets.
   */
  public static List<HeadLevel> resolve(ModelProto model, List<String> configured) {
    return configured.isEmpty()
        ? deepest(model, DetectionHeads.find(model))
        : DetectionHeads.withTargets(model, configured);
  }

  /**
   * For each level, the deepest windowed target (the head input itself when nothing deeper
   * qualifies).
   */
  public static List<HeadLevel> deepest(ModelProto model, List<HeadLevel> heads) {
    GraphIndex index = new GraphIndex(model.getGraph());
    List<HeadLevel> out = new ArrayList<>(heads.size());
    for (HeadLevel head : heads) {
      out.add(new HeadLevel(deepest(model, index, head), head.output()));
    }
    return out;
  }

  private static String deepest(ModelProto model, GraphIndex index, HeadLevel head) {
    String best = head.input();
    Deque<String> pending = new ArrayDeque<>(List.of(head.input()));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty() && seen.size() < MAX_CANDIDATES) {
      String value = pending.poll();
      if (!seen.add(value)) {
        continue;
      }
      if (!value.equals(head.input()) && windowed(model, value, head.output())) {
        best = value;
      }
      index
          .producer(value)
          .map(NodeProto::getInputList)
          .ifPresent(
              inputs ->
                  inputs.stream()
                      .filter(v -> !v.isEmpty() && !index.isInitializer(v))
                      .forEach(pending::add));
    }
    return best;
  }

  /** Whether {@code value} alone feeds {@code output} through ops the windowed backward covers. */
  private static boolean windowed(ModelProto model, String value, String output) {
    try {
      ReceptiveField.radius(GraphEdits.cut(model, List.of(value), List.of(output)));
      return true;
    } catch (OnnxGraphException e) { // UnsupportedOpException included
      return false;
    }
  }
}
