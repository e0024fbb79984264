package io.gradstream.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The committed {@code monitoring/prometheus/prometheus.yml} made runnable on this machine: the
 * same jobs, metrics paths and rule files, but each job's targets (compose service names, DNS
 * discovery) replaced by the test's 127.0.0.1 ports, and scrapes and rule evaluations every second
 * so a short run has data.
 */
final class TestPrometheusConfig {
  private TestPrometheusConfig() {}

  /**
   * Writes the derived configuration to {@code file}.
   *
   * @param targets host:port per job name; every job of the committed file must have one
   */
  static Path write(Path file, Map<String, String> targets) throws IOException {
    Path committed = MonitoringFiles.prometheusConfig();
    ObjectNode config = (ObjectNode) MonitoringFiles.yaml(committed);
    ObjectNode global = config.with("global");
    global.put("scrape_interval", "1s");
    global.put("scrape_timeout", "1s");
    global.put("evaluation_interval", "1s");
    ArrayNode ruleFiles = config.putArray("rule_files");
    for (JsonNode pattern : MonitoringFiles.yaml(committed).path("rule_files")) {
      // Relative to the committed file, as Prometheus resolves them; the derived file lives
      // elsewhere.
      ruleFiles.add(committed.getParent().resolve(pattern.asText()).toString());
    }
    for (JsonNode job : config.path("scrape_configs")) {
      ObjectNode scrape = (ObjectNode) job;
      String name = scrape.path("job_name").asText();
      String target = targets.get(name);
      if (target == null) {
        throw new AssertionError("the test has no target for job " + name + " of " + committed);
      }
      List<String> discovery = new ArrayList<>();
      scrape
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (f.endsWith("_sd_configs") || f.equals("static_configs")) {
                  discovery.add(f);
                }
              });
      scrape.remove(discovery);
      scrape.putArray("static_configs").addObject().putArray("targets").add(target);
      scrape.remove("scrape_interval");
      scrape.remove("scrape_timeout");
    }
    Files.writeString(file, MonitoringFiles.YAML.writeValueAsString(config));
    return file;
  }
}
