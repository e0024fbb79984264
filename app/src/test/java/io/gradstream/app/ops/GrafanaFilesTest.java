package io.gradstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana files in monitoring/ checked without Grafana (it is neither in Debian nor in Maven):
 * every dashboard is Grafana's current dashboard JSON model (schemaVersion 39 and later, panels
 * placed by gridPos on the 24-column grid) with a title and a unit on every panel and the
 * provisioned datasource on every panel and query, and the provisioning files are what Grafana's
 * provisioning reads.
 */
class GrafanaFilesTest {
  private static final Set<String> PANEL_TYPES =
      Set.of("timeseries", "stat", "heatmap", "bargauge", "table");

  @Test
  void theDatasourceIsProvisionedWithTheUidTheDashboardsUse() {
    JsonNode file =
        MonitoringFiles.yaml(
            MonitoringFiles.root().resolve("grafana/provisioning/datasources/prometheus.yml"));
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode ds = file.path("datasources").path(0);
    assertThat(ds.path("type").asText()).isEqualTo("prometheus");
    assertThat(ds.path("uid").asText()).isEqualTo("prometheus");
    assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(ds.path("access").asText()).isEqualTo("proxy");
  }

  @Test
  void theDashboardProviderLoadsTheDashboardFolder() {
    JsonNode file =
        MonitoringFiles.yaml(
            MonitoringFiles.root().resolve("grafana/provisioning/dashboards/gradstream.yml"));
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode provider = file.path("providers").path(0);
    assertThat(provider.path("name").asText()).isNotBlank();
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("options").path("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void everyProvisioningFileParses() {
    assertThat(MonitoringFiles.provisioningFiles())
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            f ->
                assertThat(MonitoringFiles.yaml(f).path("apiVersion").asInt())
                    .as("%s apiVersion", f)
                    .isEqualTo(1));
  }

  @Test
  void theFourDashboardsAreThere() {
    assertThat(MonitoringFiles.dashboardFiles())
        .extracting(f -> f.getFileName().toString())
        .contains("fleet-overview.json", "camera.json", "inference-explain.json", "alerts.json");
  }

  @Test
  void everyDashboardIsGrafanasCurrentModelWithAUniqueUidAndTitle() {
    Set<String> uids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (Path file : MonitoringFiles.dashboardFiles()) {
      JsonNode d = MonitoringFiles.json(file);
      assertThat(d.path("schemaVersion").isInt()).as("%s schemaVersion", file).isTrue();
      assertThat(d.path("schemaVersion").asInt()).as("%s schemaVersion", file).isBetween(39, 41);
      assertThat(d.path("uid").asText()).as("%s uid", file).matches("[A-Za-z0-9_-]{1,40}");
      assertThat(uids.add(d.path("uid").asText())).as("%s uid is unique", file).isTrue();
      assertThat(d.path("title").asText()).as("%s title", file).isNotBlank();
      assertThat(titles.add(d.path("title").asText())).as("%s title is unique", file).isTrue();
      assertThat(d.path("panels").isArray()).as("%s panels", file).isTrue();
      assertThat(d.path("templating").path("list").isArray())
          .as("%s templating.list", file)
          .isTrue();
      assertThat(d.path("time").path("from").asText()).as("%s time", file).isNotBlank();
      assertThat(d.path("id").isNull() || d.path("id").isMissingNode())
          .as("%s id is left to Grafana", file)
          .isTrue();
    }
  }

