package io.gradstream.app.http;

import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.ConfigProblem;
import io.gradstream.common.config.HttpAuthConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The one token that opens the HTTP server: configured ({@code http.auth.token}), read from {@code
 * http.auth.token-file}, or generated at start. Its {@link #toString()} never shows it, so it
 * cannot slip into a log line.
 */
public final class AccessToken {
  /** 32 random bytes: 256 bits, beyond guessing. */
  private static final int GENERATED_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String value;
  private final byte[] digest;
  private final boolean generated;

  private AccessToken(String value, boolean generated) {
    this.value = value;
    this.digest = sha256(value);
    this.generated = generated;
  }

  /**
   * The token {@code auth} names: its token, else the stripped contents of its token file, else a
   * new random one.
   *
   * @throws ConfigException naming http.auth.token-file when the file cannot be read or holds too
   *     short a token
   */
  public static AccessToken resolve(HttpAuthConfig auth) {
    if (!auth.token().isEmpty()) {
      return new AccessToken(auth.token(), false);
    }
    if (!auth.tokenFile().isEmpty()) {
      return new AccessToken(readFile(Path.of(auth.tokenFile())), false);
    }
    byte[] random = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(random);
    return new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(random), true);
  }

  private static String readFile(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(
          new ConfigProblem(
              "http.auth.token-file",
              file.toString(),
              "cannot be read: " + e,
              "Point it at a readable file holding the token (e.g. a mounted Secret)."));
    }
    if (token.length() < HttpAuthConfig.MIN_TOKEN_LENGTH
        || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new ConfigException(
          new ConfigProblem(
              "http.auth.token-file",
              file.toString(),
              "holds "
                  + token.length()
                  + " characters, not a token of at least "
                  + HttpAuthConfig.MIN_TOKEN_LENGTH
                  + " printable characters without spaces",
              "Write a random token into it, e.g. `openssl rand -base64 32 > " + file + "`."));
    }
    return token;
  }

  /**
   * Whether {@code presented} is this token. Both sides are hashed first and compared with {@link
   * MessageDigest#isEqual}, so the time taken says nothing about how much of a guess was right.
   */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  /** The token itself, for the person at the terminal and for clients in the same process. */
  public String value() {
    return value;
  }

  /** Whether it was made at start (nobody knows it until it is shown). */
  public boolean generated() {
    return generated;
  }

  @Override
  public String toString() {
    return "AccessToken[***]";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
