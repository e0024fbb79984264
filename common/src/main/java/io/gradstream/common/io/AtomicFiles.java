package io.gradstream.common.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the complete new one: an imported
 * model cut short by Ctrl-C must never appear under its final name (setup would skip it), nor a
 * half-written alert snapshot be served.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} through a temporary file beside it, then renames it.
   */
  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // A plain file (not createTempFile, which is owner-only) so the result gets the usual umask
    // permissions.
    Path tmp =
        dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
    try {
      Files.write(tmp, content);
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
