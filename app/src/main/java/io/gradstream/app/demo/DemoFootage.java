package io.gradstream.app.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the demo footage lives on this machine. */
public final class DemoFootage {
  /** OpenCV's pedestrian clip as Debian's opencv-doc installs it: 768x576, 10 fps, 795 frames. */
  static final Path VTEST_AVI = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

  private DemoFootage() {}

  /**
   * OpenCV's {@code vtest.avi} (people walking; 768x576, 10 fps, about 80 s).
   *
   * @throws DemoSetupException if opencv-doc is not installed, naming the fix
   */
  public static Path vtestAvi() {
    return require(VTEST_AVI, "the demo footage vtest.avi (Debian package opencv-doc)");
  }

  /**
   * Returns {@code file} if it is a readable regular file, else throws naming {@code what} and the
   * fix.
   */
  static Path require(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new DemoSetupException(
          what
              + " is missing: no readable file at "
              + file.toAbsolutePath()
              + " ("
              + DemoSetupException.FIX
              + ")");
    }
    return file;
  }
}
