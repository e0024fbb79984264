package io.gradstream.common.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The roles a gradstream process can play; {@code gradstream run} starts those listed in {@code
 * roles}.
 */
public enum Role {
  INGEST,
  INFERENCE,
  PUBLISHER;

  /** The name used in configuration. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role with this configuration name. */
  public static Optional<Role> fromConfigName(String name) {
    return Arrays.stream(values()).filter(r -> r.configName().equals(name)).findFirst();
  }

  /** All configuration names. */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(Role::configName).toList();
  }
}
