package io.gradstream.modelimport;

/**
 * Converts one TF op type to ONNX nodes. An implementation reads its inputs from the context, adds
 * nodes to the context's graph, and defines the node's output; attributes it does not understand
 * must make it throw {@link UnsupportedOpException}, never be ignored.
 */
@FunctionalInterface
interface OpConverter {
  void convert(TfjsNode node, ConversionContext context);
}
