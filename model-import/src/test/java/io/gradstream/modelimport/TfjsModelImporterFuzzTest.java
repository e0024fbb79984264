package io.gradstream.modelimport;

import static io.gradstream.modelimport.TinyTfjsModel.intList;
import static io.gradstream.modelimport.TinyTfjsModel.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradstream.inference.DamagedBytes;
import io.gradstream.inference.model.ModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the TF.js importer ({@link TfjsModelImporter#importModel}: read, convert, load in ONNX
 * Runtime) with damaged models: a small valid graph model whose model.json has values replaced by
 * hostile ones (huge or negative shapes, wrong dtypes, missing keys, wrong types, other shard
 * paths), whose weight shard is truncated, padded or garbled, or whose model.json is arbitrary
 * text. Whatever the files hold, the import ends in a model or in a {@link ModelException} with a
 * message, never in another exception, and never allocates more than the fuzzing JVM's heap.
 */
class TfjsModelImporterFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String SHARD = "group1-shard1of1.bin";
  private static final String[] TEXTS = {
    "",
    "float32",
    "int32",
    "bool",
    "uint8",
    "uint16",
    "float16",
    "string",
    "complex64",
    "DT_FLOAT",
    "DT_INT32",
    "SAME",
    "VALID",
    "NCHW",
    "layers-model",
    "graph-model",
    SHARD,
    "../" + SHARD,
    "/dev/zero",
    "input_1",
    "input_1:0",
    "^input_1",
    "Const",
    "Placeholder",
    "Reshape",
    "_FusedConv2D",
    "NoSuchOp",
    "AAAA",
    "-1",
    "2147483648"
  };

  private static Path dir;
  private static int run;

  @FuzzTest(maxDuration = "15s")
  void anyDamagedModelImportsOrFailsWithAModelException(FuzzedDataProvider data)
      throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("gradstream-tfjs-fuzz");
    }
    Path model = dir.resolve("model-" + (run++ % 4));
    Files.createDirectories(model);
    ObjectNode json = validModelJson();
    byte[] shard = validShard();
    int edits = data.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      switch (data.consumeInt(0, 3)) {
        case 0, 1 -> replaceSomeValue(data, json);
        case 2 -> shard = DamagedBytes.of(data, shard);
        default -> shard = data.consumeBytes(256);
      }
    }
    String modelJson =
        data.consumeInt(0, 9) == 9 ? data.consumeString(2_000) : JSON.writeValueAsString(json);
    Files.writeString(model.resolve("model.json"), modelJson);
    Files.write(model.resolve(SHARD), shard);

    importsOrFailsWithAModelException(model, dir.resolve("out.onnx"));
  }

  /** The undamaged seed imports, so the damage above is what the failures are about. */
  @Test
  void theUndamagedSeedModelImports(@TempDir Path tmp) throws IOException {
    Files.write(Files.createDirectories(tmp.resolve("model")).resolve("model.json"), VALID[0]);
    Files.write(tmp.resolve("model").resolve(SHARD), VALID[1]);
    assertThat(TfjsModelImporter.importModel(tmp.resolve("model"), tmp.resolve("out.onnx")).onnx())
        .exists();
  }

  // ---------------------------------------------------------------- inputs the fuzzer found,
  // replayed exactly

  @Test
  void aStringAttributeThatIsNotBase64IsAModelException(@TempDir Path tmp) throws IOException {
    ObjectNode json = validModelJson();
    for (JsonNode node : json.path("modelTopology").path("node")) {
      if (node.path("name").asText().equals("conv")) {
        ((ArrayNode) node.path("attr").path("fused_ops").path("list").path("s"))
            .set(0, NODES.textNode("A"));
      }
    }
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("model.json"), JSON.writeValueAsString(json));
    Files.write(model.resolve(SHARD), VALID[1]);

    failsWithAModelException(model, tmp.resolve("out.onnx"));
  }

  @Test
  void aPoolWithStrideZeroIsAModelException(@TempDir Path tmp) throws IOException {
    ObjectNode json = validModelJson();
    for (JsonNode node : json.path("modelTopology").path("node")) {
      if (node.path("name").asText().equals("pool")) {
        ((ArrayNode) node.path("attr").path("strides").path("list").path("i"))
            .set(1, NODES.textNode("0"));
      }
    }
    failsWithAModelException(write(tmp, json, VALID[1]), tmp.resolve("out.onnx"));
  }

  @Test
  void aWeightShapeOfGigabytesWithATinyShardFailsWithoutAllocatingThem(@TempDir Path tmp)
      throws IOException {
    Path model =
        write(
            tmp,
            withWeightShape(20_000, 20_000),
            VALID[1]); // 1.6 GB of float32 declared, 300 bytes there
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    failsWithAModelException(model, tmp.resolve("out.onnx"));
    assertThat(threads.getCurrentThreadAllocatedBytes() - before)
        .as("bytes allocated")
        .isLessThan(100_000_000);
  }

  @Test
  void aWeightShapeWhoseProductOverflowsALongIsAModelException(@TempDir Path tmp)
      throws IOException {
    // 54 + 6 * 2^62 elements: times 4 bytes it wraps to exactly the 216 bytes the real 3x3x3x2
    // weight has,
    // so a wrapping size check passes and the overflow surfaces later as an ArithmeticException.
    failsWithAModelException(
        write(tmp, withWeightShape(1_843_087_909, 154_772_286, 97), VALID[1]),
        tmp.resolve("out.onnx"));
  }

  @Test
  void weightSizesWhoseSumWrapsAroundAreAModelException(@TempDir Path tmp) throws IOException {
    // Found by a longer fuzzing run. After the seed's 234 bytes, a weight whose size saturates at
    // Long.MAX_VALUE and a bool weight of 2^32 - 233 bytes: the sum wrapped to a long whose low 32
    // bits
    // are 0, passed the 2 GiB check, and with no shard listed the decoder read past an empty
    // buffer.
    ObjectNode json = validModelJson();
    ObjectNode group = (ObjectNode) json.path("weightsManifest").path(0);
    ArrayNode weights = (ArrayNode) group.path("weights");
    weights
        .addObject()
        .put("name", "huge")
        .put("dtype", "float32")
        .putArray("shape")
        .add(Integer.MAX_VALUE)
        .add(Integer.MAX_VALUE)
        .add(Integer.MAX_VALUE);
    weights
        .addObject()
        .put("name", "wrap")
        .put("dtype", "bool")
        .putArray("shape")
        .add(5591)
        .add(768193);
    group.putArray("paths");
    failsWithAModelException(write(tmp, json, VALID[1]), tmp.resolve("out.onnx"));
  }

  private static ObjectNode withWeightShape(int... dims) {
    ObjectNode json = validModelJson();
    ArrayNode shape =
        (ArrayNode) json.path("weightsManifest").path(0).path("weights").path(0).path("shape");
    shape.removeAll();
    for (int d : dims) shape.add(d);
    return json;
  }

  private static Path write(Path tmp, ObjectNode json, byte[] shard) throws IOException {
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("model.json"), JSON.writeValueAsString(json));
    Files.write(model.resolve(SHARD), shard);
    return model;
  }

  /** The property, checked on one model folder. */
  /**
   * The replayed inputs: each must be refused, with a message and without a half-written ONNX file.
   */
  private static void failsWithAModelException(Path model, Path onnx) {
    assertThatThrownBy(() -> TfjsModelImporter.importModel(model, onnx))
        .isInstanceOf(ModelException.class)
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    assertThat(onnx).doesNotExist();
  }

  static void importsOrFailsWithAModelException(Path model, Path onnx) {
    try {
      ImportedModel imported = TfjsModelImporter.importModel(model, onnx);
      assertThat(imported.onnx()).exists();
    } catch (ModelException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** Replaces one value anywhere in the tree (or removes a key) with something hostile. */
  private static void replaceSomeValue(FuzzedDataProvider data, ObjectNode root) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(root, containers);
    JsonNode container = data.pickValue(containers);
    if (container instanceof ObjectNode object && !object.isEmpty()) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = data.pickValue(names);
      if (data.consumeInt(0, 4) == 0) {
        object.remove(name);
      } else {
        object.set(name, hostile(data));
      }
    } else if (container instanceof ArrayNode array) {
      if (array.isEmpty() || data.consumeInt(0, 4) == 0) {
        array.add(hostile(data));
      } else {
        array.set(data.consumeInt(0, array.size() - 1), hostile(data));
      }
    }
  }

  private static JsonNode hostile(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 8)) {
      case 0 -> NODES.nullNode();
      case 1 ->
          NODES.numberNode(
              data.pickValue(
                  new long[] {
                    0,
                    -1,
                    1,
                    3,
                    65_536,
                    100_000,
                    Integer.MAX_VALUE,
                    (long) Integer.MAX_VALUE + 1,
                    Long.MAX_VALUE,
                    Long.MIN_VALUE
                  }));
      case 2 -> NODES.numberNode(data.consumeInt());
      case 3 -> NODES.numberNode(data.pickValue(new double[] {Double.NaN, 1e300, -0.5, 2.5}));
      case 4 -> NODES.textNode(data.pickValue(TEXTS));
      case 5 -> NODES.textNode(data.consumeString(40));
      case 6 -> NODES.booleanNode(data.consumeBoolean());
      case 7 -> {
        ArrayNode dims = NODES.arrayNode();
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++)
          dims.add(data.pickValue(new int[] {0, 1, 2, 3, 46_341, 65_536, Integer.MAX_VALUE}));
        yield dims;
      }
      default -> NODES.objectNode();
    };
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collectContainers(it.next(), out);
      }
    }
  }

  // ---------------------------------------------------------------- the valid seed: a tiny graph
  // model built here

  private static ObjectNode validModelJson() {
    try {
      return (ObjectNode) JSON.readTree(VALID[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] validShard() {
    return VALID[1].clone();
  }

  /**
   * model.json and its shard: a quantized weight, a fused convolution, an activation, a concat and
   * a reshape.
   */
  private static final byte[][] VALID = tinyModel();

  private static byte[][] tinyModel() {
    try {
      Path tmp = Files.createTempDirectory("gradstream-tfjs-seed");
      float[] w = new float[3 * 3 * 3 * 2];
      Arrays.fill(w, 0.1f);
      TinyTfjsModel m =
          new TinyTfjsModel()
              .placeholder("input_1", 1, 4, 4, 3)
              .floats("w", new int[] {3, 3, 3, 2}, w)
              .quantizedUint8("b", new int[] {2}, -1f, 0.5f, (byte) 1, (byte) 3)
              .ints("axis", new int[] {}, 3)
              .ints("shape", new int[] {3}, -1, 16, 4);
      m.fusedConv("conv", "input_1", "w", "b", "SAME", 1);
      m.op("sig", "Sigmoid", "conv");
      m.op("cat", "ConcatV2", "conv", "sig", "axis");
      var pool = m.op("pool", "MaxPool", "cat");
      intList(pool, "ksize", 1, 1, 1, 1);
      intList(pool, "strides", 1, 1, 1, 1);
      string(pool, "padding", "VALID");
      string(pool, "data_format", "NHWC");
      m.op("flat", "Reshape", "pool", "shape");
      m.op("Identity", "Identity", "flat");
      Path written = m.signatureOutput("Identity").write(tmp);
      return new byte[][] {
        Files.readAllBytes(written.resolve("model.json")),
        Files.readAllBytes(written.resolve(SHARD))
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
