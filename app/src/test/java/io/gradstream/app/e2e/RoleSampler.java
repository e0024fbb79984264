package io.gradstream.app.e2e;

import io.gradstream.app.bench.pipeline.PrometheusScrape;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Once a second, on a thread of its own: the last good {@code /metrics} scrape of each role (so a
 * worker that is killed leaves its final counts behind), this JVM's largest heap use, and the
 * publisher's committed detections offsets (how far it has handled the detections, alerts written).
 * Failures while the broker is down are expected and only mean no new sample.
 */
final class RoleSampler implements AutoCloseable {
  /** The publisher's committed detections offsets, summed over partitions, at a moment. */
  record Committed(long nanos, long offsets) {}

  private final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private final Map<String, PrometheusScrape> last = new ConcurrentHashMap<>();
  private final List<Committed> committed = new ArrayList<>();
  private final Admin admin;
  private final String publisherGroup;
  private final Thread thread;
  private volatile long maxHeapBytes;
  private volatile boolean closing;

  RoleSampler(String bootstrapServers, String publisherGroup) {
    this.publisherGroup = publisherGroup;
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3_000));
    thread = Thread.ofPlatform().name("soak-role-sampler").daemon().start(this::loop);
  }

  /** Scrapes {@code role}'s metrics from now on. */
  void watch(String role, int httpPort) {
    ports.put(role, httpPort);
  }

  /** Stops scraping {@code role} (about to be killed) after one last scrape, which is kept. */
  void scrapeOnceMoreAndForget(String role) {
    Integer port = ports.remove(role);
    if (port != null) {
      scrape(role, port);
    }
  }

  private void loop() {
    while (!closing) {
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      maxHeapBytes = Math.max(maxHeapBytes, heap);
      ports.forEach(this::scrape);
      sampleCommitted();
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void scrape(String role, int port) {
    try {
      last.put(role, PrometheusScrape.of(port));
    } catch (Exception e) {
      // a role that is busy or gone keeps its previous scrape
    }
  }

  private void sampleCommitted() {
    try {
      Map<?, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(publisherGroup)
              .partitionsToOffsetAndMetadata()
              .get(3, TimeUnit.SECONDS);
      long sum =
          offsets.values().stream()
              .filter(o -> o != null)
              .mapToLong(OffsetAndMetadata::offset)
              .sum();
      synchronized (committed) {
        committed.add(new Committed(System.nanoTime(), sum));
      }
    } catch (Exception e) {
      // broker down: no sample this second
    }
  }

  /** The last good scrape of {@code role}, or null if it was never scraped. */
  PrometheusScrape last(String role) {
    return last.get(role);
  }

  /** The largest heap use this JVM showed in any sample (no GC forced). */
  long maxHeapBytes() {
    return maxHeapBytes;
  }

  /**
   * When the publisher's committed offsets first went beyond what they were at {@code sinceNanos},
   * if they did.
   */
  Optional<Long> publisherAdvancedAfter(long sinceNanos) {
    synchronized (committed) {
      long base =
          committed.stream()
              .filter(c -> c.nanos() <= sinceNanos)
              .mapToLong(Committed::offsets)
              .max()
              .orElse(0);
      return committed.stream()
          .filter(c -> c.nanos() > sinceNanos && c.offsets() > base)
          .map(Committed::nanos)
          .findFirst();
    }
  }

  /** The publisher's committed detections offsets, summed, as of the last sample. */
  long publisherCommitted() {
    synchronized (committed) {
      return committed.isEmpty() ? 0 : committed.get(committed.size() - 1).offsets();
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    thread.interrupt();
    thread.join(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(5));
  }
}
