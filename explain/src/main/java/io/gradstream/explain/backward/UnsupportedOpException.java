package io.gradstream.explain.backward;

import io.gradstream.explain.graph.OnnxGraphException;

/** The backward compiler met an op (or an op variant) it has no vector–Jacobian product for. */
public final class UnsupportedOpException extends OnnxGraphException {
  private static final long serialVersionUID = 1L;
  private final String opType;
  private final String node;

  public UnsupportedOpException(String opType, String node, String why) {
    super("cannot differentiate " + opType + " node '" + node + "': " + why);
    this.opType = opType;
    this.node = node;
  }

  /** The op type, e.g. {@code Resize}. */
  public String opType() {
    return opType;
  }

  /** The node's name (or its first output when unnamed). */
  public String node() {
    return node;
  }
}
