package io.gradstream.app.detect;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a file is a still image or a video, by its extension (what OpenCV can read as an image).
 */
public enum MediaKind {
  IMAGE,
  VIDEO;

  private static final Set<String> IMAGE_EXTENSIONS =
      Set.of(
          "jpg", "jpeg", "jpe", "png", "bmp", "dib", "webp", "tif", "tiff", "pgm", "ppm", "pnm",
          "jp2");

  public static MediaKind of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot >= 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1)) ? IMAGE : VIDEO;
  }

  /** The file name without its extension, for naming outputs. */
  public static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
