package io.gradstream.inference.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model's identity for {@code ExplainedFrame.model_id}: file name plus the first 12 hex digits of
 * the file's SHA-256, e.g. {@code yolov5s.onnx@3f2a1b9c0d4e}. The hash, not the name or the file
 * time, says whether two workers run the same weights.
 */
public final class ModelId {
  private static final int HEX_DIGITS = 12;

  private ModelId() {}

  /** The identity of the model in {@code file}. */
  public static String of(Path file) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to hash it", e);
    }
    return file.getFileName()
        + "@"
        + HexFormat.of().formatHex(sha256.digest()).substring(0, HEX_DIGITS);
  }
}
