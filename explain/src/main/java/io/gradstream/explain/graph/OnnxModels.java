package io.gradstream.explain.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads and writes ONNX models ({@link ModelProto}) and their metadata. */
public final class OnnxModels {
  private OnnxModels() {}

  /** Parses an ONNX file. */
  public static ModelProto read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ModelProto.parseFrom(in);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IOException(file + " is not an ONNX model: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code model} to {@code file} through a temporary file, so a reader never sees half a
   * model.
   */
  public static void write(ModelProto model, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        model.writeTo(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The value of metadata entry {@code key}, if the model has it. */
  public static Optional<String> metadata(ModelProto model, String key) {
    return model.getMetadataPropsList().stream()
        .filter(e -> e.getKey().equals(key))
        .map(StringStringEntryProto::getValue)
        .findFirst();
  }

  /**
   * A comma-separated metadata entry as a list (empty when absent), e.g. {@code
   * gradstream.head_inputs}.
   */
  public static List<String> metadataList(ModelProto model, String key) {
    return metadata(model, key)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }
}
