package io.gradstream.publisher.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.publisher.join.JoinedFrame;
import io.gradstream.publisher.render.RenderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveFeedTest {
  private final AtomicLong now = new AtomicLong();
  private final LiveFeed feed = new LiveFeed(RenderOptions.defaults(), now::get);

  private static JoinedFrame joined(String camera, long seq, boolean detected) {
    FrameEnvelope frame = FrameEnvelope.newBuilder().setCameraId(camera).setSeq(seq).build();
    return new JoinedFrame(
        frame,
        detected ? ExplainedFrame.newBuilder().setCameraId(camera).setSeq(seq).build() : null);
  }

  @Test
  void theNewestFrameOfEachCameraIsKeptAndSubscribersSeeEveryOne() throws Exception {
    List<Long> seen = new ArrayList<>();
    AutoCloseable subscription = feed.subscribe(f -> seen.add(f.seq()));
    feed.publish(joined("a", 1, true));
    feed.publish(joined("b", 7, true));
    feed.publish(joined("a", 2, false));
    subscription.close();
    feed.publish(joined("a", 3, true));

    assertThat(seen).containsExactly(1L, 7L, 2L);
    assertThat(feed.newest("a")).hasValueSatisfying(f -> assertThat(f.seq()).isEqualTo(3));
    assertThat(feed.newest("nope")).isEmpty();
  }

  @Test
  void aFailingSubscriberDoesNotStopTheOthers() {
    List<Long> seen = new ArrayList<>();
    feed.subscribe(
        f -> {
          throw new IllegalStateException("broken viewer");
        });
    feed.subscribe(f -> seen.add(f.seq()));

    feed.publish(joined("a", 1, true));

    assertThat(seen).containsExactly(1L);
  }

  @Test
  void activityCountsFramesAndMeasuresTheRateAndAge() {
    for (int i = 0; i < 11; i++) {
      now.set(i * 100_000_000L); // 10 fps
      feed.publish(joined("a", i + 1, i % 2 == 0));
    }
    now.set(1_500_000_000L);

    CameraActivity.Snapshot a = feed.activity().get("a");
    assertThat(a.frames()).isEqualTo(11);
    assertThat(a.withDetections()).isEqualTo(6);
    assertThat(a.fps()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.lastFrameAgeMs()).isEqualTo(500);
  }
}
