package io.gradstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradstream bench kafka} for a few seconds on two synthetic cameras, on its own embedded
 * broker and on one it is pointed at. Asserts that every frame sent in the window was polled and
 * timed, never how fast.
 */
@Tag("e2e")
class BenchKafkaCommandIT {
  private final CapturedCli cli = new CapturedCli();
  @TempDir Path dir;

  @Test
  void twoCamerasForAFewSecondsReportTheHopOfEveryPolledRecordAndNoVerdictBelowTheTargetLoad()
      throws Exception {
    Path json = dir.resolve("kafka.json");

    int code =
        cli.execute(
            "bench",
            "kafka",
            "--cameras",
            "2",
            "--fps",
            "10",
            "--jit-warmup",
            "300",
            "--warmup",
            "2",
            "--warmup-limit",
            "3",
            "--duration",
            "4",
            "--pool-frames",
            "20",
            "--json",
            json.toString());

    assertThat(code).as("exit code; stderr: %s", cli.err()).isZero();
    assertThat(cli.out())
        .contains("timed:")
        .contains("timed after 300 JIT warm-up records")
        .contains("Kafka hop (ms)")
        .contains("kafka-hop: not applicable")
        .contains("report -> " + json);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    JsonNode result = report.path("result");
    long offered = result.path("offered").asLong();
    long polled = result.path("records").asLong();
    // Two cameras at 10 fps for 4 s; the pacing never sends early, so at most one frame per camera
    // more.
    assertThat(offered).isBetween(40L, 82L);
    // Polled in the window: the frames sent in it, give or take those in flight at either edge.
    assertThat(polled).isBetween(offered - 10, offered + 10);
    JsonNode hop = report.path("hopMs");
    assertThat(hop.path("count").asLong())
        .as("every polled record has a CreateTime")
        .isEqualTo(polled);
    assertThat(hop.path("p50").asDouble()).isLessThanOrEqualTo(hop.path("p99").asDouble());
    assertThat(hop.path("p99").asDouble()).isLessThanOrEqualTo(hop.path("max").asDouble());
    assertThat(hop.path("max").asDouble())
        .as("a hop is shorter than the whole run")
        .isLessThan(4_000);
    assertThat(result.path("megabytesPerSecond").asDouble()).as("JPEG frames moved").isPositive();
    assertThat(report.path("meanJpegBytes").asLong())
        .as("real 768x576 JPEGs")
        .isGreaterThan(10_000);
    assertThat(report.path("jitWarmupRecords").asInt()).isEqualTo(300);
    // 300 frames leave the JIT busy, so the paced warm-up ends between its least and its limit,
    // saying which.
    JsonNode warmup = result.path("warmup");
    assertThat(warmup.path("seconds").asDouble()).isBetween(2.0, 3.5);
    assertThat(cli.out())
        .contains("warm-up: paced")
        .contains(
            warmup.path("jitQuiet").asBoolean()
                ? "until the JIT was quiet"
                : "until the limit, JIT NOT quiet");
    assertThat(result.path("jitCompileMillisInWindow").asLong())
        .as("HotSpot reports compilation time")
        .isNotNegative();
  }

  @Test
  void anExistingBrokerIsMeasuredInATopicOfItsOwnThatIsDeletedAfterwards() throws Exception {
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                new EmbeddedBrokerConfig(dir.resolve("broker").toString(), 0, 0), 8 << 20);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Path json = dir.resolve("existing.json");

      int code =
          cli.execute(
              "bench",
              "kafka",
              "--bootstrap-servers",
              broker.bootstrapServers(),
              "--cameras",
              "2",
              "--jit-warmup",
              "100",
              "--warmup",
              "1",
              "--warmup-limit",
              "1",
              "--duration",
              "2",
              "--pool-frames",
              "20",
              "--json",
              json.toString());

      assertThat(code).as("exit code; stderr: %s", cli.err()).isZero();
      JsonNode report = new ObjectMapper().readTree(json.toFile());
      assertThat(report.path("broker").asText()).isEqualTo(broker.bootstrapServers());
      assertThat(report.path("result").path("records").asLong())
          .as("frames polled from that broker")
          .isGreaterThan(20);
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .as("topics left behind")
          .noneMatch(t -> t.startsWith("gradstream.bench-kafka."));
    }
  }
}
