package io.gradstream.app.e2e;

import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.CameraConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.HttpAuthConfig;
import io.gradstream.common.config.HttpConfig;
import io.gradstream.common.config.HttpLimitsConfig;
import io.gradstream.common.config.IngestConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.PublisherConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Configurations for end-to-end tests: free ports, a temporary data dir, quick failure detection.
 */
final class TestConfigs {
  /** The access token of the test servers (http.auth.token). */
  static final String TOKEN = "e2e-test-token-0123456789";

  private TestConfigs() {}

  static GradstreamConfig ingest(Path dataDir, List<CameraConfig> cameras) {
    GradstreamConfig defaults = new ConfigLoader(Map.of()).load(null);
    KafkaConfig k = defaults.kafka();
    KafkaConfig kafka =
        new KafkaConfig(
            "",
            new EmbeddedBrokerConfig(dataDir.toString(), 0, 0),
            k.topics(),
            k.maxMessageBytes());
    // Notice a dead camera in 2 s and retry quickly, so the tests see reconnects within seconds.
    IngestConfig ingest = new IngestConfig(10, 85, 2_000, new BackoffConfig(250, 2_000, 2.0, 0.2));
    // Alert snapshots stay beside the broker's log dir in the test's own directory, never in the
    // working tree
    // (and not inside the log dir, where Kafka takes every folder for a partition).
    String snapshots = dataDir.resolveSibling(dataDir.getFileName() + "-snapshots").toString();
    PublisherConfig publisher =
        defaults.publisher().withAlerts(defaults.publisher().alerts().withSnapshotDir(snapshots));
    return new GradstreamConfig(
        List.of("ingest"),
        kafka,
        new HttpConfig("127.0.0.1", 0, HttpAuthConfig.withToken(TOKEN), HttpLimitsConfig.DEFAULTS),
        ingest,
        defaults.inference(),
        publisher,
        cameras);
  }

  /** {@code config} with file sources allowed under {@code roots} (ingest.file-roots). */
  static GradstreamConfig withFileRoots(GradstreamConfig config, String... roots) {
    return new GradstreamConfig(
        config.roles(),
        config.kafka(),
        config.http(),
        config.ingest().withFileRoots(List.of(roots)),
        config.inference(),
        config.publisher(),
        config.cameras());
  }
}
