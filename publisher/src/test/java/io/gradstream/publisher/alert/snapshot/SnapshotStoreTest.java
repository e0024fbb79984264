package io.gradstream.publisher.alert.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
  @TempDir Path dir;
  private static final String ID = "0123456789abcdef".repeat(4);

  @Test
  void aSavedSnapshotIsFoundByItsFileNameAtItsUrl() throws Exception {
    SnapshotStore store = new SnapshotStore(dir.resolve("snaps"));

    String url = store.save(ID, new byte[] {1, 2, 3});

    assertThat(url).isEqualTo("/snapshots/" + ID + ".jpg");
    assertThat(store.find(ID + ".jpg"))
        .hasValueSatisfying(p -> assertThat(p).hasBinaryContent(new byte[] {1, 2, 3}));
    try (var files = Files.list(dir.resolve("snaps"))) {
      assertThat(files).as("no temporary file left behind").hasSize(1);
    }
  }

  @Test
  void namesThatAreNotAnAlertIdFindNothingEvenWhenSuchAFileExists() throws Exception {
    SnapshotStore store = new SnapshotStore(dir.resolve("snaps"));
    Files.writeString(dir.resolve("secret.jpg"), "x");

    assertThat(store.find("../secret.jpg")).isEmpty();
    assertThat(store.find("secret.jpg")).isEmpty();
    assertThat(store.find(ID.toUpperCase() + ".jpg")).isEmpty();
    assertThat(store.find(ID)).isEmpty();
    assertThat(store.find(ID + ".jpg")).as("well-formed but never saved").isEmpty();
    assertThat(store.find(null)).isEmpty();
  }

  @Test
  void savingUnderANameThatIsNoAlertIdIsRefused() throws Exception {
    SnapshotStore store = new SnapshotStore(dir);
    assertThatThrownBy(() -> store.save("../../etc/passwd", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
