package io.gradstream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the config loader with hostile YAML files and environments: documents built from the real
 * keys with values of every wrong shape and size (plus unknown keys and camera/webhook entries),
 * raw text for the YAML parser itself, and GRADSTREAM_* variables. Whatever the input, the operator
 * gets a usable config or a {@link ConfigException} whose every problem names a key; never another
 * exception, and never a hang (the fuzzing run's libFuzzer -timeout, see the parent POM).
 */
class ConfigLoaderFuzzTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Every leaf key of defaults.yaml ("http.port", ...), which the generator overrides with hostile
   * values.
   */
  private static final List<String> LEAVES = leaves();

  private static final List<String> CAMERA_FIELDS =
      List.of("id", "url", "max-fps", "jpeg-quality", "loop", "format");
  private static final List<String> WEBHOOK_FIELDS =
      List.of("url", "secret", "timeout-ms", "max-attempts");
  private static final String[] TEXTS = {
    "",
    " ",
    "~",
    "null",
    "0",
    "-1",
    "x",
    "NaN",
    ".inf",
    "-.inf",
    "1e309",
    "0x10",
    "rtsp://user:pw@cam/1",
    "file:///videos/a.mp4",
    "http://[::1",
    "9223372036854775808",
    "ingest, inference",
    "all",
    "127.0.0.1",
    "tensorrt",
    "\u0000",
    "\uFFFF",
    "a\nb: c",
    "${HOME}",
    "&anchor",
    "*alias"
  };

  private static Path dir;

  @FuzzTest(maxDuration = "15s")
  void anyFileAndEnvironmentGiveAConfigOrAConfigExceptionNamingTheKey(FuzzedDataProvider data)
      throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("gradstream-config-fuzz");
    }
    Path file = dir.resolve("gradstream.yaml");
    Map<String, String> env = new HashMap<>();
    if (data.consumeBoolean()) {
      Files.writeString(file, data.consumeString(4_000));
    } else {
      Files.writeString(file, YAML.writeValueAsString(document(data)));
    }
    int variables = data.consumeInt(0, 4);
    for (int i = 0; i < variables; i++) {
      String name =
          data.consumeBoolean()
              ? ConfigLoader.environmentVariableFor(data.pickValue(LEAVES))
              : ConfigLoader.ENV_PREFIX + data.consumeAsciiString(20);
      env.put(name, data.consumeBoolean() ? data.pickValue(TEXTS) : data.consumeString(200));
    }

    loadsOrNamesTheKey(file, env);
  }

  // ---------------------------------------------------------------- inputs the fuzzer found,
  // replayed exactly

  @Test
  void anEmptyOrBlankKeyIsNamedInTheError() throws IOException {
    for (String text : List.of("\"\": 1\n", "http:\n  \"\": 1\n", "\"\\n\": 1\n", "\" \": 1\n")) {
      Path file = yaml(text);
      loadsOrNamesTheKey(file, Map.of());
      assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
          .as(text)
          .isInstanceOf(ConfigException.class);
    }
  }

  private static Path yaml(String text) throws IOException {
    Path file = Files.createTempFile("gradstream-config-fuzz", ".yaml");
    Files.writeString(file, text);
    return file;
  }

  /**
   * The property: a config, or a ConfigException every problem of which names a key. Anything else
   * fails.
   */
  static void loadsOrNamesTheKey(Path file, Map<String, String> env) {
    try {
      assertThat(new ConfigLoader(env).load(file)).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.problems()).isNotEmpty();
      for (ConfigProblem p : e.problems()) {
        assertThat(p.key()).as("the key of %s", p).isNotBlank();
        assertThat(p.problem()).as("what is wrong, in %s", p).isNotBlank();
      }
    }
  }

  /** A YAML mapping of real keys (and a few unknown ones) set to values of every shape. */
  private static ObjectNode document(FuzzedDataProvider data) {
    ObjectNode root = NODES.objectNode();
    int keys = data.consumeInt(0, 8);
    for (int i = 0; i < keys; i++) {
      String key =
          data.consumeInt(0, 9) == 0 ? data.consumeAsciiString(30) : data.pickValue(LEAVES);
      put(root, key, value(data, 0));
    }
    if (data.consumeBoolean()) {
      root.set("cameras", entries(data, CAMERA_FIELDS));
    }
    if (data.consumeBoolean()) {
      ObjectNode alerts = root.withObjectProperty("publisher").withObjectProperty("alerts");
      alerts.set("webhooks", entries(data, WEBHOOK_FIELDS));
    }
    return root;
  }

  private static ArrayNode entries(FuzzedDataProvider data, List<String> fields) {
    ArrayNode list = NODES.arrayNode();
    int count = data.consumeInt(0, 3);
    for (int i = 0; i < count; i++) {
      ObjectNode entry = list.addObject();
      int n = data.consumeInt(0, fields.size() + 1);
      for (int f = 0; f < n; f++) {
        entry.set(
            f < fields.size() && data.consumeInt(0, 5) != 0
                ? data.pickValue(fields)
                : data.consumeAsciiString(10),
            value(data, 1));
      }
    }
    return list;
  }

  private static JsonNode value(FuzzedDataProvider data, int depth) {
    return switch (data.consumeInt(0, depth > 2 ? 7 : 9)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(data.consumeBoolean());
      case 2 -> NODES.numberNode(data.consumeLong());
      case 3 ->
          NODES.numberNode(
              data.pickValue(
                  new long[] {
                    0,
                    -1,
                    1,
                    Integer.MAX_VALUE,
                    Integer.MIN_VALUE,
                    (long) Integer.MAX_VALUE + 1,
                    Long.MAX_VALUE,
                    Long.MIN_VALUE,
                    65535,
                    65536
                  }));
      case 4 -> NODES.numberNode(data.consumeDouble());
      case 5 ->
          NODES.numberNode(
              data.pickValue(
                  new double[] {
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    -0.0,
                    1e-300,
                    1e300,
                    0.5,
                    100.5
                  }));
      case 6 -> NODES.textNode(data.pickValue(TEXTS));
      case 7 -> NODES.textNode(data.consumeString(100));
      case 8 -> {
        ArrayNode list = NODES.arrayNode();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) list.add(value(data, depth + 1));
        yield list;
      }
      default -> {
        ObjectNode map = NODES.objectNode();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) map.set(data.consumeAsciiString(10), value(data, depth + 1));
        yield map;
      }
    };
  }

  private static void put(ObjectNode root, String dottedKey, JsonNode value) {
    String[] parts = dottedKey.split("\\.", -1);
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
  }

  private static List<String> leaves() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
      List<String> keys = new ArrayList<>();
      collect(YAML.readTree(in), "", keys);
      return List.copyOf(keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, String prefix, List<String> keys) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isObject()) {
        collect(field.getValue(), prefix + field.getKey() + ".", keys);
      } else {
        keys.add(prefix + field.getKey());
      }
    }
  }
}
