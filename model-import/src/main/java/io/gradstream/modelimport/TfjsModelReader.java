package io.gradstream.modelimport;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradstream.inference.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TensorFlow.js graph model: {@code model.json} (the GraphDef as JSON plus the weights
 * manifest) and the binary weight shards it lists. Every problem is reported as a {@link
 * ModelException} that names the file and what is wrong with it, since the usual causes (an
 * interrupted download, a layers model instead of a graph model, a shard left behind) are fixed by
 * the operator, not by the code.
 */
final class TfjsModelReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TfjsModelReader() {}

  /**
   * Reads the model in {@code location}: a folder holding model.json, or the model.json file
   * itself.
   */
  static TfjsGraphModel read(Path location) {
    Path absolute = location.toAbsolutePath();
    Path modelJson = Files.isDirectory(absolute) ? absolute.resolve("model.json") : absolute;
    if (!Files.isRegularFile(modelJson)) {
      throw new ModelException(
          Files.isDirectory(location)
              ? "no TF.js model in " + location + ": it has no model.json"
              : "no TF.js model at " + location + ": the file does not exist");
    }
    JsonNode root = parse(modelJson);
    String format = root.path("format").asText("");
    if (!format.isEmpty() && !format.equals("graph-model")) {
      throw new ModelException(
          modelJson
              + " is a TF.js '"
              + format
              + "', not a 'graph-model'; gradstream imports graph models "
              + "(tensorflowjs_converter --output_format=tfjs_graph_model)");
    }
    JsonNode topology = root.path("modelTopology");
    JsonNode nodeList = topology.path("node");
    if (!nodeList.isArray() || nodeList.isEmpty()) {
      throw new ModelException(
          modelJson + " has no modelTopology.node list: it is not a TF.js graph model");
    }
    if (topology.path("library").path("function").size() > 0) {
      throw new ModelException(
          modelJson
              + " uses TF functions (control flow such as while/if loops), which the importer does not convert");
    }
    List<TfjsNode> nodes = readNodes(modelJson, nodeList);
    Map<String, ConstTensor> constants = readWeights(modelJson, root.path("weightsManifest"));
    String producer =
        (root.path("convertedBy").asText("unknown converter")
                + " from TensorFlow "
                + root.path("generatedBy").asText("?"))
            .trim();
    return new TfjsGraphModel(
        modelJson,
        producer,
        nodes,
        constants,
        signatureNames(root.path("signature").path("inputs")),
        signatureNames(root.path("signature").path("outputs")));
  }

  private static JsonNode parse(Path modelJson) {
    try {
      JsonNode root = JSON.readTree(modelJson.toFile());
      if (root == null || !root.isObject()) {
        throw new ModelException(
            modelJson + " is empty or not a JSON object: not a TF.js model.json");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ModelException(
          modelJson
              + " is not valid JSON"
              + where
              + " ("
              + e.getOriginalMessage()
              + "); the file is damaged or incomplete, download it again",
          e);
    } catch (IOException e) {
      throw new ModelException("cannot read " + modelJson + ": " + e.getMessage(), e);
    }
  }

  private static List<TfjsNode> readNodes(Path modelJson, JsonNode nodeList) {
    List<TfjsNode> nodes = new ArrayList<>(nodeList.size());
    for (int i = 0; i < nodeList.size(); i++) {
      JsonNode n = nodeList.get(i);
      String name = n.path("name").asText("");
      String op = n.path("op").asText("");
      if (name.isEmpty() || op.isEmpty()) {
        throw new ModelException(
            modelJson + ": modelTopology.node[" + i + "] has no name or no op");
      }
      List<String> inputs = new ArrayList<>();
      for (JsonNode in : n.path("input")) {
        String s = in.asText();
        if (!s.startsWith("^")) {
          inputs.add(s);
        }
      }
      nodes.add(new TfjsNode(name, op, inputs, n.get("attr")));
    }
    return nodes;
  }

  private static List<String> signatureNames(JsonNode tensors) {
    List<String> names = new ArrayList<>();
    tensors.forEach(
        t -> {
          String name = t.path("name").asText("");
          if (!name.isEmpty()) {
            names.add(TfjsNode.producerOf(name));
          }
        });
    return names;
  }

  /** Decodes all weights. The manifest's groups each own their shard files, weights in order. */
  private static Map<String, ConstTensor> readWeights(Path modelJson, JsonNode manifest) {
    if (!manifest.isArray()) {
      throw new ModelException(modelJson + " has no weightsManifest list: not a TF.js graph model");
    }
    Map<String, ConstTensor> constants = new LinkedHashMap<>();
    for (int g = 0; g < manifest.size(); g++) {
      JsonNode group = manifest.get(g);
      List<WeightSpec> specs = readSpecs(modelJson, g, group.path("weights"));
      List<Path> shards = new ArrayList<>();
      for (JsonNode p : group.path("paths")) {
        shards.add(shardPath(modelJson, g, p.asText()));
      }
      ByteBuffer bytes = readShards(modelJson, g, shards, specs);
      for (WeightSpec spec : specs) {
        constants.put(spec.name(), decode(spec, bytes));
      }
    }
    return constants;
  }

  /**
   * A shard named by the manifest, which TF.js writes as a file name beside model.json. Anything
   * else (an absolute path, {@code ..}, a NUL) is refused, so a model folder cannot make the
   * importer read files outside it.
   */
  private static Path shardPath(Path modelJson, int group, String name) {
    Path folder = modelJson.toAbsolutePath().normalize().getParent();
    try {
      Path shard = folder.resolve(name).normalize();
      if (!name.isEmpty()
          && !Path.of(name).isAbsolute()
          && shard.getParent() != null
          && shard.getParent().startsWith(folder)) {
        return shard;
      }
    } catch (InvalidPathException e) {
      // reported below, like any other path outside the folder
    }
    throw new ModelException(
        modelJson
            + ": weightsManifest["
            + group
            + "].paths names '"
            + printable(name)
            + "', which is not a file in the model's folder; TF.js shard paths are file names beside model.json");
  }

  /**
   * A name from a damaged file, fit for a message: control characters as code points, at most 80
   * characters.
   */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .limit(80)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static List<WeightSpec> readSpecs(Path modelJson, int group, JsonNode weights) {
    List<WeightSpec> specs = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      JsonNode w = weights.get(i);
      String where = modelJson + ": weightsManifest[" + group + "].weights[" + i + "]";
      String name = w.path("name").asText("");
      if (name.isEmpty() || !w.path("shape").isArray() || !w.has("dtype")) {
        throw new ModelException(where + " lacks a name, shape or dtype");
      }
      int[] shape = new int[w.path("shape").size()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = w.path("shape").get(d).asInt(-1);
        if (shape[d] < 0) {
          throw new ModelException(
              where + " ('" + name + "') has a negative or non-numeric dimension");
        }
      }
      ElementType dtype = ElementType.fromTfjs(w.path("dtype").asText());
      if (dtype == null) {
        throw new ModelException(
            where
                + " ('"
                + name
                + "') has dtype '"
                + w.path("dtype").asText()
                + "'; the importer reads "
                + ElementType.supportedTfjsNames());
      }
      Quantization quantization = null;
      JsonNode q = w.get("quantization");
      if (q != null && !q.isNull()) {
        String qtype = q.path("dtype").asText("");
        if (Quantization.bytesOf(qtype) < 0) {
          throw new ModelException(
              where
                  + " ('"
                  + name
                  + "') is quantized as '"
                  + qtype
                  + "'; TF.js writes uint8, uint16 or float16");
        }
        if (!qtype.equals("float16") && !(q.has("min") && q.has("scale"))) {
          throw new ModelException(
              where + " ('" + name + "') is quantized as " + qtype + " without min and scale");
        }
        quantization =
            new Quantization(
                qtype, (float) q.path("min").asDouble(0), (float) q.path("scale").asDouble(1));
      }
      specs.add(new WeightSpec(name, shape, dtype, quantization));
    }
    return specs;
  }

  private static ByteBuffer readShards(
      Path modelJson, int group, List<Path> shards, List<WeightSpec> specs) {
    long needed = 0;
    for (WeightSpec spec : specs) {
      // Compared before adding: a saturated length (Long.MAX_VALUE) added to the others would wrap.
      if (spec.byteLength() > Integer.MAX_VALUE - 8 - needed) {
        throw new ModelException(
            modelJson
                + ": weight group "
                + group
                + " needs more bytes than the importer reads (2 GiB)"
                + " with '"
                + spec.name()
                + "' "
                + java.util.Arrays.toString(spec.shape())
                + "; the weightsManifest is damaged");
      }
      needed += spec.byteLength();
    }
    // The manifest's shapes say how much to allocate; the files say how much there is. Check the
    // files
    // first, so a damaged shape ([20000, 20000]) cannot make the importer allocate gigabytes for
    // nothing.
    long onDisk = 0;
    StringBuilder onDiskSizes = new StringBuilder();
    for (Path shard : shards) {
      try {
        long size = Files.size(shard);
        onDisk += size;
        onDiskSizes
            .append(onDiskSizes.isEmpty() ? "" : ", ")
            .append(shard.getFileName())
            .append('=')
            .append(size);
      } catch (IOException e) {
        onDisk = Long.MAX_VALUE; // missing or unreadable: reported with its name below
        break;
      }
    }
    if (onDisk < needed) {
      throw new ModelException(
          "the weight shards of "
              + modelJson
              + " are truncated: weightsManifest["
              + group
              + "] needs "
              + needed
              + " bytes but its shards hold "
              + onDisk
              + " ("
              + onDiskSizes
              + "); download the model again");
    }
    ByteBuffer all = ByteBuffer.allocate((int) needed).order(ByteOrder.LITTLE_ENDIAN);
    long seen = 0;
    StringBuilder sizes = new StringBuilder();
    for (Path shard : shards) {
      byte[] data;
      try {
        data = Files.readAllBytes(shard);
      } catch (NoSuchFileException e) {
        throw new ModelException(
            "weight shard "
                + shard
                + " is missing (model.json lists it in weightsManifest["
                + group
                + "].paths); copy or download the whole model folder again");
      } catch (IOException e) {
        throw new ModelException("cannot read weight shard " + shard + ": " + e.getMessage(), e);
      }
      sizes
          .append(sizes.isEmpty() ? "" : ", ")
          .append(shard.getFileName())
          .append('=')
          .append(data.length);
      seen += data.length;
      if (seen > needed) {
        throw new ModelException(
            "weight shard "
                + shard
                + " has more bytes than model.json describes (group "
                + group
                + " needs "
                + needed
                + " bytes, the shards so far hold "
                + seen
                + "): the shard does not belong to this model.json");
      }
      all.put(data);
    }
    if (seen < needed) {
      throw new ModelException(
          "the weight shards of "
              + modelJson
              + " are truncated: weightsManifest["
              + group
              + "] needs "
              + needed
              + " bytes but its shards hold "
              + seen
              + " ("
              + sizes
              + "); download the model again");
    }
    return all.flip();
  }

  private static ConstTensor decode(WeightSpec spec, ByteBuffer bytes) {
    int count = Math.toIntExact(spec.elementCount());
    int start = bytes.position();
    ByteBuffer slice =
        bytes.slice(start, Math.toIntExact(spec.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
    bytes.position(start + slice.capacity());
    if (spec.quantization() != null) {
      return spec.quantization().dequantize(spec.name(), spec.shape(), spec.dtype(), slice, count);
    }
    switch (spec.dtype()) {
      case FLOAT32 -> {
        float[] values = new float[count];
        slice.asFloatBuffer().get(values);
        return ConstTensor.ofFloats(spec.name(), spec.shape(), values);
      }
      case INT32 -> {
        int[] values = new int[count];
        slice.asIntBuffer().get(values);
        return ConstTensor.ofInts(spec.name(), ElementType.INT32, spec.shape(), values);
      }
      default -> {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
          values[i] = slice.get(i) != 0 ? 1 : 0;
        }
        return ConstTensor.ofInts(spec.name(), ElementType.BOOL, spec.shape(), values);
      }
    }
  }
}
