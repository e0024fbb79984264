package io.gradstream.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The rules for {@code kafka.client-properties}: the Kafka client settings (security.protocol,
 * ssl.*, sasl.*...) that gradstream hands to every producer, consumer and admin client it creates.
 * A key must be a real Kafka client setting, with a value Kafka accepts, and not one gradstream
 * sets itself: those keep the delivery rules (docs/ARCHITECTURE.md) and the live-video tuning of
 * each client, which one value for every client would break.
 */
public final class KafkaClientProperties {
  /** The configuration key of the map. */
  public static final String KEY = "kafka.client-properties";

  /**
   * Prefix of the environment variables that set one entry, e.g. {@code ..._SECURITY_PROTOCOL} for
   * security.protocol.
   */
  public static final String ENV_PREFIX = ConfigLoader.environmentVariableFor(KEY) + "_";

  /** What {@code gradstream config} and logs show instead of a secret value. */
  public static final String HIDDEN = "***";

  private static final Map<String, ConfigDef.ConfigKey> KNOWN = known();
  private static final Map<String, String> KNOWN_BY_VARIABLE = byVariable(KNOWN.keySet());
  private static final Map<String, String> RESERVED = reserved();

  private KafkaClientProperties() {}

  /** Every setting a Kafka producer, consumer or admin client takes. */
  public static Set<String> knownNames() {
    return Collections.unmodifiableSet(KNOWN.keySet());
  }

  /** Why gradstream sets {@code name} itself and refuses it here, if it does. */
  public static Optional<String> reservedBecause(String name) {
    return Optional.ofNullable(RESERVED.get(name));
  }

  /**
   * Whether the value of {@code name} is a credential: Kafka's own PASSWORD-typed settings
   * (sasl.jaas.config, ssl.*.password, ssl.keystore.key...) and any name that speaks of a password,
   * secret or JAAS login.
   */
  public static boolean isSecret(String name) {
    ConfigDef.ConfigKey key = KNOWN.get(name);
    String lower = name.toLowerCase(Locale.ROOT);
    return (key != null && key.type == ConfigDef.Type.PASSWORD)
        || lower.contains("password")
        || lower.contains("secret")
        || lower.contains("jaas")
        || lower.contains("credential");
  }

  /** {@code properties} with every secret value shown as {@value #HIDDEN}, for printing. */
  public static Map<String, String> redacted(Map<String, String> properties) {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach(
        (k, v) -> shown.put(k, isSecret(k) && v != null && !v.isEmpty() ? HIDDEN : v));
    return shown;
  }

  /**
   * The Kafka setting an environment variable names, e.g. security.protocol for
   * GRADSTREAM_KAFKA_CLIENT_PROPERTIES_SECURITY_PROTOCOL (the setting in upper case, '.' and '-' as
   * '_'). Kafka's setting names are matched, so the variable is unambiguous although '_' stands for
   * '.'.
   */
  static Optional<String> nameForVariable(String variable) {
    if (!variable.startsWith(ENV_PREFIX)) {
      return Optional.empty();
    }
    return Optional.ofNullable(KNOWN_BY_VARIABLE.get(variable.substring(ENV_PREFIX.length())));
  }

  /** The variable closest to a mistyped one, for "did you mean". */
  static Optional<String> closestVariable(String variable) {
    return ClosestMatch.of(variable.substring(ENV_PREFIX.length()), KNOWN_BY_VARIABLE.keySet())
        .map(s -> ENV_PREFIX + s);
  }

