package io.gradstream.publisher.alert.snapshot;

import io.gradstream.common.io.AtomicFiles;
import io.gradstream.publisher.alert.AlertId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Alert snapshots on disk: {@code <dir>/<alert id>.jpg}, served at {@code /snapshots/<alert
 * id>.jpg}. Names are checked strictly (64 lower-case hex digits and {@code .jpg}), so no request
 * can reach a file outside the directory. Files are written to a temporary name and moved into
 * place, so a reader never sees half a JPEG.
 */
public final class SnapshotStore {
  /** Where snapshots are served from. */
  public static final String URL_PREFIX = "/snapshots/";

  private static final String SUFFIX = ".jpg";

  private final Path dir;

  /** A store in {@code dir}, created when missing. */
  public SnapshotStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir).toAbsolutePath().normalize();
  }

  /** The relative URL the snapshot of alert {@code id} is served at. */
  public static String urlOf(String id) {
    return URL_PREFIX + id + SUFFIX;
  }

  /**
   * Stores alert {@code id}'s snapshot, replacing an earlier one (a frame read again renders the
   * same).
   *
   * @return its URL
   */
  public String save(String id, byte[] jpeg) throws IOException {
    if (!AlertId.isWellFormed(id)) {
      throw new IllegalArgumentException("'" + id + "' is not an alert id");
    }
    Path target = dir.resolve(id + SUFFIX);
    AtomicFiles.write(target, jpeg);
    return urlOf(id);
  }

  /**
   * The stored file for a requested name such as {@code <id>.jpg}; empty when the name is not of
   * that form or there is no such snapshot.
   */
  public Optional<Path> find(String fileName) {
    if (fileName == null || !fileName.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String id = fileName.substring(0, fileName.length() - SUFFIX.length());
    if (!AlertId.isWellFormed(id)) {
      return Optional.empty();
    }
    Path file = dir.resolve(id + SUFFIX);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Whether {@code fileName} has the form {@code <alert id>.jpg} (it may still not exist). */
  public static boolean isSnapshotName(String fileName) {
    return fileName != null
        && fileName.endsWith(SUFFIX)
        && AlertId.isWellFormed(fileName.substring(0, fileName.length() - SUFFIX.length()));
  }
}