  @Test
  void everyPanelHasAUniqueIdATitleAUnitAPlaceAndTheProvisionedDatasource() {
    List<String> problems = new ArrayList<>();
    for (Path file : MonitoringFiles.dashboardFiles()) {
      JsonNode d = MonitoringFiles.json(file);
      String name = file.getFileName().toString();
      Set<Integer> ids = new HashSet<>();
      List<int[]> cells = new ArrayList<>();
      List<JsonNode> panels = DashboardQueries.panels(d);
      if (panels.isEmpty()) {
        problems.add(name + ": no panels");
      }
      for (JsonNode p : panels) {
        String where = name + " panel " + p.path("id") + " \"" + p.path("title").asText() + "\"";
        if (!p.path("id").isInt() || !ids.add(p.path("id").asInt())) {
          problems.add(where + ": id missing or repeated");
        }
        if (p.path("title").asText().isBlank()) {
          problems.add(where + ": no title");
        }
        if (!PANEL_TYPES.contains(p.path("type").asText())) {
          problems.add(where + ": type " + p.path("type") + " is not one of " + PANEL_TYPES);
        }
        if (p.path("fieldConfig").path("defaults").path("unit").asText().isBlank()) {
          problems.add(where + ": no fieldConfig.defaults.unit");
        }
        JsonNode grid = p.path("gridPos");
        int x = grid.path("x").asInt(-1),
            y = grid.path("y").asInt(-1),
            w = grid.path("w").asInt(0),
            h = grid.path("h").asInt(0);
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
          problems.add(where + ": gridPos " + grid + " is not on the 24-column grid");
        }
        for (int[] c : cells) {
          if (x < c[0] + c[2] && c[0] < x + w && y < c[1] + c[3] && c[1] < y + h) {
            problems.add(where + ": gridPos " + grid + " overlaps another panel");
          }
        }
        cells.add(new int[] {x, y, w, h});
        checkDatasource(where, p.path("datasource"), problems);
        if (p.path("targets").isEmpty()) {
          problems.add(where + ": no queries");
        }
        Set<String> refIds = new HashSet<>();
        for (JsonNode t : p.path("targets")) {
          checkDatasource(where + " query " + t.path("refId"), t.path("datasource"), problems);
          if (!refIds.add(t.path("refId").asText()) || t.path("refId").asText().isBlank()) {
            problems.add(where + ": refId missing or repeated");
          }
          if (t.path("expr").asText().isBlank()) {
            problems.add(where + " query " + t.path("refId") + ": no expr");
          }
        }
        if (p.path("type").asText().equals("heatmap")) {
          if (!p.path("targets").path(0).path("format").asText().equals("heatmap")
              || p.path("options").path("calculate").asBoolean(true)) {
            problems.add(
                where
                    + ": a heatmap of Prometheus buckets needs format=heatmap and calculate=false");
          }
        }
      }
      for (JsonNode v : d.path("templating").path("list")) {
        if (v.path("type").asText().equals("query")) {
          checkDatasource(name + " variable " + v.path("name"), v.path("datasource"), problems);
        }
      }
    }
    assertThat(problems).as("problems in the dashboards").isEmpty();
  }

  @Test
  void everyQueryUsesOnlyVariablesItsDashboardDefines() {
    List<String> problems = new ArrayList<>();
    for (DashboardQueries.PanelQuery q : DashboardQueries.all()) {
      GrafanaVariables vars = new GrafanaVariables("1m", "15s", "1h");
      DashboardQueries.variables().stream()
          .filter(v -> v.dashboard().equals(q.dashboard()))
          .forEach(v -> vars.with(v.name(), "x"));
      try {
        vars.substitute(q.expr());
      } catch (IllegalArgumentException e) {
        problems.add(q + ": " + e.getMessage());
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theJobsTheDashboardsAndRulesNameAreThePrometheusConfigsJobs() {
    Set<String> jobs = new HashSet<>();
    MonitoringFiles.yaml(MonitoringFiles.prometheusConfig())
        .path("scrape_configs")
        .forEach(s -> jobs.add(s.path("job_name").asText()));
    assertThat(jobs).contains("gradstream-ingest", "gradstream-inference", "gradstream-publisher");
    Pattern job = Pattern.compile("job=\"([^\"]+)\"");
    List<String> exprs = new ArrayList<>();
    DashboardQueries.all().forEach(q -> exprs.add(q.expr()));
    AlertRules.all().forEach(r -> exprs.add(r.expr()));
    for (String expr : exprs) {
      Matcher m = job.matcher(expr);
      while (m.find()) {
        assertThat(jobs).as("job in %s", expr).contains(m.group(1));
      }
    }
  }

  private static void checkDatasource(String where, JsonNode ds, List<String> problems) {
    if (!ds.path("type").asText().equals("prometheus")
        || !ds.path("uid").asText().equals(provisionedUid())) {
      problems.add(
          where
              + ": datasource "
              + ds
              + " is not {type: prometheus, uid: "
              + provisionedUid()
              + "}");
    }
  }

  private static String provisionedUid() {
    return MonitoringFiles.yaml(
            MonitoringFiles.root().resolve("grafana/provisioning/datasources/prometheus.yml"))
        .path("datasources")
        .path(0)
        .path("uid")
        .asText();
  }
}
