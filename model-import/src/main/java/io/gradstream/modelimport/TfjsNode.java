package io.gradstream.modelimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gradstream.inference.model.ModelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One node of a TF.js graph model's {@code modelTopology} (a TF GraphDef written as JSON).
 * Attribute values keep GraphDef's JSON encoding: strings are base64, int64s are decimal strings,
 * so the accessors decode them.
 *
 * @param inputs the node's data inputs as tensor names ({@code node} or {@code node:1}); control
 *     inputs ({@code ^node}) are dropped: they only order execution, and ONNX has none
 */
record TfjsNode(String name, String op, List<String> inputs, JsonNode attr) {

  TfjsNode {
    inputs = List.copyOf(inputs);
    attr = attr == null ? JsonNodeFactory.instance.objectNode() : attr;
  }

  /**
   * The node that produces an input tensor: {@code conv:0} and {@code conv} both name {@code conv}.
   */
  static String producerOf(String tensor) {
    int colon = tensor.lastIndexOf(':');
    return colon < 0 ? tensor : tensor.substring(0, colon);
  }

  /** Which output of its producer an input tensor is ({@code conv:1} is 1). */
  static int outputIndexOf(String tensor) {
    int colon = tensor.lastIndexOf(':');
    if (colon < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(tensor.substring(colon + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  boolean has(String key) {
    return attr.has(key);
  }

  /** A string attribute ({@code padding}, {@code data_format}); null when absent. */
  String string(String key) {
    JsonNode v = attr.path(key).path("s");
    return v.isMissingNode() ? null : decode(key, v.asText());
  }

  /** A string attribute, or {@code fallback} when absent. */
  String string(String key, String fallback) {
    String s = string(key);
    return s == null ? fallback : s;
  }

  /** An int list attribute ({@code strides}, {@code ksize}); empty when absent. */
  long[] ints(String key) {
    JsonNode list = attr.path(key).path("list").path("i");
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).asLong();
    }
    return out;
  }

  /** A string list attribute ({@code fused_ops}); empty when absent. */
  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : attr.path(key).path("list").path("s")) {
      out.add(decode(key, s.asText()));
    }
    return out;
  }

  /** An int attribute (the masks of StridedSlice); {@code fallback} when absent. */
  long integer(String key, long fallback) {
    JsonNode v = attr.path(key).path("i");
    return v.isMissingNode() ? fallback : v.asLong();
  }

  float floatValue(String key, float fallback) {
    JsonNode v = attr.path(key).path("f");
    return v.isMissingNode() ? fallback : (float) v.asDouble();
  }

  boolean bool(String key, boolean fallback) {
    JsonNode v = attr.path(key).path("b");
    return v.isMissingNode() ? fallback : v.asBoolean();
  }

  /** A type attribute ({@code T}, {@code dtype}) such as {@code DT_FLOAT}; null when absent. */
  String type(String key) {
    JsonNode v = attr.path(key).path("type");
    return v.isMissingNode() ? null : v.asText();
  }

  /**
   * A shape attribute (a Placeholder's {@code shape}); -1 for an unknown dimension, null when
   * absent.
   */
  long[] shape(String key) {
    JsonNode shape = attr.path(key).path("shape");
    if (shape.isMissingNode() || shape.path("unknownRank").asBoolean(false)) {
      return null;
    }
    JsonNode dims = shape.path("dim");
    long[] out = new long[dims.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = dims.get(i).path("size").asLong(-1);
    }
    return out;
  }

  private String decode(String key, String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      String shown = base64.length() > 40 ? base64.substring(0, 40) + "..." : base64;
      throw new ModelException(
          "node '"
              + name
              + "' ("
              + op
              + ") has attribute "
              + key
              + " = '"
              + shown
              + "', which is not "
              + "base64 as TF.js writes string attributes ("
              + e.getMessage()
              + "); the model.json is damaged, download it again",
          e);
    }
  }
}
