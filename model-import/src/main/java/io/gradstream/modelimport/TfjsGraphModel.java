package io.gradstream.modelimport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow.js graph model as read from disk: the GraphDef nodes and the decoded constants.
 *
 * @param modelJson the model.json it came from
 * @param producer who made it, e.g. "TensorFlow.js Converter v3.12.0 from TensorFlow 2.7.0"
 * @param nodes the GraphDef nodes in file order (not necessarily topological)
 * @param constants decoded weights by Const node name
 * @param signatureInputs input node names from the signature (empty when model.json has none)
 * @param signatureOutputs output node names from the signature (empty when model.json has none)
 */
record TfjsGraphModel(
    Path modelJson,
    String producer,
    List<TfjsNode> nodes,
    Map<String, ConstTensor> constants,
    List<String> signatureInputs,
    List<String> signatureOutputs) {

  long weightBytes() {
    return constants.values().stream().mapToLong(c -> c.elementCount() * c.type().bytes()).sum();
  }
}
