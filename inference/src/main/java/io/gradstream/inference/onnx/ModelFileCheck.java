package io.gradstream.inference.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.inference.detect.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Says what is wrong with a model file in words an operator can act on. ONNX Runtime only reports
 * "Protobuf parsing failed" for a truncated download, a TF.js model.json and a random file alike,
 * so when it rejects a file this looks at the bytes itself. Only runs on the failure path: parsing
 * a large model twice on every start would cost time for nothing.
 */
final class ModelFileCheck {
  private ModelFileCheck() {}

  /** Throws unless {@code model} is a non-empty, readable regular file. */
  static void requireReadableFile(Path model, String whenMissing) {
    if (!Files.exists(model)) {
      throw new ModelLoadException("model file " + model + " does not exist: " + whenMissing);
    }
    if (!Files.isRegularFile(model)) {
      throw new ModelLoadException(
          "model file "
              + model
              + " is not a regular file (a directory?); "
              + "inference.model must name the .onnx file itself");
    }
    if (!Files.isReadable(model)) {
      throw new ModelLoadException("model file " + model + " is not readable by this user");
    }
    try {
      if (Files.size(model) == 0) {
        throw new ModelLoadException(
            "model file "
                + model
                + " is empty (0 bytes): an interrupted download or copy? "
                + "Import or copy it again");
      }
    } catch (IOException e) {
      throw new ModelLoadException("model file " + model + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Why ONNX Runtime could not load {@code model}, given its own {@code runtimeMessage}. */
  static String diagnose(Path model, String runtimeMessage) {
    return fileProblem(model).orElse("ONNX Runtime rejected it: " + runtimeMessage);
  }

  /** What is wrong with the bytes of {@code model}, if they are not a complete ONNX model. */
  static Optional<String> fileProblem(Path model) {
    return Optional.ofNullable(describeProblem(model));
  }

  private static String describeProblem(Path model) {
    long size;
    byte[] head;
    try (InputStream in = Files.newInputStream(model)) {
      size = Files.size(model);
      head = in.readNBytes(8);
    } catch (IOException e) {
      return "it cannot be read: " + e.getMessage();
    }
    String start = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
    if (start.startsWith("{") || start.startsWith("[")) {
      return "it is JSON, not ONNX (a TensorFlow.js model.json? convert it to ONNX with gradstream's model importer)";
    }
    if (start.startsWith("<")) {
      return "it is HTML or XML, not ONNX (an error page saved as the model?)";
    }
    if (start.startsWith("PK")) {
      return "it is a zip archive, not ONNX (unpack it and point inference.model at the .onnx inside)";
    }
    if (start.startsWith("\u0089HDF")) {
      return "it is an HDF5 file (a Keras model?), not ONNX";
    }
    try (InputStream in = Files.newInputStream(model)) {
      OnnxMl.ModelProto parsed = OnnxMl.ModelProto.parseFrom(in);
      if (!parsed.hasGraph()
          || parsed.getGraph().getNodeCount() == 0
          || parsed.getOpsetImportCount() == 0) {
        return "it is not an ONNX model: no graph or no opset in it (" + size + " bytes)";
      }
    } catch (InvalidProtocolBufferException e) {
      String why = String.valueOf(e.getMessage());
      // ONNX writers put ir_version (field 1, varint: tag byte 0x08) first, so a file that starts
      // like
      // an ONNX model and then ends mid-message was cut short; random bytes get the plain verdict.
      boolean startsLikeOnnx = head.length > 0 && head[0] == 0x08;
      if (startsLikeOnnx && (why.contains("ended unexpectedly") || why.contains("truncated"))) {
        return "it is truncated: the ONNX protobuf stops in the middle of a message after "
            + size
            + " bytes (an interrupted download or copy? fetch or import it again)";
      }
      return "it is not an ONNX protobuf (" + why + ")";
    } catch (IOException e) {
      return "it cannot be read: " + e.getMessage();
    }
    return null;
  }
}
