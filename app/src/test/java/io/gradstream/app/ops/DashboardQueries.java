package io.gradstream.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every panel, panel query and query variable of the Grafana dashboards in {@code monitoring/}. */
final class DashboardQueries {
  private DashboardQueries() {}

  /**
   * One panel query: where it is, and its PromQL as written (Grafana variables not yet
   * substituted).
   */
  record PanelQuery(String dashboard, String panel, String refId, String expr) {
    @Override
    public String toString() {
      return dashboard + " / \"" + panel + "\" " + refId;
    }
  }

  /** A dashboard query variable ({@code label_values(metric, label)}). */
  record QueryVariable(String dashboard, String name, String query) {}

  /** The panels of a dashboard, rows' collapsed children included, rows themselves not. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        panel.path("panels").forEach(out::add);
      } else {
        out.add(panel);
      }
    }
    return out;
  }

  static List<PanelQuery> all() {
    List<PanelQuery> out = new ArrayList<>();
    for (Path file : MonitoringFiles.dashboardFiles()) {
      JsonNode dashboard = MonitoringFiles.json(file);
      String title = dashboard.path("title").asText(file.getFileName().toString());
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          if (target.hasNonNull("expr") && !target.path("hide").asBoolean(false)) {
            out.add(
                new PanelQuery(
                    title,
                    panel.path("title").asText(),
                    target.path("refId").asText(),
                    target.path("expr").asText()));
          }
        }
      }
    }
    return out;
  }

  static List<QueryVariable> variables() {
    List<QueryVariable> out = new ArrayList<>();
    for (Path file : MonitoringFiles.dashboardFiles()) {
      JsonNode dashboard = MonitoringFiles.json(file);
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if ("query".equals(variable.path("type").asText())) {
          JsonNode query = variable.path("query");
          out.add(
              new QueryVariable(
                  dashboard.path("title").asText(),
                  variable.path("name").asText(),
                  query.isObject() ? query.path("query").asText() : query.asText()));
        }
      }
    }
    return out;
  }
}
