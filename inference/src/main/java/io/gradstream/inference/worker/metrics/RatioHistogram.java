package io.gradstream.inference.worker.metrics;

import io.gradstream.common.metrics.BoundedLabel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.stream.IntStream;

/**
 * A Prometheus histogram of a ratio in [0, 1] with buckets every 0.05 and one label: the
 * explanation confidence of every detection by {@code method}, and its reliability by {@code
 * class}.
 *
 * <p>Registered with the Prometheus client under the Micrometer registry rather than as a
 * Micrometer {@code DistributionSummary}: Micrometer rounds every recorded value up to a whole
 * number before it picks a bucket (micrometer#2341), which would put every ratio into {@code
 * le="1.0"}. So only a {@link PrometheusMeterRegistry} gets this histogram; with any other registry
 * it records nothing.
 */
final class RatioHistogram implements AutoCloseable {
  /** Steps of 0.05 over [0, 1]. */
  static final double[] BUCKETS = IntStream.rangeClosed(1, 20).mapToDouble(i -> i / 20.0).toArray();

  private final PrometheusRegistry registry;
  private final Histogram histogram;
  private final BoundedLabel values;

  private RatioHistogram(PrometheusRegistry registry, Histogram histogram, int maxLabelValues) {
    this.registry = registry;
    this.histogram = histogram;
    this.values = new BoundedLabel(maxLabelValues);
  }

  /**
   * The histogram {@code name} in {@code meters} when it is a Prometheus registry, else one that
   * records nothing.
   *
   * @param maxLabelValues label values beyond this many share {@code other}: they come from models,
   *     not people
   */
  static RatioHistogram register(
      MeterRegistry meters, String name, String help, String label, int maxLabelValues) {
    if (!(meters instanceof PrometheusMeterRegistry prometheus)) {
      return new RatioHistogram(null, null, maxLabelValues);
    }
    Histogram histogram =
        Histogram.builder()
            .name(name)
            .help(help)
            .labelNames(label)
            .classicOnly()
            .withoutExemplars() // exemplars need a tracer, which gradstream does not run
            .classicUpperBounds(BUCKETS)
            .build();
    prometheus.getPrometheusRegistry().register(histogram);
    return new RatioHistogram(prometheus.getPrometheusRegistry(), histogram, maxLabelValues);
  }

  /** One observation of {@code ratio} (clamped to [0, 1]) under label value {@code value}. */
  void record(String value, double ratio) {
    if (histogram != null) {
      histogram.labelValues(values.of(value)).observe(Math.clamp(ratio, 0.0, 1.0));
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
