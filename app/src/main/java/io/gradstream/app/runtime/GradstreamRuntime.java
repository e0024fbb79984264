package io.gradstream.app.runtime;

import io.gradstream.app.http.AccessToken;
import io.gradstream.app.http.HttpEdge;
import io.gradstream.app.http.OpsRoutes;
import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.common.config.ConfigException;
import io.gradstream.common.config.GradstreamConfig;
import io.gradstream.common.config.KafkaConfig;
import io.gradstream.common.config.Role;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gradstream process: the embedded broker when no cluster is configured, the topics, the
 * configured roles (ingest, inference, publisher), and the HTTP server with the roles' APIs and the
 * operational endpoints. Closing it stops everything in reverse order, so no frame producer
 * outlives its broker. With {@code kafka.bootstrap-servers} set and {@code roles: [inference]}, a
 * runtime is one inference worker of a cluster; start N of them for N workers in one consumer
 * group.
 */
public final class GradstreamRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GradstreamRuntime.class);
  private static final long STARTUP_TIMEOUT_SECONDS = 60;

  /**
   * What a stop closes, newest last, each with the name the log gives it if it has to be abandoned.
   */
  private final List<StopStep> toClose = new ArrayList<>();

  private long stopTimeoutMs = GradstreamConfig.DEFAULT_STOP_TIMEOUT_MS;
  private KafkaConnection kafkaConnection;
  private HttpServer http;
  private AccessToken accessToken;
  private IngestRole ingest;
  private InferenceRole inference;
  private PublisherRole publisher;
  private Set<Role> roles = EnumSet.noneOf(Role.class);
  private volatile boolean closed;

  private GradstreamRuntime() {}

  /**
   * Starts gradstream with {@code config}; returns once every role is up and the HTTP server
   * listens.
   *
   * @throws StartupException with a sentence for the operator when something cannot start
   */
  public static GradstreamRuntime start(GradstreamConfig config) {
    return start(config, InferenceBindings.real());
  }

  /**
   * Starts gradstream with {@code config}, the inference role (when configured) running the
   * detector and JPEG decoder of {@code inference}.
   *
   * @throws StartupException with a sentence for the operator when something cannot start
   */
  public static GradstreamRuntime start(GradstreamConfig config, InferenceBindings inference) {
    GradstreamRuntime runtime = new GradstreamRuntime();
    try {
      runtime.startAll(config, inference);
      return runtime;
    } catch (ConfigException | StartupException e) {
      runtime.close();
      throw e;
    } catch (Exception e) {
      runtime.close();
      String access =
          runtime.kafkaConnection == null
              ? null
              : KafkaAccessProblem.describe(e, runtime.kafkaConnection).orElse(null);
      throw new StartupException(
          access != null
              ? "gradstream could not start: " + access
              : "gradstream could not start: " + e.getMessage(),
          e);
    }
  }

  private void startAll(GradstreamConfig config, InferenceBindings bindings) throws Exception {
    stopTimeoutMs = config.stopTimeoutMs();
    for (String name : config.roles()) {
      roles.add(Role.fromConfigName(name).orElseThrow());
    }
    KafkaConfig kafka = config.kafka();
    if (kafka.useEmbeddedBroker()) {
      EmbeddedKafkaBroker broker =
          EmbeddedKafkaBroker.start(kafka.embedded(), kafka.maxMessageBytes());
      toClose.add(new StopStep("embedded Kafka broker", broker));
      kafkaConnection = KafkaConnection.plaintext(broker.bootstrapServers());
    } else {
      kafkaConnection = KafkaConnection.of(kafka, kafka.bootstrapServers());
    }
    try (Admin admin =
        KafkaClients.admin(
            kafkaConnection,
            "gradstream-admin",
            Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TimeUnit.SECONDS.toMillis(STARTUP_TIMEOUT_SECONDS)))) {
      TopicProvisioner.ensureTopics(admin, kafka.topics(), kafka.maxMessageBytes());
    } catch (Exception e) {
      // The admin client is the first to connect, so wrong credentials or TLS settings surface
      // here.
      String access = KafkaAccessProblem.describe(e, kafkaConnection).orElse(null);
      throw new StartupException(
          access != null
              ? "cannot create the topics: " + access
              : "cannot reach Kafka at "
                  + kafkaConnection.bootstrapServers()
                  + " to create the topics ("
                  + e.getMessage()
                  + "): check kafka.bootstrap-servers"
                  + (kafkaConnection.secured()
                      ? " and that kafka.client-properties' security.protocol is what that listener speaks"
                      : " (and kafka.client-properties if the cluster needs TLS or SASL)")
                  + ", or leave it empty to run the embedded broker",
          e);
    }

    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    toClose.add(new StopStep("metrics registry", meters::close));
    new JvmMemoryMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    toClose.add(new StopStep("GC metrics", gc));
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);

    Vertx vertx = VertxWithMetrics.create(meters);
    toClose.add(
        new StopStep(
            "Vert.x",
            () ->
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)));
    Router router = Router.router(vertx);
    // First, so the guard stands before every route the roles mount.
    accessToken = HttpEdge.guard(router, config.http(), meters);
    Clock clock = Clock.systemUTC();
    if (roles.contains(Role.INGEST)) {
      ingest = IngestRole.start(config, kafkaConnection, vertx, meters, router, clock);
      toClose.add(new StopStep("ingest role", ingest));
    }
    if (roles.contains(Role.INFERENCE)) {
      inference = InferenceRole.start(config, kafkaConnection, meters, bindings, clock);
      toClose.add(new StopStep("inference role", inference));
    }
    if (roles.contains(Role.PUBLISHER)) {
      publisher = PublisherRole.start(config, kafkaConnection, vertx, meters, router, clock);
      toClose.add(new StopStep("publisher role", publisher));
    }
    OpsRoutes.mount(router, vertx, meters, this::notReadyReason);

    try {
      http =
          vertx
              .createHttpServer(HttpEdge.serverOptions(config.http()))
              .requestHandler(router)
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StartupException(
          "cannot listen on "
              + config.http().host()
              + ":"
              + config.http().port()
              + " ("
              + e.getCause()
              + "): is another process using the port? Set http.port (GRADSTREAM_HTTP_PORT), 0 for a free one",
          e);
    }
    toClose.add(
        new StopStep(
            "HTTP server",
            () -> http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)));
    log.info(
        "event=ready http=http://{}:{} kafka={} roles={}",
        config.http().host(),
        http.actualPort(),
        kafkaConnection.bootstrapServers(),
        config.roles());
  }

  private String notReadyReason() {
    if (roles.contains(Role.INGEST)) {
      String reason = ingest == null ? "starting" : ingest.notReadyReason();
      if (reason != null) {
        return reason;
      }
    }
    if (roles.contains(Role.INFERENCE)) {
      String reason = inference == null ? "starting" : inference.notReadyReason();
      if (reason != null) {
        return reason;
      }
    }
    if (roles.contains(Role.PUBLISHER)) {
      return publisher == null ? "starting" : publisher.notReadyReason();
    }
    return null;
  }

  /**
   * The inference worker's id (as written into ExplainedFrame.worker_id), or null without the
   * inference role.
   */
  public String inferenceWorkerId() {
    return inference == null ? null : inference.workerId();
  }

  /**
   * The token the HTTP server asks for (configured or generated at start), or null when {@code
   * http.auth.enabled} is false. For the person at the terminal and for clients in this process;
   * never log it.
   */
  public String accessToken() {
    return accessToken == null ? null : accessToken.value();
  }

  /** Whether the access token was generated at start, so nobody knows it until it is shown. */
  public boolean accessTokenGenerated() {
    return accessToken != null && accessToken.generated();
  }

  /** The port the HTTP server listens on. */
  public int httpPort() {
    return http.actualPort();
  }

  /** The Kafka cluster this process uses (the embedded broker's address when it runs one). */
  public String bootstrapServers() {
    return kafkaConnection.bootstrapServers();
  }

  /**
   * How this process's Kafka clients connect: the address and the kafka.client-properties
   * (security).
   */
  public KafkaConnection kafkaConnection() {
    return kafkaConnection;
  }

  /**
   * Stops everything, newest first, within {@code stop-timeout-ms}: what is still stopping then is
   * left to the process's exit and logged ({@code event=stop-abandoned}), so that no stuck part (a
   * broker waiting for a controller, a client waiting for a broker) can hold the process. Safe to
   * call more than once.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    long started = System.nanoTime();
    StopSteps steps = new StopSteps(toClose);
    Thread stopper = new Thread(steps::run, "gradstream-stop");
    stopper.setDaemon(true); // an abandoned step must not keep the JVM alive
    stopper.start();
    try {
      stopper.join(stopTimeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      log.warn(
          "event=stop-abandoned limit_ms={} stopping=\"{}\" not_stopped=\"{}\" (raise stop-timeout-ms to wait longer)",
          stopTimeoutMs,
          steps.current(),
          String.join(", ", steps.left()));
      return;
    }
    log.info(
        "event=stopped stop_ms={}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** One thing a stop closes. */
  private record StopStep(String name, AutoCloseable resource) {}

  /**
   * Closes the steps newest first on the stopping thread, and tells at any time which one it is in.
   */
  private static final class StopSteps {
    private final List<StopStep> steps;
    private volatile int next;

    StopSteps(List<StopStep> steps) {
      this.steps = List.copyOf(steps);
      this.next = steps.size() - 1;
    }

    void run() {
      for (; next >= 0; next--) {
        StopStep step = steps.get(next);
        try {
          step.resource().close();
        } catch (Exception e) {
          log.warn(
              "event=shutdown-step-failed step=\"{}\" error=\"{}\"", step.name(), e.toString());
        }
      }
    }

    String current() {
      int i = next;
      return i >= 0 ? steps.get(i).name() : "";
    }

    /** The steps not closed yet, the current one first. */
    List<String> left() {
      List<String> out = new ArrayList<>();
      for (int i = next; i >= 0; i--) {
        out.add(steps.get(i).name());
      }
      return out;
    }
  }
}
