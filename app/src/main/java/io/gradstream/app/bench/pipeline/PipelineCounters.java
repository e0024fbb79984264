package io.gradstream.app.bench.pipeline;

import java.util.Map;
import java.util.TreeMap;

/**
 * The roles' frame counters at one instant, summed over cameras and workers. The difference of two
 * snapshots is what happened in between.
 *
 * @param offered frames the source produced to the frames topic
 * @param consumed records the workers polled ({@code gradstream_inference_frames_total})
 * @param explained explained frames the workers wrote ({@code
 *     gradstream_inference_frames_out_total})
 * @param drops lost frames by {@code where/reason}: {@code inference/<reason>} from the workers,
 *     {@code source/<reason>} or {@code ingest/<reason>} from the frame source, {@code
 *     publisher/<outcome>} frames the publisher showed without detections, and {@code
 *     viewer/skipped} frames the viewers' latest-wins sender passed over
 */
public record PipelineCounters(
    long offered, long consumed, long explained, Map<String, Long> drops) {
  /** The workers' drop reasons, every one reported even at 0. */
  public static final String[] INFERENCE_REASONS = {
    "stale", "backpressure", "undecodable", "detector-error", "revoked"
  };

  public PipelineCounters {
    drops = Map.copyOf(drops);
  }

  /** What happened between {@code earlier} and this snapshot. */
  public PipelineCounters minus(PipelineCounters earlier) {
    Map<String, Long> delta = new TreeMap<>();
    drops.forEach((k, v) -> delta.put(k, v - earlier.drops().getOrDefault(k, 0L)));
    return new PipelineCounters(
        offered - earlier.offered(),
        consumed - earlier.consumed(),
        explained - earlier.explained(),
        delta);
  }

  /** Frames the workers dropped, all reasons. */
  public long inferenceDropped() {
    return drops.entrySet().stream()
        .filter(e -> e.getKey().startsWith("inference/"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The drops sorted by key, for a report. */
  public Map<String, Long> sortedDrops() {
    return new TreeMap<>(drops);
  }
}
