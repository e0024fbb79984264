package io.gradstream.app.bench.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a role's {@code /metrics} (Prometheus text format), read for the counters the bench
 * reports. The bench reads the roles' counters the way Prometheus does, through their endpoint, so
 * it needs nothing from their insides.
 */
public final class PrometheusScrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PrometheusScrape(List<Sample> samples) {
    this.samples = samples;
  }

  /** Parses Prometheus text; comment lines and lines that are no sample are skipped. */
  public static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.find()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      try {
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
      } catch (NumberFormatException e) {
        // not a sample value (e.g. a stray line); Prometheus would reject it too
      }
    }
    return new PrometheusScrape(samples);
  }

  /** Scrapes {@code http://127.0.0.1:port/metrics}. */
  public static PrometheusScrape of(int port) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "GET /metrics on port " + port + " answered " + response.statusCode());
      }
      return parse(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while scraping port " + port, e);
    }
  }

  /** The sum of every series of {@code name}, whatever its labels; 0 when there is none. */
  public double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  /** The sums of {@code name}'s series grouped by the value of {@code label}. */
  public Map<String, Double> sumBy(String name, String label) {
    Map<String, Double> out = new TreeMap<>();
    for (Sample s : samples) {
      if (s.name().equals(name) && s.labels().containsKey(label)) {
        out.merge(s.labels().get(label), s.value(), Double::sum);
      }
    }
    return out;
  }
}
