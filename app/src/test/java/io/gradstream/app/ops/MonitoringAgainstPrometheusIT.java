package io.gradstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradstream.app.demo.DemoFootage;
import io.gradstream.app.demo.LoopingRtspServer;
import io.gradstream.app.runtime.GradstreamRuntime;
import io.gradstream.common.config.ConfigLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * monitoring/ against a real Prometheus scraping a real gradstream. Three runtimes, one per role,
 * as they run in production: ingest (with the embedded broker) reading a live camera (vtest.avi
 * over a Debian RTSP server) and a dead one (a closed port); an inference worker with the real 320
 * model; a publisher. Debian's prometheus scrapes them with the committed config (targets and
 * intervals changed, see {@link TestPrometheusConfig}) and loads the committed rules. Then every
 * query of every dashboard panel and every alert rule is evaluated through Prometheus' HTTP API and
 * must return series.
 *
 * <p>Grafana's time variables are fixed for a short run: {@code $__rate_interval} = {@value
 * #RATE_INTERVAL} (four or more 1 s scrapes, as Grafana would make it), {@code $__interval} =
 * {@value #INTERVAL}, {@code $__range} = {@value #RANGE}; {@code $camera} is the live camera. Alert
 * rules are probed by the parts their thresholds compare ({@link PromqlProbes}): a healthy system
 * hides the thresholded result.
 *
 * <p>Needs the 320 model ({@code ./scripts/setup.sh}), opencv-doc, rtsp-server-perl and prometheus.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringAgainstPrometheusIT {
  static final String RATE_INTERVAL = "15s";
  static final String INTERVAL = "5s";
  static final String RANGE = "5m";
  private static final String LIVE = "campus";
  private static final String DEAD = "unplugged";
  private static final Path MODEL =
      Path.of(
          System.getProperty("user.home"), ".cache", "gradstream", "models", "yolov5s-320.onnx");
  private static final Duration DATA_DEADLINE = Duration.ofSeconds(120);

  @TempDir static Path dir;
  static LoopingRtspServer rtsp;
  static GradstreamRuntime ingest;
  static GradstreamRuntime inference;
  static GradstreamRuntime publisher;
  static PrometheusServer prometheus;
  static Path testConfig;
  static long startedNanos;

  @BeforeAll
  static void start() throws Exception {
    startedNanos = System.nanoTime();
    assertThat(PrometheusServer.BINARY)
        .as("Debian's prometheus; run ./scripts/setup.sh")
        .isExecutable();
    assertThat(Promtool.BINARY)
        .as("promtool (Debian's prometheus); run ./scripts/setup.sh")
        .isExecutable();
    assertThat(MODEL).as("the 320 demo model; run ./scripts/setup.sh to import it").isRegularFile();
    rtsp = LoopingRtspServer.start(DemoFootage.vtestAvi(), LIVE);
    ingest =
        GradstreamRuntime.start(
            config(
                "ingest",
                """
        roles: [ingest]
        kafka:
          embedded: {data-dir: "%s", port: 0, controller-port: 0}
        ingest:
          read-timeout-ms: 2000
          reconnect: {initial-delay-ms: 250, max-delay-ms: 2000}
        cameras:
          - {id: %s, url: "%s", max-fps: 5}
          - {id: %s, url: "rtsp://127.0.0.1:%d/%s"}
        """
                    .formatted(dir.resolve("kafka"), LIVE, rtsp.url(), DEAD, closedPort(), DEAD)));
    // 5 fps and the 320 model: ingest, the worker and the publisher share two cores in one JVM.
    inference =
        GradstreamRuntime.start(
            config(
                "inference",
                """
        roles: [inference]
        kafka: {bootstrap-servers: "%s"}
        inference: {model: "%s", input-size: 320}
        """
                    .formatted(ingest.bootstrapServers(), MODEL)));
    publisher =
        GradstreamRuntime.start(
            config(
                "publisher",
                """
        roles: [publisher]
        kafka: {bootstrap-servers: "%s"}
        publisher:
          alerts: {snapshot-dir: "%s"}
        """
                    .formatted(ingest.bootstrapServers(), dir.resolve("snapshots"))));
    Map<String, String> targets = new LinkedHashMap<>();
    targets.put("gradstream-ingest", "127.0.0.1:" + ingest.httpPort());
    targets.put("gradstream-inference", "127.0.0.1:" + inference.httpPort());
    targets.put("gradstream-publisher", "127.0.0.1:" + publisher.httpPort());
    testConfig = TestPrometheusConfig.write(dir.resolve("prometheus.yml"), targets);
    Files.createDirectories(dir.resolve("prometheus"));
    prometheus = PrometheusServer.start(testConfig, dir.resolve("prometheus"));
  }

  /**
   * Each role's configuration as an operator writes it: a YAML file over the documented defaults.
   */
  private static io.gradstream.common.config.GradstreamConfig config(String name, String yaml)
      throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "http: {host: 127.0.0.1, port: 0}\n" + yaml);
    return new ConfigLoader(Map.of()).load(file);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, publisher, inference, ingest, rtsp}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("stopping " + c + ": " + e);
        }
      }
    }
    System.out.printf(
        "MonitoringAgainstPrometheusIT: %.1f s from start to stop%n",
        (System.nanoTime() - startedNanos) / 1e9);
  }

  @Test
  @Order(1)
  void promtoolAcceptsTheCommittedConfigRulesAndRuleTests() throws Exception {
    Path prometheusDir = MonitoringFiles.prometheusConfig().getParent();
    Promtool.Result config =
        Promtool.run(
            prometheusDir, "check", "config", MonitoringFiles.prometheusConfig().toString());
    assertThat(config.exitCode()).as("promtool check config:\n%s", config.output()).isZero();

    List<String> rules = new ArrayList<>(List.of("check", "rules"));
    MonitoringFiles.ruleFiles().forEach(f -> rules.add(f.toString()));
    Promtool.Result checked = Promtool.run(prometheusDir, rules.toArray(String[]::new));
    assertThat(checked.exitCode()).as("promtool check rules:\n%s", checked.output()).isZero();
    assertThat(checked.output()).contains("SUCCESS");

    List<String> tests = new ArrayList<>(List.of("test", "rules"));
    MonitoringFiles.ruleTestFiles().forEach(f -> tests.add(f.toString()));
    Promtool.Result tested = Promtool.run(prometheusDir, tests.toArray(String[]::new));
    assertThat(tested.exitCode()).as("promtool test rules:\n%s", tested.output()).isZero();

    Promtool.Result derived = Promtool.run(dir, "check", "config", testConfig.toString());
    assertThat(derived.exitCode())
        .as("promtool check config on the test's derived config:\n%s", derived.output())
        .isZero();
  }

  @Test
  @Order(2)
  void prometheusScrapesEveryRoleAndLoadsEveryRuleGroupHealthy() throws Exception {
    Set<String> jobs = Set.of("gradstream-ingest", "gradstream-inference", "gradstream-publisher");
    Set<String> up = new TreeSet<>();
    awaitTrue(
        () -> {
          up.clear();
          for (JsonNode s : prometheus.query("up == 1").path("result")) {
            up.add(s.path("metric").path("job").asText());
          }
          return up.containsAll(jobs);
        });
    assertThat(up).as("jobs whose targets are up").containsAll(jobs);

    Set<String> committedGroups = new TreeSet<>();
    for (Path f : MonitoringFiles.ruleFiles()) {
      MonitoringFiles.yaml(f)
          .path("groups")
          .forEach(g -> committedGroups.add(g.path("name").asText()));
    }
    List<String> problems = new ArrayList<>();
    awaitTrue(
        () -> {
          problems.clear();
          Set<String> loaded = new TreeSet<>();
          for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
            loaded.add(group.path("name").asText());
            for (JsonNode rule : group.path("rules")) {
              if (!"ok".equals(rule.path("health").asText())
                  || !rule.path("lastError").asText("").isEmpty()) {
                problems.add(
                    rule.path("name").asText()
                        + ": health "
                        + rule.path("health").asText()
                        + " "
                        + rule.path("lastError").asText(""));
              }
            }
          }
          if (!loaded.equals(committedGroups)) {
            problems.add("groups loaded " + loaded + ", committed " + committedGroups);
          }
          return problems.isEmpty();
        });
    assertThat(problems).as("rules Prometheus loaded").isEmpty();
    assertThat(
            prometheus.get("/api/v1/rules").path("data").path("groups").findValues("rules").stream()
                .mapToInt(JsonNode::size)
                .sum())
        .isEqualTo(AlertRules.all().size());
  }

  @Test
  @Order(3)
  void everyDashboardQueryAndEveryAlertRulesInputsReturnSeries() throws Exception {
    GrafanaVariables variables =
        new GrafanaVariables(RATE_INTERVAL, INTERVAL, RANGE).with("camera", LIVE);
    Map<String, String> queries = new LinkedHashMap<>();
    for (DashboardQueries.PanelQuery q : DashboardQueries.all()) {
      queries.put(q.toString(), variables.substitute(q.expr()));
    }
    int panelQueries = queries.size();
    for (AlertRules.Rule rule : AlertRules.all()) {
      List<String> probes = PromqlProbes.of(rule.expr());
      for (int i = 0; i < probes.size(); i++) {
        queries.put("rule " + rule.name() + " input " + (i + 1), probes.get(i));
      }
    }
    int ruleProbes = queries.size() - panelQueries;

    long began = System.nanoTime();
    Map<String, String> failing = new LinkedHashMap<>();
    long deadline = System.nanoTime() + DATA_DEADLINE.toNanos();
    do {
      failing.clear();
      queries.forEach(
          (where, promql) -> {
            String problem = seriesProblem(promql);
            if (problem != null) {
              failing.put(where, problem + "\n      " + promql);
            }
          });
      if (failing.isEmpty()) {
        break;
      }
      Thread.sleep(2_000);
    } while (System.nanoTime() < deadline);

    System.out.printf(
        "evaluated %d dashboard queries and %d alert-rule inputs: %d without series after %.1f s%n",
        panelQueries, ruleProbes, failing.size(), (System.nanoTime() - began) / 1e9);
    // Not a failure (a quantile of a window without events is NaN in Prometheus too), but worth
    // seeing.
    List<String> onlyNaN = new ArrayList<>();
    queries.forEach(
        (where, promql) -> {
          if (!failing.containsKey(where) && onlyNaN(promql)) {
            onlyNaN.add(where);
          }
        });
    System.out.printf("%d queries returned only NaN values: %s%n", onlyNaN.size(), onlyNaN);
    if (!failing.isEmpty()) {
      StringBuilder report = new StringBuilder();
      failing.forEach((where, why) -> report.append("\n  ").append(where).append(": ").append(why));
      fail(
          "%d of %d queries returned no series within %s:%s",
          failing.size(), queries.size(), DATA_DEADLINE, report);
    }

    // The camera dashboard's variable offers the cameras.
    for (DashboardQueries.QueryVariable v : DashboardQueries.variables()) {
      var m =
          java.util.regex.Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(v.query());
      assertThat(m.matches()).as("variable %s query %s", v.name(), v.query()).isTrue();
      Set<String> values = new TreeSet<>();
      prometheus
          .query(m.group(1))
          .path("result")
          .forEach(s -> values.add(s.path("metric").path(m.group(2)).asText()));
      assertThat(values).as("values of $%s", v.name()).contains(LIVE, DEAD);
    }
  }

  @Test
  @Order(4)
  void cameraDownHoldsTheDeadCameraAndNotTheLiveOne() throws Exception {
    String expr = AlertRules.named("CameraDown").expr();
    Set<String> cameras = new TreeSet<>();
    awaitTrue(
        () -> {
          cameras.clear();
          prometheus
              .query(expr)
              .path("result")
              .forEach(s -> cameras.add(s.path("metric").path("camera").asText()));
          return cameras.equals(Set.of(DEAD));
        });
    assertThat(cameras).as("cameras CameraDown's expression returns").containsExactly(DEAD);

    // And Prometheus itself has the alert pending for it (firing needs the rule's `for`).
    Set<String> alerting = new TreeSet<>();
    awaitTrue(
        () -> {
          alerting.clear();
          for (JsonNode a : prometheus.get("/api/v1/alerts").path("data").path("alerts")) {
            if (a.path("labels").path("alertname").asText().equals("CameraDown")) {
              alerting.add(
                  a.path("labels").path("camera").asText() + ":" + a.path("state").asText());
            }
          }
          return alerting.contains(DEAD + ":pending") || alerting.contains(DEAD + ":firing");
        });
    assertThat(alerting)
        .as("CameraDown alerts in Prometheus")
        .containsAnyOf(DEAD + ":pending", DEAD + ":firing")
        .noneMatch(a -> a.startsWith(LIVE + ":firing"));
  }

  /** Null when {@code promql} returns at least one series; otherwise what it returned. */
  private static String seriesProblem(String promql) {
    JsonNode data;
    try {
      data = prometheus.query(promql);
    } catch (IllegalStateException e) {
      return "query failed: " + e.getMessage();
    }
    String type = data.path("resultType").asText();
    if (!type.equals("vector") && !type.equals("matrix")) {
      return "a " + type + ", not series";
    }
    return data.path("result").isEmpty() ? "no series" : null;
  }

  private static boolean onlyNaN(String promql) {
    for (JsonNode series : prometheus.query(promql).path("result")) {
      if (!series.path("value").path(1).asText().equals("NaN")) {
        return false;
      }
    }
    return true;
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code check} until it holds or {@link #DATA_DEADLINE} passes; the caller asserts what it
   * found.
   */
  private static void awaitTrue(Check check) throws Exception {
    long deadline = System.nanoTime() + DATA_DEADLINE.toNanos();
    while (!check.holds() && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
    }
  }
}
