package io.gradstream.common.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File sources are confined to ingest.file-roots by their real path, on a real file system. */
class FileRootsTest {
  @TempDir Path tmp;
  private Path videos;
  private Path outside;
  private FileRoots roots;

  @BeforeEach
  void layOut() throws Exception {
    videos = Files.createDirectories(tmp.resolve("videos"));
    outside = Files.writeString(tmp.resolve("secret.txt"), "not a video");
    Files.writeString(videos.resolve("yard.mp4"), "stands in for a video");
    roots = new FileRoots(List.of(videos.toString()));
  }

  @Test
  void aFileInsideARootIsAcceptedAsAPathOrAFileUrl() throws Exception {
    Path real = videos.toRealPath().resolve("yard.mp4");
    assertThat(roots.confine(CameraUrl.parse(videos.resolve("yard.mp4").toString())))
        .isEqualTo(real);
    assertThat(roots.confine(CameraUrl.parse(videos.resolve("yard.mp4").toUri().toString())))
        .isEqualTo(real);
    assertThat(roots.check(CameraUrl.parse(videos.resolve("yard.mp4").toString()))).isEmpty();
  }

  @Test
  void withNoRootsEveryFileSourceIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> FileRoots.none().confine(CameraUrl.parse(videos.resolve("yard.mp4").toString())))
        .isInstanceOf(FileRoots.Refused.class)
        .hasMessageContaining("ingest.file-roots is empty")
        .satisfies(
            e ->
                assertThat(((FileRoots.Refused) e).fix()).contains("GRADSTREAM_INGEST_FILE_ROOTS"));
  }

  @Test
  void dotDotOutOfARootIsRefused() {
    String escape = videos + "/../secret.txt";
    assertThat(roots.check(CameraUrl.parse(escape)))
        .hasValueSatisfying(
            v -> {
              assertThat(v.field()).isEqualTo("url");
              assertThat(v.problem())
                  .contains("is outside ingest.file-roots")
                  .contains(outside.getFileName().toString());
            });
    assertThat(roots.check(CameraUrl.parse("file://" + escape))).isPresent();
  }

  @Test
  void aLinkInsideARootThatLeadsOutsideIsRefused() throws Exception {
    Path link = Files.createSymbolicLink(videos.resolve("innocent.mp4"), outside);
    assertThatThrownBy(() -> roots.confine(CameraUrl.parse(link.toString())))
        .hasMessageContaining("its real path is " + outside.toRealPath());
  }

  @Test
  void aLinkedDirectoryInsideARootThatLeadsOutsideIsRefused() throws Exception {
    Path linkedDir = Files.createSymbolicLink(videos.resolve("more"), tmp);
    assertThat(roots.check(CameraUrl.parse(linkedDir.resolve("secret.txt").toString())))
        .isPresent();
  }

  @Test
  void aDanglingLinkIsRefusedBecauseWhereItLeadsCanAppearLater() throws Exception {
    Path dangling =
        Files.createSymbolicLink(videos.resolve("later.mp4"), tmp.resolve("not-yet.mp4"));
    assertThatThrownBy(() -> roots.confine(CameraUrl.parse(dangling.toString())))
        .hasMessageContaining("cannot be resolved to a real path");
  }

  @Test
  void aRootReachedThroughALinkIsJudgedByItsRealPath() throws Exception {
    Path linkToRoot = Files.createSymbolicLink(tmp.resolve("videos-link"), videos);
    FileRoots viaLink = new FileRoots(List.of(linkToRoot.toString()));
    assertThat(viaLink.check(CameraUrl.parse(videos.resolve("yard.mp4").toString()))).isEmpty();
    assertThat(viaLink.check(CameraUrl.parse(outside.toString()))).isPresent();
  }

  @Test
  void aFileNotThereYetInsideARootIsAcceptedAndOneOutsideIsNot() {
    assertThat(roots.check(CameraUrl.parse(videos.resolve("tomorrow/clip.mp4").toString())))
        .isEmpty();
    assertThat(
            roots.check(CameraUrl.parse(videos.resolve("tomorrow/../../elsewhere.mp4").toString())))
        .isPresent();
  }

  @Test
  void aPrefixOfARootsNameIsNotInsideIt() throws Exception {
    Path sibling = Files.createDirectories(tmp.resolve("videos-private"));
    Files.writeString(sibling.resolve("a.mp4"), "x");
    assertThat(roots.check(CameraUrl.parse(sibling.resolve("a.mp4").toString()))).isPresent();
  }

  @Test
  void networkSourcesAreNotFileSources() {
    assertThat(FileRoots.none().check(CameraUrl.parse("rtsp://cam.local/live"))).isEmpty();
  }
}
