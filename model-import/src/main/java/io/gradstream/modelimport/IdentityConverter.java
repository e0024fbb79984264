package io.gradstream.modelimport;

/**
 * {@code Identity} adds nothing to compute: its output is its input. The converter gives the
 * graph's outputs their ONNX names itself, so no ONNX Identity is needed here.
 */
final class IdentityConverter implements OpConverter {

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    context.define(node.name(), context.value(node, 0));
  }
}
