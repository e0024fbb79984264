package io.gradstream.modelimport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link TfjsModelImporter#importModel} wrote.
 *
 * @param onnx the ONNX model file
 * @param labels the class-names file beside it, when class names were given
 * @param classes the class names written (empty when none were given)
 * @param info the written model's description
 * @param tfOps how many nodes of each TF op type the source graph has (sorted by op)
 * @param bytes size of the ONNX file
 * @param elapsed how long the import took
 */
public record ImportedModel(
    Path onnx,
    Optional<Path> labels,
    java.util.List<String> classes,
    ModelInfo info,
    Map<String, Integer> tfOps,
    long bytes,
    Duration elapsed) {

  public ImportedModel {
    classes = java.util.List.copyOf(classes);
    tfOps = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tfOps));
  }
}
