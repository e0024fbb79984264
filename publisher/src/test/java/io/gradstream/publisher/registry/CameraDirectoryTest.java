package io.gradstream.publisher.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.wire.CameraRegistration;
import org.junit.jupiter.api.Test;

/** The registry's record semantics; following a real broker is covered by CameraDirectoryIT in app. */
class CameraDirectoryTest {
  private final CameraDirectory directory = CameraDirectory.detached("gradstream.cameras");

  private static byte[] registration(String id, String url) {
    return CameraRegistration.newBuilder().setId(id).setUrl(url).build().toByteArray();
  }

  @Test
  void theLatestRegistrationOfACameraWins() {
    directory.apply("gate", registration("gate", "rtsp://old/stream"), 0);
    directory.apply("gate", registration("gate", "rtsp://new/stream"), 1);

    assertThat(directory.cameras()).extracting(CameraRegistration::getUrl).containsExactly("rtsp://new/stream");
  }

  @Test
  void aNullValueRemovesTheCamera() {
    directory.apply("gate", registration("gate", "rtsp://a/s"), 0);
    directory.apply("yard", registration("yard", "rtsp://b/s"), 1);
    directory.apply("gate", null, 2);

    assertThat(directory.cameras()).extracting(CameraRegistration::getId).containsExactly("yard");
    assertThat(directory.get("gate")).isEmpty();
  }

  @Test
  void garbageAndKeylessRecordsAreSkippedAndTheRestKept() {
    directory.apply("gate", registration("gate", "rtsp://a/s"), 0);
    directory.apply("gate", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 1);
    directory.apply(null, registration("x", "rtsp://x/s"), 2);

    assertThat(directory.cameras()).extracting(CameraRegistration::getUrl).containsExactly("rtsp://a/s");
  }

  @Test
  void camerasAreListedById() {
    directory.apply("zebra", registration("zebra", "/z.mp4"), 0);
    directory.apply("alpha", registration("alpha", "/a.mp4"), 1);

    assertThat(directory.cameras()).extracting(CameraRegistration::getId).containsExactly("alpha", "zebra");
  }
}
