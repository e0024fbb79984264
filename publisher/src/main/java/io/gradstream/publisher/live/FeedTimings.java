package io.gradstream.publisher.live;

/** Told how long the live feed's own steps took, for the publisher's stage-latency metric. */
public interface FeedTimings {
  /** Does nothing. */
  FeedTimings NONE =
      new FeedTimings() {
        @Override
        public void rendered(long nanos) {}

        @Override
        public void published(long nanos) {}
      };

  /** One frame's boxes and heatmaps were drawn and JPEG-encoded in {@code nanos}. */
  void rendered(long nanos);

  /** One frame was made its camera's newest and handed to every subscriber in {@code nanos}. */
  void published(long nanos);
}
