package io.gradstream.app.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile read instruction by instruction (continuation lines joined, comments apart). */
final class Dockerfile {
  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S+))");
  private static final Pattern HTTP_URL = Pattern.compile("http://[^/:\\s]+:(\\d+)(/\\S*)");
  private static final Pattern BUILD_TAG = Pattern.compile("docker build .*-t (\\S+)");

  private final Path file;
  private final List<String> instructions = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();

  Dockerfile(Path file) {
    this.file = file;
    StringBuilder current = new StringBuilder();
    for (String line : DeployFiles.text(file).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        comments.add(trimmed);
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      if (!current.toString().isBlank()) instructions.add(current.toString().strip());
      current.setLength(0);
    }
  }

  Path file() {
    return file;
  }

  /** Instructions starting with {@code keyword} (FROM, ENV, COPY...), keyword removed. */
  List<String> instructions(String keyword) {
    List<String> out = new ArrayList<>();
    for (String i : instructions) {
      if (i.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1)) {
        out.add(i.substring(keyword.length() + 1).strip());
      }
    }
    return out;
  }

  /** Variables the ENV instructions set (KEY=VALUE form). */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String i : instructions("ENV")) {
      Matcher m = ENV_PAIR.matcher(i);
      while (m.find()) {
        env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
      }
    }
    return env;
  }

  /** The URLs the HEALTHCHECK fetches. */
  List<GradstreamContainer.Probe> healthcheck() {
    List<GradstreamContainer.Probe> probes = new ArrayList<>();
    for (String i : instructions("HEALTHCHECK")) {
      Matcher m = HTTP_URL.matcher(i);
      while (m.find()) {
        probes.add(
            new GradstreamContainer.Probe("HEALTHCHECK", m.group(2), Integer.parseInt(m.group(1))));
      }
    }
    return probes;
  }

  /** Sources of COPY instructions that read the build context (not another stage). */
  List<String> contextCopySources() {
    List<String> sources = new ArrayList<>();
    for (String i : instructions("COPY")) {
      List<String> args = new ArrayList<>(List.of(i.split("\\s+")));
      if (args.stream().anyMatch(a -> a.startsWith("--from="))) continue;
      args.removeIf(a -> a.startsWith("--"));
      sources.addAll(args.subList(0, args.size() - 1));
    }
    return sources;
  }

  /** The exposed ports. */
  List<Integer> exposedPorts() {
    List<Integer> ports = new ArrayList<>();
    instructions("EXPOSE")
        .forEach(
            i -> {
              for (String p : i.split("\\s+")) ports.add(Integer.parseInt(p.replaceAll("/.*", "")));
            });
    return ports;
  }

  /** The image the header's `docker build ... -t IMAGE` line tags. */
  String documentedTag() {
    for (String c : comments) {
      Matcher m = BUILD_TAG.matcher(c);
      if (m.find()) return m.group(1);
    }
    throw new AssertionError(file + " has no '# docker build ... -t IMAGE' line");
  }

  /** The USER instruction's value, or null. */
  String user() {
    List<String> users = instructions("USER");
    return users.isEmpty() ? null : users.get(users.size() - 1);
  }
}
