package io.gradstream.app.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes Grafana's variables in a panel query the way Grafana would before sending it to
 * Prometheus, with fixed values that suit a short test run: the time-range ones ({@code
 * $__rate_interval}, {@code $__interval}, {@code $__range}) get a few seconds' worth instead of the
 * dashboard's minutes, and dashboard variables ({@code $camera}) the values the test chose. An
 * unknown variable is an error, so a typo in a dashboard fails the test instead of going to
 * Prometheus as text.
 */
final class GrafanaVariables {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");
  private final Map<String, String> values = new LinkedHashMap<>();

  /**
   * @param rateInterval what {@code $__rate_interval} becomes; Grafana makes it at least four
   *     scrape intervals, which the test's 1 s scrapes make a few seconds
   * @param range what {@code $__range} becomes: the test's dashboard time range
   */
  GrafanaVariables(String rateInterval, String interval, String range) {
    values.put("__rate_interval", rateInterval);
    values.put("__interval", interval);
    values.put("__range", range);
  }

  GrafanaVariables with(String name, String value) {
    values.put(name, value);
    return this;
  }

  String substitute(String expr) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("unknown Grafana variable $" + name + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
