package io.gradstream.common.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Loads the configuration: the documented defaults, then one YAML file, then environment variables
 * ({@code GRADSTREAM_} + key path in upper case, '.' and '-' as '_'). Unknown keys, values of the
 * wrong type and values out of range are all reported together, each with its key and a fix.
 */
public final class ConfigLoader {
  /** Prefix of environment variables that override configuration keys. */
  public static final String ENV_PREFIX = "GRADSTREAM_";

  /**
   * Environment variables with the prefix that the launcher and scripts read (see
   * scripts/lib/common.sh), not config keys.
   */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of(
          "GRADSTREAM_CONFIG",
          "GRADSTREAM_HOME",
          "GRADSTREAM_JAVA_OPTS",
          "GRADSTREAM_LOG_LEVEL",
          "GRADSTREAM_JAVA_MAJOR",
          "GRADSTREAM_JVM_DIR",
          "GRADSTREAM_QUIET",
          "GRADSTREAM_DEMO_FOOTAGE");

  private static final String DEFAULTS_RESOURCE = "defaults.yaml";
  private static final String DEFAULTS_SOURCE = "defaults";

  private final ObjectMapper yaml;
  private final Map<String, String> environment;

  /**
   * A loader reading overrides from {@code environment} (pass {@code System.getenv()} in
   * production).
   */
  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    this.yaml =
        new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** A loader that reads the process environment. */
  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System.getenv());
  }

  /**
   * Loads and validates the configuration.
   *
   * @param file the YAML file, or null for defaults and environment only
   * @throws ConfigException listing every problem found
   */
  public GradstreamConfig load(Path file) {
    ObjectNode merged = defaults();
    ValueSources sources = new ValueSources(DEFAULTS_SOURCE);
    List<ConfigProblem> problems = new ArrayList<>();
    if (file != null) {
      JsonNode user = readFile(file);
      if (!user.isMissingNode() && !user.isNull()) {
        if (!user.isObject()) {
          throw new ConfigException(
              new ConfigProblem(
                  "(top level)",
                  file.toString(),
                  "the file must hold a YAML mapping of keys, not a "
                      + user.getNodeType().name().toLowerCase(Locale.ROOT),
                  "Start from the keys documented in defaults.yaml, e.g. 'http:' with 'port: 8080' under it."));
        }
        merge(merged, (ObjectNode) user, defaults(), "", file.toString(), sources, problems);
      }
    }
    applyEnvironment(merged, sources, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    GradstreamConfig config = bind(merged, sources);
    List<ConfigProblem> invalid = new ConfigValidator(sources).validate(config);
    if (!invalid.isEmpty()) {
      throw new ConfigException(invalid);
    }
    return config;
  }

  /** The environment variable that overrides {@code key}, e.g. {@code GRADSTREAM_HTTP_PORT}. */
  public static String environmentVariableFor(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("defaults.yaml is missing from the gradstream-common jar");
      }
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in defaults.yaml", e);
    }
  }

  private JsonNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          new ConfigProblem(
              "--config",
              file.toString(),
              "the file does not exist or is not a regular file",
              "Check the path, or leave --config out to run on defaults and GRADSTREAM_* variables."));
    }
    try {
      return yaml.readTree(file.toFile());
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException(
          new ConfigProblem(
              "(syntax)",
              file.toString(),
              "not valid YAML" + where + ": " + e.getOriginalMessage(),
              "Fix the YAML syntax there (indentation uses spaces)."));
    } catch (IOException e) {
      throw new ConfigException(
          new ConfigProblem(
              "--config",
              file.toString(),
              "cannot be read: " + e.getMessage(),
              "Check the file's permissions."));
    }
  }

  /** Lays the user's tree over the defaults, rejecting keys the defaults do not have. */
  private static void merge(
      ObjectNode target,
      ObjectNode user,
      ObjectNode known,
      String prefix,
      String source,
      ValueSources sources,
      List<ConfigProblem> problems) {
    for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      // A blank YAML key ('"": 1', '"\n": 1') must still be named in the error, or the operator
      // sees no key at all.
      String key =
          prefix
              + (field.getKey().isBlank()
                  ? "'"
                      + field
                          .getKey()
                          .replace("\n", "\\n")
                          .replace("\r", "\\r")
                          .replace("\t", "\\t")
                      + "'"
                  : field.getKey());
      JsonNode knownValue = known.get(field.getKey());
      if (knownValue == null) {
        List<String> names = new ArrayList<>();
        known.fieldNames().forEachRemaining(names::add);
        String hint =
            ClosestMatch.of(field.getKey(), names)
                .map(n -> "Did you mean '" + prefix + n + "'?")
                .orElse("Known keys here: " + String.join(", ", names) + ".");
        problems.add(new ConfigProblem(key, source, "unknown key", hint));
      } else if (key.equals(KafkaClientProperties.KEY)) {
        mergeClientProperties(
            (ObjectNode) target.get(field.getKey()), field.getValue(), source, sources, problems);
      } else if (knownValue.isObject()) {
        if (field.getValue().isObject()) {
          merge(
              (ObjectNode) target.get(field.getKey()),
              (ObjectNode) field.getValue(),
              (ObjectNode) knownValue,
              key + ".",
              source,
              sources,
              problems);
        } else {
          problems.add(
              new ConfigProblem(
                  key,
                  source,
                  "must be a mapping of keys, not a single value",
                  "Put its sub-keys ("
                      + String.join(", ", fieldNames(knownValue))
                      + ") indented under it."));
        }
      } else if (field.getValue().isNull()) {
        // An empty value in YAML is null; every key with a default needs a real value (camera
        // entries may hold nulls).
        problems.add(
            new ConfigProblem(
                key,
                source,
                "has no value",
                "Give it a value, or remove the line to keep the default (" + knownValue + ")."));
      } else {
        target.set(field.getKey(), field.getValue());
        sources.record(key, source);
      }
    }
  }

  /**
   * kafka.client-properties is the one free-form mapping: its keys are Kafka's (checked by the
   * validator against the Kafka clients' own names), written flat and dotted as Kafka writes them,
   * each with a single value.
   */
  private static void mergeClientProperties(
      ObjectNode target,
      JsonNode user,
      String source,
      ValueSources sources,
      List<ConfigProblem> problems) {
    String key = KafkaClientProperties.KEY;
    if (!user.isObject()) {
      problems.add(
          new ConfigProblem(
              key,
              source,
              "must be a mapping of Kafka client settings, not a single value",
              "Indent them under it, e.g. 'security.protocol: SASL_SSL'."));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String entryKey = key + "." + entry.getKey();
      JsonNode value = entry.getValue();
      if (!value.isValueNode() || value.isNull()) {
        problems.add(
            new ConfigProblem(
                entryKey,
                source,
                value.isNull() ? "has no value" : "must be a single value",
                "Write each Kafka setting on one line with its full dotted name, e.g. 'ssl.truststore.location: /etc/kafka/truststore.p12'."));
        continue;
      }
      // Kafka takes every setting as text; keeping the text also keeps 'sasl.jaas.config' quoting
      // as written.
      target.set(entry.getKey(), TextNode.valueOf(value.asText()));
      sources.record(entryKey, source);
    }
  }

  private void applyEnvironment(
      ObjectNode merged, ValueSources sources, List<ConfigProblem> problems) {
    // Keys and value types come from the defaults, not from how the file happened to spell a value
    // (a file's 'max-fps: 10' must not make GRADSTREAM_INGEST_MAX_FPS=7.5 a whole-number error).
    ObjectNode defaults = defaults();
    Map<String, String> leafByVariable = new TreeMap<>();
    collectLeaves(defaults, "", leafByVariable);
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(ENV_PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
        continue;
      }
      if (name.startsWith(KafkaClientProperties.ENV_PREFIX)) {
        applyClientProperty(merged, name, variable.getValue(), sources, problems);
        continue;
      }
      String key = leafByVariable.get(name);
      if (key == null) {
        String hint =
            ClosestMatch.of(name, leafByVariable.keySet())
                .map(n -> "Did you mean " + n + "?")
                .orElse(
                    "See defaults.yaml for the keys; the variable is GRADSTREAM_ + the key in upper case with '.' and '-' as '_'.");
        problems.add(new ConfigProblem(name, "environment", "is not a configuration key", hint));
        continue;
      }
      String source = "environment variable " + name;
      try {
        setLeaf(merged, key, convert(leaf(defaults, key), variable.getValue()));
        sources.record(key, source);
      } catch (IllegalArgumentException e) {
        problems.add(
            new ConfigProblem(
                key, source, e.getMessage(), "Set " + name + " to a value of that type."));
      }
    }
  }

  /**
   * GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOL sets
   * kafka.client-properties.security.protocol: the Kafka setting in upper case with '.' and '-' as
   * '_', matched against Kafka's own names so '_' is unambiguous.
   */
  private static void applyClientProperty(
      ObjectNode merged,
      String name,
      String value,
      ValueSources sources,
      List<ConfigProblem> problems) {
    var setting = KafkaClientProperties.nameForVariable(name);
    if (setting.isEmpty()) {
      problems.add(
          new ConfigProblem(
              name,
              "environment",
              "does not name a Kafka client setting",
              KafkaClientProperties.closestVariable(name)
                  .map(n -> "Did you mean " + n + "?")
                  .orElse(
                      "Write "
                          + KafkaClientProperties.ENV_PREFIX
                          + " + the Kafka setting in upper case with '.' as '_',"
                          + " e.g. "
                          + KafkaClientProperties.variableFor("security.protocol")
                          + "=SASL_SSL.")));
      return;
    }
    ((ObjectNode) merged.get("kafka").get("client-properties"))
        .set(setting.get(), TextNode.valueOf(value));
    sources.record(KafkaClientProperties.KEY + "." + setting.get(), "environment variable " + name);
  }

  private JsonNode convert(JsonNode current, String text) {
    String value = text.trim();
    if (current.isArray()) {
      if (value.startsWith("[")) {
        try {
          return yaml.readTree(value);
        } catch (IOException e) {
          throw new IllegalArgumentException("is not a valid YAML list: " + e.getMessage());
        }
      }
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (String item : value.split(",")) {
        if (!item.isBlank()) list.add(item.trim());
      }
      return list;
    }
    if (current.isBoolean()) {
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return BooleanNode.valueOf(Boolean.parseBoolean(value));
      }
      throw new IllegalArgumentException("must be true or false, got '" + value + "'");
    }
    if (current.isIntegralNumber()) {
      try {
        return LongNode.valueOf(Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a whole number, got '" + value + "'");
      }
    }
    if (current.isNumber()) {
      try {
        return DoubleNode.valueOf(Double.parseDouble(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a number, got '" + value + "'");
      }
    }
    return TextNode.valueOf(text);
  }

  private GradstreamConfig bind(ObjectNode merged, ValueSources sources) {
    try {
      return yaml.treeToValue(merged, GradstreamConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String key = pathOf(e);
      List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
      String hint =
          ClosestMatch.of(String.valueOf(e.getPropertyName()), known)
              .map(n -> "Did you mean '" + n + "'?")
              .orElse("Known keys here: " + String.join(", ", known) + ".");
      throw new ConfigException(new ConfigProblem(key, sources.of(key), "unknown key", hint));
    } catch (JsonMappingException e) {
      String key = pathOf(e);
      throw new ConfigException(
          new ConfigProblem(
              key,
              sources.of(key),
              "has the wrong type: " + firstLine(e.getOriginalMessage()),
              "Use the type shown for it in defaults.yaml."));
    } catch (JacksonException e) {
      throw new ConfigException(
          new ConfigProblem(
              "(top level)",
              "",
              firstLine(e.getOriginalMessage()),
              "Compare the file with defaults.yaml."));
    }
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder key = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!key.isEmpty()) key.append('.');
        key.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        key.append('[').append(ref.getIndex()).append(']');
      }
    }
    return key.isEmpty() ? "(top level)" : key.toString();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static void collectLeaves(
      JsonNode node, String prefix, Map<String, String> leafByVariable) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      if (field.getValue().isObject()) {
        collectLeaves(field.getValue(), key + ".", leafByVariable);
      } else {
        leafByVariable.put(environmentVariableFor(key), key);
      }
    }
  }

  private static JsonNode leaf(ObjectNode root, String key) {
    JsonNode node = root;
    for (String part : key.split("\\.")) {
      node = node.get(part);
    }
    return node;
  }

  private static void setLeaf(ObjectNode root, String key, JsonNode value) {
    String[] parts = key.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (ObjectNode) node.get(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Where each key's value came from, for error messages. */
  static final class ValueSources {
    private final String fallback;
    private final Map<String, String> byKey = new LinkedHashMap<>();

    ValueSources(String fallback) {
      this.fallback = fallback;
    }

    void record(String key, String source) {
      byKey.put(key, source);
    }

    /** The source of {@code key} or of the nearest enclosing key that has one. */
    String of(String key) {
      String k = key;
      while (true) {
        String source = byKey.get(k);
        if (source != null) return source;
        int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
        if (cut <= 0) return fallback;
        k = k.substring(0, cut);
      }
    }

    @Override
    public String toString() {
      return byKey.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", "));
    }
  }
}
