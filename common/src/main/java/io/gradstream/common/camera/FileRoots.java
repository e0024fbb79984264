package io.gradstream.common.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The directories file sources ({@code file://} URLs and plain paths) must lie in, from {@code
 * ingest.file-roots}. A camera is a URL that the REST API accepts from the network, so without this
 * any caller could make ingest read any file the process can (and stream it as video frames, or
 * probe which files exist). With no roots, file sources are refused. A path is judged by its real
 * path: symbolic links and {@code ..} are resolved first, so a link inside a root that points
 * outside it is refused. Checked when a camera is registered and again each time its file is
 * opened, because the file may be replaced (e.g. by a link) after the registration was checked.
 */
public final class FileRoots {
  /** The configuration key, for messages. */
  public static final String KEY = "ingest.file-roots";

  private final List<Path> roots;

  /**
   * @param roots directories, absolute (relative ones are taken from the working directory)
   */
  public FileRoots(List<String> roots) {
    this.roots = roots.stream().map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
  }

  /** No file sources at all. */
  public static FileRoots none() {
    return new FileRoots(List.of());
  }

  /** A file source was refused: {@link #getMessage()} says why, {@link #fix()} what to do. */
  public static final class Refused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String fix;

    Refused(String problem, String fix) {
      super(problem);
      this.fix = fix;
    }

    /** What the operator can do about it. */
    public String fix() {
      return fix;
    }
  }

  /**
   * The real path of a file source that lies inside a root: the path to open.
   *
   * @throws Refused when file sources are off, or the real path is outside every root
   */
  public Path confine(CameraUrl url) {
    String shown = url.redacted();
    if (roots.isEmpty()) {
      throw new Refused(
          "file sources are turned off: " + KEY + " is empty, so '" + shown + "' is refused",
          "List the directory holding the video in "
              + KEY
              + " (GRADSTREAM_INGEST_FILE_ROOTS), e.g. [/srv/videos],"
              + " or stream it over rtsp://.");
    }
    Path real =
        realPath(url.filePath().toAbsolutePath())
            .orElseThrow(
                () ->
                    new Refused(
                        "'"
                            + shown
                            + "' cannot be resolved to a real path (a link to a missing file, or an unreadable directory)",
                        "Point the camera at the video file itself, inside " + roots + "."));
    for (Path root : roots) {
      if (realPath(root).filter(real::startsWith).isPresent()) {
        return real;
      }
    }
    String resolved = real.toString().equals(shown) ? "" : " (its real path is " + real + ")";
    throw new Refused(
        "'" + shown + "'" + resolved + " is outside " + KEY + " " + roots,
        "Move the file into one of " + roots + ", or add its directory to " + KEY + ".");
  }

  /** The violation a camera's url breaks, if it is a file source outside the roots. */
  public Optional<CameraRules.Violation> check(CameraUrl url) {
    if (url.kind() != SourceKind.FILE) {
      return Optional.empty();
    }
    try {
      confine(url);
      return Optional.empty();
    } catch (Refused e) {
      return Optional.of(new CameraRules.Violation("url", e.getMessage(), e.fix()));
    }
  }

  /**
   * The real path: links and {@code ..} resolved. A file that does not exist (yet) is resolved
   * through its nearest existing ancestor, so a camera on a file still to be copied in can be
   * registered; its missing part holds no links, and opening it checks again.
   */
  private static Optional<Path> realPath(Path absolute) {
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.of(absolute.normalize());
    }
    try {
      return Optional.of(existing.toRealPath().resolve(existing.relativize(absolute)).normalize());
    } catch (IOException e) {
      // A dangling link: where it leads may appear later, outside the roots; judge it unresolvable.
      return Optional.empty();
    }
  }
}
