package io.gradstream.common.net;

import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.config.WebhookTargetsConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a webhook URL may be called: its scheme is allowed and every address its host
 * resolves to is public, unless non-public targets are allowed. Used twice: when the configuration
 * is loaded (literal addresses and names that resolve then) and before every delivery attempt,
 * against the addresses the name resolves to at that moment, because DNS answers can change after
 * the check.
 */
public final class WebhookTargetPolicy {
  /** The key that allows non-public targets, for messages. */
  public static final String ALLOW_PRIVATE_KEY = "publisher.alerts.webhook-targets.allow-private";

  /** The key listing the allowed schemes, for messages. */
  public static final String SCHEMES_KEY = "publisher.alerts.webhook-targets.schemes";

  /** Looks a host name up; {@link InetAddress#getAllByName} in production. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** Why a target is refused, and what to do about it. */
  public record Refusal(String problem, String fix) {}

  private final WebhookTargetsConfig config;

  public WebhookTargetPolicy(WebhookTargetsConfig config) {
    this.config = config;
  }

  /** The system resolver. */
  public static List<InetAddress> systemResolve(String host) throws UnknownHostException {
    return List.of(InetAddress.getAllByName(host));
  }

  /**
   * Checks the URL's form and scheme, and, unless non-public targets are allowed, the addresses its
   * host resolves to now. A name that does not resolve passes: DNS may not be reachable yet, and
   * delivery checks again.
   */
  public Optional<Refusal> checkAtLoad(String url, Resolver resolver) {
    Optional<Refusal> form = checkForm(url);
    if (form.isPresent() || config.allowPrivate()) {
      return form;
    }
    String host = hostOf(url);
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return checkAddresses(url, addresses);
  }

  /** Checks that the URL parses, names a host and uses an allowed scheme. */
  public Optional<Refusal> checkForm(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of(new Refusal("is empty", "E.g. https://alerts.example.com/gradstream."));
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return Optional.of(
          new Refusal(
              "'" + CameraUrl.redact(url) + "' is not a valid URL: " + e.getReason(),
              "E.g. https://alerts.example.com/gradstream."));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!config.schemes().contains(scheme)) {
      return Optional.of(
          new Refusal(
              "'"
                  + CameraUrl.redact(url)
                  + "' uses scheme '"
                  + scheme
                  + "', allowed are "
                  + config.schemes(),
              "Use an "
                  + String.join(" or ", config.schemes())
                  + " URL, or list the scheme in "
                  + SCHEMES_KEY
                  + " (only https and http are delivered)."));
    }
    if (!List.of("https", "http").contains(scheme)) {
      return Optional.of(
          new Refusal(
              "'"
                  + CameraUrl.redact(url)
                  + "' uses scheme '"
                  + scheme
                  + "': webhooks are delivered over https or http only",
              "Use an https URL."));
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of(
          new Refusal(
              "'" + CameraUrl.redact(url) + "' names no host",
              "Write it as " + scheme + "://HOST[:PORT]/PATH."));
    }
    return Optional.empty();
  }

  /**
   * Checks the addresses the URL's host resolved to; any non-public one refuses the target (an
   * attacker's name may answer with a public and a private address), unless non-public ones are
   * allowed.
   */
  public Optional<Refusal> checkAddresses(String url, List<InetAddress> addresses) {
    if (config.allowPrivate()) {
      return Optional.empty();
    }
    for (InetAddress address : addresses) {
      Optional<String> range = NonPublicAddresses.rangeOf(address);
      if (range.isPresent()) {
        return Optional.of(
            new Refusal(
                "'"
                    + CameraUrl.redact(url)
                    + "' resolves to "
                    + address.getHostAddress()
                    + ", a "
                    + range.get()
                    + " address; non-public targets are refused",
                "Point it at a public receiver, or set "
                    + ALLOW_PRIVATE_KEY
                    + ": true if the receiver is meant to be on this host or its network."));
      }
    }
    return Optional.empty();
  }

  /** The host of a URL that passed {@link #checkForm}, without the brackets of an IPv6 literal. */
  public static String hostOf(String url) {
    String host = URI.create(url.strip()).getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
