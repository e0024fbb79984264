package io.gradstream.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Prometheus rules in {@code monitoring/prometheus/rules}. */
final class AlertRules {
  private AlertRules() {}

  /** One rule: its group, its name (alert or record), its expression and whether it is an alert. */
  record Rule(String group, String name, String expr, boolean alert) {}

  static List<Rule> all() {
    List<Rule> out = new ArrayList<>();
    for (Path file : MonitoringFiles.ruleFiles()) {
      for (JsonNode group : MonitoringFiles.yaml(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          boolean alert = rule.has("alert");
          out.add(
              new Rule(
                  group.path("name").asText(),
                  rule.path(alert ? "alert" : "record").asText(),
                  rule.path("expr").asText(),
                  alert));
        }
      }
    }
    return out;
  }

  static Rule named(String name) {
    return all().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no rule " + name + " in " + MonitoringFiles.ruleFiles()));
  }
}
