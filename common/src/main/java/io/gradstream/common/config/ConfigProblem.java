package io.gradstream.common.config;

/**
 * One thing wrong with the configuration.
 *
 * @param key dotted key path, e.g. {@code ingest.jpeg-quality}
 * @param source where the value came from: a file, an environment variable or the defaults
 * @param problem what is wrong
 * @param fix what to do about it
 */
public record ConfigProblem(String key, String source, String problem, String fix) {

  /** One line for an operator: key, source, problem and fix. */
  public String describe() {
    String from = source == null || source.isEmpty() ? "" : " (from " + source + ")";
    return key + from + ": " + problem + ". " + fix;
  }
}
