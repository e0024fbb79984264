package io.gradstream.app.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
  private static final String TEXT =
      """
      # HELP gradstream_inference_frames_total Frames consumed from the frames topic
      # TYPE gradstream_inference_frames_total counter
      gradstream_inference_frames_total{camera="cam-01"} 120.0
      gradstream_inference_frames_total{camera="cam-02"} 80.0
      gradstream_inference_frames_dropped_total{camera="cam-01",reason="stale"} 3.0
      gradstream_inference_frames_dropped_total{camera="cam-02",reason="stale"} 2.0
      gradstream_inference_frames_dropped_total{camera="cam-02",reason="backpressure"} 7.0
      gradstream_inference_frames_total_other{camera="cam-01"} 999.0
      gradstream_viewer_frames_skipped_total{kind="websocket"} 4.0
      process_cpu_usage 0.5
      """;

  @Test
  void sumsEverySeriesOfANameAndOnlyThatName() {
    PrometheusScrape scrape = PrometheusScrape.parse(TEXT);
    assertThat(scrape.sum("gradstream_inference_frames_total")).isEqualTo(200.0);
    assertThat(scrape.sum("process_cpu_usage")).isEqualTo(0.5);
    assertThat(scrape.sum("no_such_metric")).isZero();
  }

  @Test
  void groupsSumsByALabel() {
    PrometheusScrape scrape = PrometheusScrape.parse(TEXT);
    assertThat(scrape.sumBy("gradstream_inference_frames_dropped_total", "reason"))
        .isEqualTo(Map.of("stale", 5.0, "backpressure", 7.0));
    assertThat(scrape.sumBy("gradstream_viewer_frames_skipped_total", "kind"))
        .isEqualTo(Map.of("websocket", 4.0));
  }
}
