package io.gradstream.common.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules a camera registration must follow, shared by the config file and the REST API so both
 * accept and refuse the same things with the same words.
 */
public final class CameraRules {
  /** Ids become Kafka keys, metric labels and URL path segments, so they stay plain. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public static final double MAX_FPS_LIMIT = 240;

  private CameraRules() {}

  /** A rule broken by one field of a camera. */
  public record Violation(String field, String problem, String fix) {}

  /**
   * Checks a camera's fields; null numbers mean "use the default" and pass. A file source must lie
   * in {@code fileRoots}.
   *
   * @return what is wrong, empty when the camera is acceptable
   */
  public static List<Violation> check(
      String id, String url, Double maxFps, Integer jpegQuality, FileRoots fileRoots) {
    return check(id, url, maxFps, jpegQuality, Optional.of(fileRoots));
  }

  /**
   * Checks a camera's fields as a record on the cameras topic must have them, without asking where
   * a file source lies: a reader of the topic has no say over file roots, and ingest checks them
   * again when it opens the file.
   *
   * @return what is wrong, empty when the record is well formed
   */
  public static List<Violation> checkWellFormed(
      String id, String url, Double maxFps, Integer jpegQuality) {
    return check(id, url, maxFps, jpegQuality, Optional.empty());
  }

  private static List<Violation> check(
      String id, String url, Double maxFps, Integer jpegQuality, Optional<FileRoots> fileRoots) {
    List<Violation> violations = new ArrayList<>();
    if (id == null || !ID.matcher(id).matches()) {
      violations.add(
          new Violation(
              "id",
              "'" + id + "' is not a valid camera id",
              "Use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit."));
    }
    try {
      CameraUrl parsed = CameraUrl.parse(url);
      fileRoots.flatMap(roots -> roots.check(parsed)).ifPresent(violations::add);
    } catch (IllegalArgumentException e) {
      violations.add(new Violation("url", e.getMessage(), "Give the camera's stream address."));
    }
    if (maxFps != null && !(maxFps > 0 && maxFps <= MAX_FPS_LIMIT)) {
      violations.add(
          new Violation(
              "max-fps",
              "must be above 0 and at most " + (int) MAX_FPS_LIMIT + ", got " + maxFps,
              "Use the frames per second the pipeline should see, e.g. 10."));
    }
    if (jpegQuality != null && (jpegQuality < 1 || jpegQuality > 100)) {
      violations.add(
          new Violation(
              "jpeg-quality",
              "must be between 1 and 100, got " + jpegQuality,
              "Use 75-90 for a good size/quality balance."));
    }
    return violations;
  }
}
