package io.gradstream.publisher.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestWinsSenderTest {
  private final List<String> started = new ArrayList<>();
  private final List<Promise<Void>> writes = new ArrayList<>();
  private final Counts counts = new Counts();
  private final LatestWinsSender<String> sender =
      new LatestWinsSender<>(
          item -> {
            started.add(item);
            Promise<Void> write = Promise.promise();
            writes.add(write);
            return write.future();
          },
          counts);

  static final class Counts implements LatestWinsSender.Outcome {
    int sent;
    int skipped;
    Throwable failed;

    @Override
    public void sent() {
      sent++;
    }

    @Override
    public void skipped() {
      skipped++;
    }

    @Override
    public void failed(Throwable error) {
      failed = error;
    }
  }

  @Test
  void anIdleClientGetsEachFrameAtOnce() {
    sender.offer("f1");
    writes.get(0).complete();
    sender.offer("f2");
    writes.get(1).complete();

    assertThat(started).containsExactly("f1", "f2");
    assertThat(counts.sent).isEqualTo(2);
    assertThat(counts.skipped).isZero();
    assertThat(sender.busy()).isFalse();
  }

  @Test
  void whileAWriteIsPendingNewerFramesReplaceTheWaitingOneAndOnlyTheNewestFollows() {
    sender.offer("f1");
    sender.offer("f2");
    sender.offer("f3");
    sender.offer("f4");

    assertThat(started).as("nothing else starts while f1 is being written").containsExactly("f1");
    assertThat(counts.skipped).as("f2 and f3 were replaced before they could go").isEqualTo(2);

    writes.get(0).complete();
    assertThat(started).containsExactly("f1", "f4");
    writes.get(1).complete();
    assertThat(started).containsExactly("f1", "f4");
    assertThat(counts.sent).isEqualTo(2);
    assertThat(sender.busy()).isFalse();
  }

  @Test
  void aSlowClientNeverHoldsMoreThanOneFrameWaiting() {
    sender.offer("f0");
    for (int i = 1; i <= 1000; i++) {
      sender.offer("f" + i);
    }
    writes.get(0).complete();

    assertThat(started).containsExactly("f0", "f1000");
    assertThat(counts.skipped).isEqualTo(999);
  }

  @Test
  void aFailedWriteStopsTheSender() {
    sender.offer("f1");
    sender.offer("f2");
    writes.get(0).fail(new IllegalStateException("connection closed"));
    sender.offer("f3");

    assertThat(started).containsExactly("f1");
    assertThat(counts.failed).hasMessage("connection closed");
    assertThat(counts.sent).isZero();
  }

  @Test
  void afterCloseNothingIsSentAndTheWaitingFrameIsDropped() {
    sender.offer("f1");
    sender.offer("f2");
    sender.close();
    writes.get(0).complete();
    sender.offer("f3");

    assertThat(started).containsExactly("f1");
  }

  @Test
  void aSendThatThrowsCountsAsFailed() {
    LatestWinsSender<String> throwing =
        new LatestWinsSender<>(
            item -> {
              throw new IllegalArgumentException("cannot encode " + item);
            },
            counts);
    throwing.offer("f1");

    assertThat(counts.failed).hasMessage("cannot encode f1");
    assertThat(throwing.busy()).isFalse();
  }

  @Test
  void synchronousWritesDoNotLoseTheNextFrame() {
    List<String> written = new ArrayList<>();
    LatestWinsSender<String> immediate =
        new LatestWinsSender<>(
            item -> {
              written.add(item);
              return Future.succeededFuture();
            },
            counts);
    immediate.offer("a");
    immediate.offer("b");

    assertThat(written).containsExactly("a", "b");
  }
}