  /** The environment variable that sets the entry {@code name}. */
  public static String variableFor(String name) {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * One refused entry: {@code key} is the full configuration key, e.g.
   * kafka.client-properties.group.id.
   */
  record Problem(String key, String problem, String fix) {}

  /** What is wrong with {@code properties}, one problem per refused entry. */
  static List<Problem> check(Map<String, String> properties, boolean embeddedBroker) {
    List<Problem> problems = new ArrayList<>();
    if (embeddedBroker && !properties.isEmpty()) {
      problems.add(
          new Problem(
              KEY,
              "is set ("
                  + String.join(", ", new TreeSet<>(properties.keySet()))
                  + ") but kafka.bootstrap-servers is empty, so gradstream runs its embedded broker, which listens on"
                  + " 127.0.0.1 in PLAINTEXT only and would refuse these settings",
              "Set kafka.bootstrap-servers to your cluster, or remove kafka.client-properties to run the embedded broker."));
      return problems;
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(properties).entrySet()) {
      String name = entry.getKey();
      String key = KEY + "." + name;
      String reserved = RESERVED.get(name);
      if (reserved != null) {
        problems.add(
            new Problem(
                key, "is set by gradstream itself: " + reserved, "Remove it from " + KEY + "."));
        continue;
      }
      ConfigDef.ConfigKey known = KNOWN.get(name);
      if (known == null) {
        problems.add(
            new Problem(
                key,
                "is not a Kafka producer, consumer or admin client setting",
                ClosestMatch.of(name, KNOWN.keySet())
                    .map(n -> "Did you mean '" + n + "'?")
                    .orElse(
                        "See the Kafka client configuration reference (e.g. security.protocol, sasl.mechanism,"
                            + " sasl.jaas.config, ssl.truststore.location).")));
        continue;
      }
      String value = entry.getValue();
      if (value == null || value.isBlank()) {
        problems.add(new Problem(key, "has no value", "Give it a value, or remove it."));
        continue;
      }
      try {
        Object parsed = ConfigDef.parseType(name, value, known.type);
        if (known.validator != null) {
          known.validator.ensureValid(name, parsed);
        }
      } catch (ConfigException e) {
        // Kafka's message quotes the value: never for a secret.
        String why =
            isSecret(name)
                ? "is not a valid " + known.type.name().toLowerCase(Locale.ROOT)
                : kafkaReason(e);
        problems.add(
            new Problem(
                key,
                why,
                "Use a "
                    + known.type.name().toLowerCase(Locale.ROOT)
                    + " that Kafka accepts"
                    + (known.validator != null ? " (" + known.validator + ")" : "")
                    + "."));
      }
    }
    return problems;
  }

  private static String kafkaReason(ConfigException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    return message.isEmpty()
        ? "is not valid"
        : "is not valid: "
            + (message.endsWith(".") ? message.substring(0, message.length() - 1) : message);
  }

  private static Map<String, ConfigDef.ConfigKey> known() {
    Map<String, ConfigDef.ConfigKey> all = new TreeMap<>();
    for (ConfigDef def :
        List.of(
            AdminClientConfig.configDef(),
            ConsumerConfig.configDef(),
            ProducerConfig.configDef())) {
      def.configKeys()
          .forEach(
              (name, key) -> {
                if (!key.internalConfig) {
                  all.putIfAbsent(name, key);
                }
              });
    }
    return Collections.unmodifiableMap(all);
  }

  private static Map<String, String> byVariable(Set<String> names) {
    Map<String, String> byVariable = new TreeMap<>();
    for (String name : names) {
      byVariable.put(variableFor(name).substring(ENV_PREFIX.length()), name);
    }
    return byVariable;
  }

  /**
   * Every setting some gradstream client sets itself, with why (the sites: the callers of {@code
   * io.gradstream.common.kafka.KafkaClients}).
   */
  private static Map<String, String> reserved() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("bootstrap.servers", "use kafka.bootstrap-servers for the cluster's address");
    String wire =
        "gradstream reads and writes its own message format (protobuf frames and detections, JSON alerts)";
    for (String s :
        List.of("key.serializer", "value.serializer", "key.deserializer", "value.deserializer")) {
      r.put(s, wire);
    }
    String groups =
        "the consumer groups are inference.consumer-group and publisher.consumer-group, and each"
            + " worker must join its own way";
    r.put("group.id", groups);
    r.put("group.instance.id", groups);
    r.put(
        "client.id",
        "gradstream names each client (gradstream-ingest-frames, gradstream-publisher-alerts...)"
            + " so broker logs and metrics tell them apart");
    String delivery =
        "each client sets it to keep the delivery rules (frames at-most-once, detections at-least-once,"
            + " alerts idempotent with acks=all, offsets committed only after the work is written)";
    for (String s :
        List.of(
            "acks",
            "enable.idempotence",
            "retries",
            "max.in.flight.requests.per.connection",
            "transactional.id",
            "transaction.timeout.ms",
            "enable.auto.commit",
            "auto.offset.reset",
            "isolation.level")) {
      r.put(s, delivery);
    }
    String size = "it follows kafka.max-message-bytes";
    for (String s : List.of("max.request.size", "max.partition.fetch.bytes", "buffer.memory")) {
      r.put(s, size);
    }
    String tuning =
        "each client is tuned for live video (a camera gives up on a frame after 1 s, a dead worker"
            + " leaves its group within 6 s), and one value for every client would break that";
    for (String s :
        List.of(
            "linger.ms",
            "compression.type",
            "max.block.ms",
            "delivery.timeout.ms",
            "request.timeout.ms",
            "default.api.timeout.ms",
            "session.timeout.ms",
            "heartbeat.interval.ms",
            "max.poll.records",
            "partition.assignment.strategy")) {
      r.put(s, tuning);
    }
    return Collections.unmodifiableMap(r);
  }
}
