package io.gradstream.inference.onnx;

import io.gradstream.inference.detect.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Class names, one per line, line N naming class N-1; blank lines and surrounding spaces are ignored. */
public final class LabelsFile {
  private LabelsFile() {}

  /** Reads the class names in {@code file}. */
  public static List<String> read(Path file) {
    try {
      List<String> labels = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip).filter(s -> !s.isEmpty()).toList();
      if (labels.isEmpty()) {
        throw new ModelLoadException("labels file " + file + " names no classes (expected one class name per line)");
      }
      return labels;
    } catch (IOException e) {
      throw new ModelLoadException("cannot read labels file " + file + ": " + e, e);
    }
  }

  /** {@code class0, class1, ...} for a model that came without names. */
  public static List<String> generic(int count) {
    return IntStream.range(0, count).mapToObj(i -> "class" + i).toList();
  }
}
