package io.gradstream.app.runtime;

import io.gradstream.common.kafka.KafkaConnection;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a Kafka client's refusal (bad credentials, failed TLS handshake, missing ACL) into a
 * sentence that names the settings to check. Kafka's own messages name neither gradstream's keys
 * nor the fix, and they never hold the secret, so quoting them is safe.
 */
final class KafkaAccessProblem {
  private KafkaAccessProblem() {}

  /** The operator's sentence for {@code error} (or a cause of it) when it is an access problem. */
  static Optional<String> describe(Throwable error, KafkaConnection kafka) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SslAuthenticationException) {
        return Optional.of(
            "the TLS handshake with Kafka at "
                + kafka.bootstrapServers()
                + " failed ("
                + t.getMessage()
                + "): check kafka.client-properties: ssl.truststore.location/ssl.truststore.password must hold the CA"
                + " that signed the broker's certificate, the broker's host name must match it, and security.protocol ("
                + protocol(kafka)
                + ") must be SSL or SASL_SSL for a TLS listener");
      }
      if (t instanceof AuthenticationException) {
        return Optional.of(
            "Kafka at "
                + kafka.bootstrapServers()
                + " refused gradstream's credentials ("
                + t.getMessage()
                + "): check kafka.client-properties: the user name and password in sasl.jaas.config,"
                + " sasl.mechanism (a mechanism the listener enables) and security.protocol ("
                + protocol(kafka)
                + ", must be what the listener at kafka.bootstrap-servers speaks)");
      }
      if (t instanceof AuthorizationException) {
        return Optional.of(
            "Kafka at "
                + kafka.bootstrapServers()
                + " let gradstream in but refused an operation ("
                + t.getMessage()
                + "): the user in kafka.client-properties' sasl.jaas.config needs ACLs to describe the"
                + " cluster, create, read and write gradstream's topics (kafka.topics.*) and join its consumer groups");
      }
    }
    return Optional.empty();
  }

  private static String protocol(KafkaConnection kafka) {
    Object p = kafka.clientProperties().get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    return p == null ? "PLAINTEXT" : p.toString();
  }
}
