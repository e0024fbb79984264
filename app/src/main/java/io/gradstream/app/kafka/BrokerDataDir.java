package io.gradstream.app.kafka;

import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.ConfigProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded broker's log directory: checked writable, and formatted for KRaft exactly once. */
final class BrokerDataDir {
  static final String KEY = "kafka.embedded.data-dir";
  private static final String ENV = "GRADSTREAM_KAFKA_EMBEDDED_DATA_DIR";

  /** Written by the format step; its presence means the directory already belongs to a cluster. */
  static final String META_PROPERTIES = "meta.properties";

  private static final Logger log = LoggerFactory.getLogger(BrokerDataDir.class);

  private BrokerDataDir() {}

  /**
   * Creates the directory if missing and proves it writable.
   *
   * @throws ConfigException naming {@value #KEY} when it is not a usable directory
   */
  static Path prepare(String configured) {
    Path dir;
    try {
      dir = Path.of(configured).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw problem(configured, "is not a valid path (" + e.getReason() + ")");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw problem(dir.toString(), "is a regular file, not a directory");
    }
    try {
      Files.createDirectories(dir);
      // Files.isWritable says yes to root on a read-only mount; only a real write tells the truth.
      Files.delete(Files.createTempFile(dir, ".gradstream-write-check", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw problem(dir.toString(), "cannot be created or written (" + e + ")");
    }
    return dir;
  }

  /**
   * The error for a data dir that another broker holds locked.
   *
   * @param holder who holds it, e.g. "pid 4242" or "this process"
   */
  static ConfigException inUse(Path dir, String holder) {
    return new ConfigException(
        new ConfigProblem(
            KEY,
            null,
            "'"
                + dir
                + "' is in use by another Kafka broker ("
                + holder
                + "; is another gradstream running on it?)",
            "Stop the other process, or set " + KEY + " (" + ENV + ") to a directory of its own."));
  }

  /** The cluster id of an already formatted directory, or empty when it still needs formatting. */
  static Optional<String> clusterId(Path dir) {
    Path meta = dir.resolve(META_PROPERTIES);
    if (!Files.exists(meta)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + meta, e);
    }
    return Optional.of(props.getProperty("cluster.id", "?"));
  }

  /**
   * Formats the directory for KRaft with a new cluster id, through the same code path as {@code
   * kafka-storage.sh format -t ID -c FILE} (the command line is Kafka's stable contract; the
   * Formatter class behind it is internal and changes between releases).
   *
   * @return the new cluster id
   */
  static String format(Path dir, Properties brokerProperties) {
    return format(dir, brokerProperties, Uuid.randomUuid().toString());
  }

  /**
   * As {@link #format(Path, Properties)}, with a given cluster id: every node of one cluster is
   * formatted with the same.
   */
  static String format(Path dir, Properties brokerProperties, String clusterId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path configFile = null;
    try {
      // Kept outside the data dir so Kafka never sees a stray file among its partitions.
      configFile = Files.createTempFile("gradstream-kraft-format", ".properties");
      try (OutputStream os = Files.newOutputStream(configFile)) {
        brokerProperties.store(os, "gradstream embedded broker, for formatting only");
      }
      int rc;
      try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        rc =
            StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, print);
      }
      if (rc != 0) {
        throw new EmbeddedBrokerException(
            "formatting " + dir + " for Kafka failed (exit " + rc + "): " + oneLine(out));
      }
    } catch (IOException e) {
      throw new EmbeddedBrokerException("formatting " + dir + " for Kafka failed: " + e, e);
    } catch (EmbeddedBrokerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EmbeddedBrokerException(
          "formatting "
              + dir
              + " for Kafka failed: "
              + e.getMessage()
              + (out.size() > 0 ? " (" + oneLine(out) + ")" : ""),
          e);
    } finally {
      deleteQuietly(configFile);
    }
    log.info("formatted Kafka data dir {} with new cluster id {}", dir, clusterId);
    return clusterId;
  }

  private static ConfigException problem(String dir, String what) {
    return new ConfigException(
        new ConfigProblem(
            KEY,
            null,
            "'" + dir + "' " + what,
            "Point "
                + KEY
                + " ("
                + ENV
                + ") at a directory gradstream may create and write, e.g. ./data/kafka."));
  }

  private static String oneLine(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", " | ");
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("could not delete temporary file {}: {}", file, e.toString());
    }
  }
}
