package io.gradstream.app.kafka;

import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.EmbeddedBrokerConfig;

/**
 * The second process of {@link SecondBrokerOnTheSameDataDirTest}: starts an embedded broker on the
 * data dir given as its argument, as a second {@code gradstream run} would, and exits 0 if it
 * started (it then stops it again), 3 if it was refused with a config error (the message on
 * stdout), 1 otherwise.
 */
public final class BrokerOnDataDir {
  /** Exit code of a refused start. */
  static final int REFUSED = 3;

  private BrokerOnDataDir() {}

  public static void main(String[] args) {
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(new EmbeddedBrokerConfig(args[0], 0, 0), 1_000_000)) {
      System.out.println("started at " + broker.bootstrapServers());
    } catch (ConfigException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(REFUSED);
    } catch (RuntimeException e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
    System.exit(0);
  }
}
