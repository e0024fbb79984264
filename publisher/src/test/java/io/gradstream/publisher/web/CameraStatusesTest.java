package io.gradstream.publisher.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.publisher.live.CameraActivity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraStatusesTest {
  private static CameraRegistration camera(String id, String url) {
    return CameraRegistration.newBuilder().setId(id).setUrl(url).setMaxFps(5).build();
  }

  @Test
  void aCameraWithFreshFramesIsLiveWithItsFpsAndDetections() {
    List<CameraStatuses.Row> rows =
        CameraStatuses.of(
            List.of(camera("gate", "rtsp://10.0.0.5/stream")),
            Map.of("gate", new CameraActivity.Snapshot(120, 118, 4.96, 180)),
            Map.of("gate", 3));

    assertThat(rows)
        .containsExactly(
            new CameraStatuses.Row(
                "gate", "rtsp://10.0.0.5/stream", true, "live", 5.0, 180, 120, 3, 5));
  }

  @Test
  void aCameraWhoseFramesStoppedIsStalledAndOneWithoutFramesIsWaiting() {
    List<CameraStatuses.Row> rows =
        CameraStatuses.of(
            List.of(camera("a", "/v/a.mp4"), camera("b", "/v/b.mp4")),
            Map.of("a", new CameraActivity.Snapshot(50, 50, 5, 4_000)),
            Map.of());

    assertThat(rows)
        .extracting(CameraStatuses.Row::id, CameraStatuses.Row::state, CameraStatuses.Row::fps)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "stalled", 0.0),
            org.assertj.core.groups.Tuple.tuple("b", "waiting", 0.0));
    assertThat(rows.get(1).lastFrameAgeMs()).isEqualTo(-1);
  }

  @Test
  void aSlowCameraIsNotCalledStalledBetweenItsFrames() {
    // 0.5 fps: a frame every two seconds; five intervals is ten seconds.
    List<CameraStatuses.Row> rows =
        CameraStatuses.of(
            List.of(camera("slow", "/v/s.mp4")),
            Map.of("slow", new CameraActivity.Snapshot(10, 10, 0.5, 6_000)),
            Map.of());

    assertThat(rows.get(0).state()).isEqualTo("live");
  }

  @Test
  void credentialsInTheUrlNeverAppear() {
    List<CameraStatuses.Row> rows =
        CameraStatuses.of(
            List.of(camera("lobby", "rtsp://admin:s3cret@10.0.0.7:554/live?token=abc123")),
            Map.of(),
            Map.of());

    assertThat(rows.get(0).url())
        .doesNotContain("admin", "s3cret", "abc123")
        .isEqualTo("rtsp://***@10.0.0.7:554/live?token=***");
  }

  @Test
  void aCameraSendingFramesButNotRegisteredStillShowsWithoutAUrl() {
    List<CameraStatuses.Row> rows =
        CameraStatuses.of(
            List.of(), Map.of("ghost", new CameraActivity.Snapshot(3, 0, 2, 100)), Map.of());

    assertThat(rows)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.registered()).isFalse();
              assertThat(r.url()).isNull();
              assertThat(r.state()).isEqualTo("live");
            });
  }
}
