package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;

/**
 * The TF.js graph uses an operation (or an operation with attributes) the importer does not
 * convert. Converting it approximately would give a model that silently computes something else, so
 * the import stops and names the op and the node instead.
 */
public final class UnsupportedOpException extends ModelException {
  private static final long serialVersionUID = 1L;
  private final String op;
  private final String node;

  UnsupportedOpException(String op, String node, String detail) {
    super("cannot convert node '" + node + "': op " + op + " " + detail);
    this.op = op;
    this.node = node;
  }

  /** The TF op type, e.g. {@code Erf}. */
  public String op() {
    return op;
  }

  /** The TF node name. */
  public String node() {
    return node;
  }
}
