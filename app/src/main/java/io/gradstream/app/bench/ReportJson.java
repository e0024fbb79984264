package io.gradstream.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the bench commands write their reports: pretty-printed JSON, the file's folder created when
 * missing.
 */
public final class ReportJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportJson() {}

  /** Writes {@code report} to {@code file}. */
  public static void write(Object report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
  }

  /** {@code report} as pretty-printed JSON. */
  public static String of(Object report) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
  }
}
