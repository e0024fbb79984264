package io.gradstream.inference.worker.metrics;

import io.gradstream.common.metrics.BoundedLabel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.stream.IntStream;

/**
 * {@code gradstream_inference_explanation_confidence_ratio{method}}: the explanation confidence of every
 * detection, a Prometheus histogram with buckets every 0.05 over [0, 1].
 *
 * <p>Registered with the Prometheus client under the Micrometer registry rather than as a Micrometer
 * {@code DistributionSummary}: Micrometer rounds every recorded value up to a whole number before it
 * picks a bucket (micrometer#2341), which would put every confidence into {@code le="1.0"}. So only a
 * {@link PrometheusMeterRegistry} gets this histogram; with any other registry it records nothing.
 */
final class ExplanationConfidenceHistogram implements AutoCloseable {
  /** Steps of 0.05 over [0, 1]. */
  static final double[] BUCKETS = IntStream.rangeClosed(1, 20).mapToDouble(i -> i / 20.0).toArray();
  /** Explanation methods come from code; the cap only guards against a bug. */
  private static final int MAX_METHODS = 16;

  private final PrometheusRegistry registry;
  private final Histogram histogram;
  private final BoundedLabel methods = new BoundedLabel(MAX_METHODS);

  private ExplanationConfidenceHistogram(PrometheusRegistry registry, Histogram histogram) {
    this.registry = registry;
    this.histogram = histogram;
  }

  /** The histogram in {@code meters} when it is a Prometheus registry, else one that records nothing. */
  static ExplanationConfidenceHistogram register(MeterRegistry meters) {
    if (!(meters instanceof PrometheusMeterRegistry prometheus)) {
      return new ExplanationConfidenceHistogram(null, null);
    }
    Histogram histogram = Histogram.builder()
        .name("gradstream_inference_explanation_confidence_ratio")
        .help("Explanation confidence of every detection produced, in [0, 1]")
        .labelNames("method")
        .classicOnly()
        .withoutExemplars() // exemplars need a tracer, which gradstream does not run
        .classicUpperBounds(BUCKETS)
        .build();
    prometheus.getPrometheusRegistry().register(histogram);
    return new ExplanationConfidenceHistogram(prometheus.getPrometheusRegistry(), histogram);
  }

  /** One detection explained by {@code method} with {@code confidence} (clamped to [0, 1]). */
  void record(String method, double confidence) {
    if (histogram != null) {
      histogram.labelValues(methods.of(method)).observe(Math.clamp(confidence, 0.0, 1.0));
    }
  }

  /** Takes the histogram out of the registry. */
  @Override
  public void close() {
    if (registry != null) {
      registry.unregister(histogram);
    }
  }
}
