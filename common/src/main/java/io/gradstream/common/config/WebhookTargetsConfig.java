package io.gradstream.common.config;

import java.util.List;
import java.util.Locale;

/**
 * Which webhook targets the publisher may call. A webhook is a URL anyone with write access to the
 * configuration (or its environment) controls, so it must not become a way into the publisher's own
 * network: targets resolving to loopback, private, link-local, unique-local, multicast, unspecified
 * or cloud-metadata addresses are refused unless {@code allowPrivate} says they are meant.
 *
 * @param schemes URL schemes allowed, lower case (default https and http; {@code [https]} narrows
 *     it)
 * @param allowPrivate whether non-public addresses (a receiver on this host or its network) may be
 *     called
 */
public record WebhookTargetsConfig(List<String> schemes, boolean allowPrivate) {
  /** The defaults: https and http, public addresses only. */
  public static final WebhookTargetsConfig PUBLIC_ONLY =
      new WebhookTargetsConfig(List.of("https", "http"), false);

  public WebhookTargetsConfig {
    schemes = schemes.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** The same schemes with non-public targets allowed: a receiver on this host or its network. */
  public WebhookTargetsConfig allowingPrivate() {
    return new WebhookTargetsConfig(schemes, true);
  }
}
