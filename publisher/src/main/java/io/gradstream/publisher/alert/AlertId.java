package io.gradstream.publisher.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Alert ids: lower-case hex of SHA-256 over the camera, ingest session, track, rule and the seq
 * that started the episode. A frame read twice (at-least-once delivery) names the same episode and
 * so gives the same id, which is what lets Kafka consumers and webhook receivers drop repeats.
 */
public final class AlertId {
  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

  private AlertId() {}

  /** The id of {@code type}'s episode on the track that started at {@code episodeStartSeq}. */
  public static String of(
      String cameraId, String ingestSession, long trackId, AlertType type, long episodeStartSeq) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // Length-prefixed fields: no choice of camera id or session can make two episodes' inputs
      // equal.
      for (String field :
          new String[] {
            cameraId,
            ingestSession,
            Long.toString(trackId),
            type.wireName(),
            Long.toString(episodeStartSeq)
          }) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Whether {@code text} has the form of an alert id (64 lower-case hex digits). */
  public static boolean isWellFormed(String text) {
    return text != null && FORMAT.matcher(text).matches();
  }
}
