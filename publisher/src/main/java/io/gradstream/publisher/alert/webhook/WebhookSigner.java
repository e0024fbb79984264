package io.gradstream.publisher.alert.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code sha256=<lower-case hex of HMAC-SHA256(body, secret)>}, sent as
 * {@link #HEADER}. The receiver recomputes it over the raw body it got and compares in constant
 * time ({@link #verify}); docs/ALERTS.md shows how in a few languages.
 */
public final class WebhookSigner {
  /** The header carrying the signature. */
  public static final String HEADER = "X-Gradstream-Signature";

  private static final String PREFIX = "sha256=";

  private WebhookSigner() {}

  /** The signature header value of {@code body} under {@code secret} (UTF-8 key bytes). */
  public static String sign(byte[] body, String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("an empty secret signs nothing");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code header} is the signature of {@code body} under {@code secret}, compared in
   * constant time.
   */
  public static boolean verify(byte[] body, String secret, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
