package io.gradstream.inference.model;

import io.gradstream.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Class names, one per line, line {@code i} naming class {@code i}: the {@code .labels} file that
 * sits beside an ONNX model ({@code yolov5s.onnx} → {@code yolov5s.labels}).
 */
public final class LabelsFile {
  private LabelsFile() {}

  /**
   * The labels file that belongs to {@code model}: same folder and name, extension {@code .labels}.
   */
  public static Path besideModel(Path model) {
    String name = model.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".labels");
  }

  /**
   * Reads the names, ignoring a trailing empty line; a missing or empty file is a {@link
   * ModelException}.
   */
  public static List<String> read(Path file) {
    try {
      List<String> names =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
      int end = names.size();
      while (end > 0 && names.get(end - 1).isEmpty()) {
        end--;
      }
      if (end == 0) {
        throw new ModelException(
            "labels file " + file + " is empty; it should hold one class name per line");
      }
      return names.subList(0, end);
    } catch (NoSuchFileException e) {
      throw new ModelException(
          "no labels file at " + file + "; it should hold the model's class names, one per line");
    } catch (IOException e) {
      throw new ModelException("cannot read labels file " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code class0, class1, ...} for a model that came without names. */
  public static List<String> generic(int count) {
    return IntStream.range(0, count).mapToObj(i -> "class" + i).toList();
  }

  /** Writes {@code names} to {@code file}, one per line. */
  public static void write(Path file, List<String> names) {
    for (String n : names) {
      if (n.isBlank() || n.contains("\n") || n.contains("\r")) {
        throw new IllegalArgumentException(
            "class names must be non-blank single lines: '" + n + "'");
      }
    }
    try {
      AtomicFiles.write(file, (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelException("cannot write labels file " + file + ": " + e.getMessage(), e);
    }
  }
}
