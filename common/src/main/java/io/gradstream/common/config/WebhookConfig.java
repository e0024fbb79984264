package io.gradstream.common.config;

/**
 * One webhook: every alert is POSTed to it as JSON, signed with HMAC-SHA256 of the body under
 * {@code secret}. Missing values take the defaults below.
 *
 * @param url http(s) URL
 * @param secret the signing key; empty sends no signature
 * @param timeoutMs one attempt's time limit (default 5000)
 * @param maxAttempts attempts before the delivery is given up and counted as failed (default 5)
 */
public record WebhookConfig(String url, String secret, Long timeoutMs, Integer maxAttempts) {
  public static final long DEFAULT_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  public WebhookConfig {
    secret = secret == null ? "" : secret;
    timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
    maxAttempts = maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
  }
}
