package io.gradstream.modelimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Builds a small TF.js graph model (model.json plus one weight shard) the way
 * tensorflowjs_converter writes one.
 */
final class TinyTfjsModel {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode nodes;
  private final ArrayNode weights;
  private final ByteArrayOutputStream shard = new ByteArrayOutputStream();

  TinyTfjsModel() {
    root.put("format", "graph-model");
    root.put("generatedBy", "2.7.0");
    root.put("convertedBy", "TinyTfjsModel (test)");
    nodes = root.putObject("modelTopology").putArray("node");
    ObjectNode group = root.putArray("weightsManifest").addObject();
    group.putArray("paths").add("group1-shard1of1.bin");
    weights = group.putArray("weights");
  }

  TinyTfjsModel placeholder(String name, long... shape) {
    ObjectNode n = node(name, "Placeholder");
    ObjectNode attr = n.putObject("attr");
    attr.putObject("dtype").put("type", "DT_FLOAT");
    ArrayNode dims = attr.putObject("shape").putObject("shape").putArray("dim");
    for (long d : shape) {
      dims.addObject().put("size", Long.toString(d));
    }
    return this;
  }

  TinyTfjsModel floats(String name, int[] shape, float... values) {
    constNode(name, shape, "float32");
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    shard.writeBytes(b.array());
    return this;
  }

  TinyTfjsModel ints(String name, int[] shape, int... values) {
    constNode(name, shape, "int32");
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    shard.writeBytes(b.array());
    return this;
  }

  /** A uint8-quantized float weight: value = code * scale + min. */
  TinyTfjsModel quantizedUint8(String name, int[] shape, float min, float scale, byte... codes) {
    ObjectNode spec = constNode(name, shape, "float32");
    spec.putObject("quantization").put("dtype", "uint8").put("min", min).put("scale", scale);
    shard.writeBytes(codes);
    return this;
  }

  /** An op node; attributes are added with the {@code attr*} helpers on the returned node. */
  ObjectNode op(String name, String op, String... inputs) {
    ObjectNode n = node(name, op);
    ArrayNode in = n.putArray("input");
    for (String i : inputs) {
      in.add(i);
    }
    n.putObject("attr").putObject("T").put("type", "DT_FLOAT");
    return n;
  }

  static ObjectNode string(ObjectNode node, String key, String value) {
    ((ObjectNode) node.get("attr"))
        .putObject(key)
        .put("s", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    return node;
  }

  static ObjectNode intList(ObjectNode node, String key, long... values) {
    ArrayNode list = ((ObjectNode) node.get("attr")).putObject(key).putObject("list").putArray("i");
    for (long v : values) {
      list.add(Long.toString(v));
    }
    return node;
  }

  static ObjectNode stringList(ObjectNode node, String key, String... values) {
    ArrayNode list = ((ObjectNode) node.get("attr")).putObject(key).putObject("list").putArray("s");
    for (String v : values) {
      list.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
    }
    return node;
  }

  static ObjectNode integer(ObjectNode node, String key, long value) {
    ((ObjectNode) node.get("attr")).putObject(key).put("i", Long.toString(value));
    return node;
  }

  static ObjectNode bool(ObjectNode node, String key, boolean value) {
    ((ObjectNode) node.get("attr")).putObject(key).put("b", value);
    return node;
  }

  /**
   * A _FusedConv2D with BiasAdd (and the optional activation), NHWC, as the TF.js converter writes
   * it.
   */
  ObjectNode fusedConv(
      String name,
      String input,
      String filter,
      String bias,
      String padding,
      int stride,
      String... activation) {
    ObjectNode n = op(name, "_FusedConv2D", input, filter, bias);
    string(n, "padding", padding);
    string(n, "data_format", "NHWC");
    intList(n, "strides", 1, stride, stride, 1);
    intList(n, "dilations", 1, 1, 1, 1);
    integer(n, "num_args", 1);
    String[] ops = new String[1 + activation.length];
    ops[0] = "BiasAdd";
    System.arraycopy(activation, 0, ops, 1, activation.length);
    stringList(n, "fused_ops", ops);
    return n;
  }

  TinyTfjsModel signatureOutput(String node) {
    root.withObjectProperty("signature")
        .withObjectProperty("outputs")
        .putObject("out")
        .put("name", node + ":0");
    return this;
  }

  /** Writes model.json and the shard into {@code dir}; returns {@code dir}. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("model.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    Files.write(dir.resolve("group1-shard1of1.bin"), shard.toByteArray());
    return dir;
  }

  private ObjectNode constNode(String name, int[] shape, String dtype) {
    node(name, "Const")
        .putObject("attr")
        .putObject("dtype")
        .put("type", dtype.equals("float32") ? "DT_FLOAT" : "DT_INT32");
    ObjectNode spec = weights.addObject();
    spec.put("name", name);
    ArrayNode s = spec.putArray("shape");
    for (int d : shape) {
      s.add(d);
    }
    spec.put("dtype", dtype);
    return spec;
  }

  private ObjectNode node(String name, String op) {
    ObjectNode n = nodes.addObject();
    n.put("name", name);
    n.put("op", op);
    return n;
  }
}
