package io.gradstream.app.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.utils.Time;

/**
 * A real one-node KRaft broker whose client listener is secured as a production cluster's would be:
 * SASL_PLAINTEXT with SCRAM-SHA-256, or SSL (TLS). A PLAINTEXT listener on another port stays for
 * the broker's own use and for creating the SCRAM users; clients under test are given only {@link
 * #bootstrapServers()}, so whatever they do goes through the secured listener.
 */
public final class SecuredKafkaBroker implements AutoCloseable {
  public static final String SCRAM = "SCRAM-SHA-256";
  private static final String CLIENT_LISTENER = "SECURED";

  private final KafkaRaftServer server;
  private final String address;
  private final Map<String, Object> loginCheck;

  private SecuredKafkaBroker(
      KafkaRaftServer server, String address, Map<String, Object> loginCheck) {
    this.server = server;
    this.address = address;
    this.loginCheck = loginCheck;
  }

  /**
   * A broker whose client listener takes SCRAM-SHA-256 logins of {@code users} (name to password).
   */
  public static SecuredKafkaBroker sasl(Path dataDir, Map<String, String> users) throws Exception {
    Map<String, String> listener =
        Map.of(
            "sasl.enabled.mechanisms",
            SCRAM,
            "listener.name.secured.scram-sha-256.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    Map.Entry<String, String> first = users.entrySet().iterator().next();
    return start(
        dataDir, "SASL_PLAINTEXT", listener, users, saslSettings(first.getKey(), first.getValue()));
  }

  /**
   * A broker whose client listener speaks TLS with the key in {@code keystore} (PKCS12, password
   * {@code password}).
   */
  public static SecuredKafkaBroker tls(
      Path dataDir, Path keystore, String password, Map<String, Object> trustingClient)
      throws Exception {
    Map<String, String> listener =
        Map.of(
            "listener.name.secured.ssl.keystore.location",
            keystore.toString(),
            "listener.name.secured.ssl.keystore.password",
            password,
            "listener.name.secured.ssl.keystore.type",
            "PKCS12",
            "listener.name.secured.ssl.key.password",
            password);
    return start(dataDir, "SSL", listener, Map.of(), trustingClient);
  }

  private static SecuredKafkaBroker start(
      Path dataDir,
      String protocol,
      Map<String, String> listenerSettings,
      Map<String, String> scramUsers,
      Map<String, Object> loginCheck)
      throws Exception {
    Path dir = BrokerDataDir.prepare(dataDir.toString());
    BrokerPorts ports = BrokerPorts.resolve(0, 0);
    int securedPort = BrokerPorts.resolve(0, 0).client();
    String host = BrokerPorts.HOST;
    Properties props = BrokerProperties.build(dir, ports, 8 << 20);
    String internal = "PLAINTEXT://" + host + ":" + ports.client();
    String secured = CLIENT_LISTENER + "://" + host + ":" + securedPort;
    props.setProperty(
        "listeners",
        internal
            + ","
            + secured
            + ","
            + BrokerProperties.CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + ports.controller());
    props.setProperty("advertised.listeners", internal + "," + secured);
    props.setProperty(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,"
            + CLIENT_LISTENER
            + ":"
            + protocol
            + ","
            + BrokerProperties.CONTROLLER_LISTENER
            + ":PLAINTEXT");
    listenerSettings.forEach(props::setProperty);
    BrokerDataDir.format(dir, props);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    SecuredKafkaBroker broker =
        new SecuredKafkaBroker(server, host + ":" + securedPort, loginCheck);
    try {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + ports.client()))) {
        admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        if (!scramUsers.isEmpty()) {
          admin
              .alterUserScramCredentials(
                  scramUsers.entrySet().stream()
                      .map(
                          u ->
                              (UserScramCredentialAlteration)
                                  new UserScramCredentialUpsertion(
                                      u.getKey(),
                                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                                      u.getValue()))
                      .toList())
              .all()
              .get(30, TimeUnit.SECONDS);
        }
      }
      // SCRAM credentials reach the listener through the metadata log: wait until a client gets in.
      broker.awaitClient(Duration.ofSeconds(30));
    } catch (Exception e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  /** The secured listener, the only address clients under test should know. */
  public String bootstrapServers() {
    return address;
  }

  /** Client settings that log in as {@code user} with {@code password} over SASL_PLAINTEXT. */
  public static Map<String, Object> saslSettings(String user, String password) {
    return Map.of(
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
        "SASL_PLAINTEXT",
        SaslConfigs.SASL_MECHANISM,
        SCRAM,
        SaslConfigs.SASL_JAAS_CONFIG,
        jaas(user, password));
  }

  /** Client settings that trust the certificates in {@code truststore} (PKCS12) over TLS. */
  public static Map<String, Object> tlsSettings(Path truststore, String password) {
    return Map.of(
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
        "SSL",
        SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
        truststore.toString(),
        SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
        password,
        SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
        "PKCS12");
  }

  /** The sasl.jaas.config line for {@code user}. */
  public static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  private void awaitClient(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, Object> settings = new HashMap<>(loginCheck);
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = Admin.create(settings)) {
        admin.listTopics().names().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(
        "no client got into the secured listener within " + within, last);
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
