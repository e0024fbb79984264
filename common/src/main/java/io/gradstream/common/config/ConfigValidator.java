package io.gradstream.common.config;

import io.gradstream.common.camera.CameraRules;
import io.gradstream.common.camera.FileRoots;
import io.gradstream.common.image.JpegHeader;
import io.gradstream.common.net.WebhookTargetPolicy;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks value ranges and cross-key rules after the configuration has been bound. */
final class ConfigValidator {
  /**
   * Printable ASCII that needs no quoting in a header or a cookie: no space, quote, comma,
   * semicolon or backslash.
   */
  private static final Pattern TOKEN_CHARACTERS =
      Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]+");

  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern HOST_PORT = Pattern.compile("[^\\s:,]+:(\\d{1,5})");
  private static final List<String> EXECUTION_PROVIDERS = List.of("cpu", "cuda", "tensorrt");
  private static final Set<String> CLEANUP_POLICIES =
      Set.of("delete", "compact", "compact,delete", "delete,compact");

  private final ConfigLoader.ValueSources sources;
  private final WebhookTargetPolicy.Resolver resolver;
  private final List<ConfigProblem> problems = new ArrayList<>();

  ConfigValidator(ConfigLoader.ValueSources sources) {
    this.sources = sources;
    this.resolver = WebhookTargetPolicy::systemResolve;
  }

  List<ConfigProblem> validate(GradstreamConfig config) {
    checkRoles(config.roles());
    require(
        "stop-timeout-ms",
        config.stopTimeoutMs() > 0,
        "is " + config.stopTimeoutMs(),
        "Give the milliseconds a stop may take, e.g. 30000.");
    checkKafka(config.kafka());
    checkPort("http.port", config.http().port());
    require(
        "http.host",
        config.http().host() != null && !config.http().host().isBlank(),
        "is empty",
        "Use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).");
    checkHttpAuth(config.http().auth());
    checkHttpLimits(config.http().limits());
    checkIngest(config.ingest());
    checkInference(config.inference());
    checkPublisher(config.publisher());
    // Only the roots that passed checkIngest: a bad one is reported there, not thrown from
    // FileRoots.
    checkCameras(
        config.cameras(),
        new FileRoots(
            config.ingest().fileRoots().stream().filter(ConfigValidator::isAbsolutePath).toList()));
    return problems;
  }

  private void checkRoles(List<String> roles) {
    require(
        "roles", !roles.isEmpty(), "is empty", "List at least one of " + Role.configNames() + ".");
    for (String role : roles) {
      require(
          "roles",
          Role.fromConfigName(role).isPresent(),
          "has unknown role '" + role + "'",
          "Use any of " + Role.configNames() + ".");
    }
  }

  private void checkKafka(KafkaConfig kafka) {
    if (!kafka.useEmbeddedBroker()) {
      for (String server : kafka.bootstrapServers().split(",")) {
        var m = HOST_PORT.matcher(server.strip());
        boolean ok =
            m.matches()
                && Integer.parseInt(m.group(1)) >= 1
                && Integer.parseInt(m.group(1)) <= 65535;
        require(
            "kafka.bootstrap-servers",
            ok,
            "'" + server.strip() + "' is not host:port",
            "Write it as host:port[,host:port...], or leave it empty to run the embedded broker.");
      }
    }
    EmbeddedBrokerConfig embedded = kafka.embedded();
    require(
        "kafka.embedded.data-dir",
        embedded.dataDir() != null && !embedded.dataDir().isBlank(),
        "is empty",
        "Name a directory the broker may write to, e.g. ./data/kafka.");
    checkPort("kafka.embedded.port", embedded.port());
    checkPort("kafka.embedded.controller-port", embedded.controllerPort());
    require(
        "kafka.embedded.controller-port",
        embedded.port() == 0 || embedded.port() != embedded.controllerPort(),
        "is the same as kafka.embedded.port (" + embedded.port() + ")",
        "Give the controller its own port, e.g. 9093.");
    require(
        "kafka.max-message-bytes",
        kafka.maxMessageBytes() >= 1 << 20 && kafka.maxMessageBytes() <= 64 << 20,
        "must be between 1 MiB and 64 MiB, got " + kafka.maxMessageBytes(),
        "8388608 (8 MiB) holds a 4K JPEG frame.");

    for (KafkaClientProperties.Problem p :
        KafkaClientProperties.check(kafka.clientProperties(), kafka.useEmbeddedBroker())) {
      problems.add(new ConfigProblem(p.key(), sources.of(p.key()), p.problem(), p.fix()));
    }

    TopicsConfig topics = kafka.topics();
    checkTopic("kafka.topics.frames", topics.frames());
    checkTopic("kafka.topics.detections", topics.detections());
    checkTopic("kafka.topics.alerts", topics.alerts());
    checkTopic("kafka.topics.cameras", topics.cameras());
    checkTopic("kafka.topics.dead-letter", topics.deadLetter());
    require(
        "kafka.topics.cameras.cleanup-policy",
        "compact".equals(topics.cameras().cleanupPolicy()),
        "must be compact, got '" + topics.cameras().cleanupPolicy() + "'",
        "The camera registry keeps the latest registration per camera; set it to compact.");
    Set<String> names = new HashSet<>();
    for (TopicConfig topic : topics.all()) {
      require(
          "kafka.topics",
          names.add(topic.name()),
          "name '" + topic.name() + "' is used twice",
          "Give each topic its own name.");
    }
  }

  private void checkTopic(String key, TopicConfig topic) {
    require(
        key + ".name",
        topic.name() != null && TOPIC_NAME.matcher(topic.name()).matches(),
        "'" + topic.name() + "' is not a valid topic name",
        "Use 1-249 letters, digits, '.', '_' or '-'.");
    require(
        key + ".partitions",
        topic.partitions() >= 1 && topic.partitions() <= 10_000,
        "must be between 1 and 10000, got " + topic.partitions(),
        "Use at least as many partitions as consumers you want to share the topic.");
    require(
        key + ".retention-ms",
        topic.retentionMs() == -1 || topic.retentionMs() > 0,
        "must be -1 (keep for ever) or above 0, got " + topic.retentionMs(),
        "E.g. 600000 keeps ten minutes.");
    require(
        key + ".cleanup-policy",
        CLEANUP_POLICIES.contains(topic.cleanupPolicy()),
        "must be delete, compact or compact,delete, got '" + topic.cleanupPolicy() + "'",
        "Use delete for streams.");
  }

  private void checkHttpAuth(HttpAuthConfig auth) {
    String token = auth.token() == null ? "" : auth.token();
    String tokenFile = auth.tokenFile() == null ? "" : auth.tokenFile();
    if (!token.isEmpty()) {
      require(
          "http.auth.token",
          token.length() >= HttpAuthConfig.MIN_TOKEN_LENGTH,
          "is "
              + token.length()
              + " characters, fewer than "
              + HttpAuthConfig.MIN_TOKEN_LENGTH
              + " (too easy to guess)",
          "Use a random one, e.g. `openssl rand -base64 32`, or leave it empty to have one generated at start.");
      require(
          "http.auth.token",
          TOKEN_CHARACTERS.matcher(token).matches(),
          "holds a space, quote, comma, semicolon, backslash or a non-ASCII character",
          "Use letters, digits and + / = - _ . ~ only, e.g. the output of `openssl rand -base64 32`.");
      require(
          "http.auth.token-file",
          tokenFile.isEmpty(),
          "is set as well as http.auth.token",
          "Set only one of them: the token, or the file that holds it.");
    }
    if (!tokenFile.isEmpty()) {
      Path file = pathOrNull(tokenFile);
      require(
          "http.auth.token-file",
          file != null && Files.isRegularFile(file) && Files.isReadable(file),
          "'" + tokenFile + "' does not exist or cannot be read",
          "Point it at a readable file holding the token (e.g. a mounted Secret), or leave it empty.");
    }
  }

  private void checkHttpLimits(HttpLimitsConfig limits) {
    require(
        "http.limits.max-body-bytes",
        limits.maxBodyBytes() >= 1024 && limits.maxBodyBytes() <= 64 << 20,
        "must be between 1024 and 67108864, got " + limits.maxBodyBytes(),
        "65536 holds any camera registration.");
    require(
        "http.limits.max-websocket-message-bytes",
        limits.maxWebsocketMessageBytes() >= 1024 && limits.maxWebsocketMessageBytes() <= 64 << 20,
        "must be between 1024 and 67108864, got " + limits.maxWebsocketMessageBytes(),
        "E.g. 65536: the viewer's sockets only send frames, clients need not send much.");
    require(
        "http.limits.max-header-bytes",
        limits.maxHeaderBytes() >= 1024 && limits.maxHeaderBytes() <= 1 << 20,
        "must be between 1024 and 1048576, got " + limits.maxHeaderBytes(),
        "E.g. 8192.");
    require(
        "http.limits.max-url-length",
        limits.maxUrlLength() >= 256 && limits.maxUrlLength() <= 65_536,
        "must be between 256 and 65536, got " + limits.maxUrlLength(),
        "E.g. 4096.");
  }

  private void checkIngest(IngestConfig ingest) {
    require(
        "ingest.max-fps",
        ingest.maxFps() > 0 && ingest.maxFps() <= CameraRules.MAX_FPS_LIMIT,
        "must be above 0 and at most "
            + (int) CameraRules.MAX_FPS_LIMIT
            + ", got "
            + ingest.maxFps(),
        "E.g. 10.");
    require(
        "ingest.jpeg-quality",
        ingest.jpegQuality() >= 1 && ingest.jpegQuality() <= 100,
        "must be between 1 and 100, got " + ingest.jpegQuality(),
        "Use 75-90 for a good size/quality balance.");
    require(
        "ingest.read-timeout-ms",
        ingest.readTimeoutMs() >= 100,
        "must be at least 100, got " + ingest.readTimeoutMs(),
        "E.g. 5000: five silent seconds mean the source is dead.");
    for (int i = 0; i < ingest.fileRoots().size(); i++) {
      String root = ingest.fileRoots().get(i);
      require(
          "ingest.file-roots[" + i + "]",
          isAbsolutePath(root),
          "'" + root + "' is not an absolute path",
          "Write the directory from /, e.g. /srv/videos.");
    }
    BackoffConfig reconnect = ingest.reconnect();
    require(
        "ingest.reconnect.initial-delay-ms",
        reconnect.initialDelayMs() >= 1,
        "must be at least 1, got " + reconnect.initialDelayMs(),
        "E.g. 500.");
    require(
        "ingest.reconnect.max-delay-ms",
        reconnect.maxDelayMs() >= reconnect.initialDelayMs(),
        "must be at least initial-delay-ms ("
            + reconnect.initialDelayMs()
            + "), got "
            + reconnect.maxDelayMs(),
        "E.g. 30000.");
    require(
        "ingest.reconnect.multiplier",
        reconnect.multiplier() >= 1.0,
        "must be at least 1, got " + reconnect.multiplier(),
        "E.g. 2 doubles the delay on each failure.");
    require(
        "ingest.reconnect.jitter",
        reconnect.jitter() >= 0 && reconnect.jitter() <= 1,
        "must be between 0 and 1, got " + reconnect.jitter(),
        "E.g. 0.2 takes up to a fifth off each delay.");
  }

  private void checkInference(InferenceConfig inference) {
    require(
        "inference.input-size",
        inference.inputSize() >= 32
            && inference.inputSize() <= 2048
            && inference.inputSize() % 32 == 0,
        "must be a multiple of 32 between 32 and 2048, got " + inference.inputSize(),
        "YOLO models stride by 32: use 640 (accurate) or 320 (fast).");
    require(
        "inference.confidence-threshold",
        inference.confidenceThreshold() > 0 && inference.confidenceThreshold() < 1,
        "must be between 0 and 1, got " + inference.confidenceThreshold(),
        "E.g. 0.25.");
    require(
        "inference.iou-threshold",
        inference.iouThreshold() > 0 && inference.iouThreshold() < 1,
        "must be between 0 and 1, got " + inference.iouThreshold(),
        "E.g. 0.45.");
    require(
        "inference.execution-providers",
        !inference.executionProviders().isEmpty(),
        "is empty",
        "List at least cpu.");
    for (String provider : inference.executionProviders()) {
      require(
          "inference.execution-providers",
          EXECUTION_PROVIDERS.contains(provider),
          "has unknown provider '" + provider + "'",
          "Use any of " + EXECUTION_PROVIDERS + ", e.g. [tensorrt, cuda, cpu].");
    }
    require(
        "inference.tensorrt-engine-cache",
        inference.tensorrtEngineCache().isEmpty()
            || pathOrNull(inference.tensorrtEngineCache()) != null,
        "is not a path this file system can hold",
        "Name a directory, e.g. /var/cache/gradstream/tensorrt, or leave it empty for no engine cache.");
    require(
        "inference.intra-op-threads",
        inference.intraOpThreads() >= 0 && inference.intraOpThreads() <= 256,
        "must be between 0 and 256, got " + inference.intraOpThreads(),
        "0 lets ONNX Runtime use every core.");
    require(
        "inference.max-frame-age-ms",
        inference.maxFrameAgeMs() >= 1,
        "must be at least 1, got " + inference.maxFrameAgeMs(),
        "E.g. 2000: drop frames more than two seconds old.");
    require(
        "inference.max-frame-pixels",
        inference.maxFramePixels() >= 64 * 64
            && inference.maxFramePixels() <= JpegHeader.MAX_DECODED_PIXELS,
        "must be between 4096 and 33177600 (8K UHD, the decoder's own "
            + "ceiling), got "
            + inference.maxFramePixels(),
        "E.g. 16777216 (4096 x 4096) for 4K cameras, 33177600 for 8K (7680 x 4320).");
    require(
        "inference.batch.max-size",
        inference.batch().maxSize() >= 1 && inference.batch().maxSize() <= 64,
        "must be between 1 and 64, got " + inference.batch().maxSize(),
        "E.g. 4.");
    require(
        "inference.batch.max-wait-ms",
        inference.batch().maxWaitMs() >= 0 && inference.batch().maxWaitMs() <= 1000,
        "must be between 0 and 1000, got " + inference.batch().maxWaitMs(),
        "E.g. 2; 0 never waits for a batch to fill.");
    require(
        "inference.consumer-group",
        inference.consumerGroup() != null && !inference.consumerGroup().isBlank(),
        "is empty",
        "Name the group the workers share, e.g. gradstream-inference.");
    require(
        "inference.explain.method",
        ExplainConfig.METHODS.contains(inference.explain().method()),
        "is '" + inference.explain().method() + "', not a method the worker runs",
        "Use any of " + ExplainConfig.METHODS + ".");
    String reliability = inference.explain().reliabilityModel();
    if (!reliability.isEmpty() && !reliability.equals(ExplainConfig.NO_RELIABILITY)) {
      Path file = pathOrNull(reliability);
      require(
          "inference.explain.reliability-model",
          file != null && Files.isRegularFile(file) && Files.isReadable(file),
          "'" + reliability + "' does not exist or cannot be read",
          "Point it at a file `gradstream calibrate` wrote, leave it empty for the one beside the model, or set it to "
              + ExplainConfig.NO_RELIABILITY
              + ".");
    }
  }

  private void checkPublisher(PublisherConfig publisher) {
    require(
        "publisher.consumer-group",
        publisher.consumerGroup() != null && !publisher.consumerGroup().isBlank(),
        "is empty",
        "Name the group the publishers share, e.g. gradstream-publisher.");
    require(
        "publisher.first-start-lookback-ms",
        publisher.firstStartLookbackMs() >= 0,
        "must be 0 or more, got " + publisher.firstStartLookbackMs(),
        "E.g. 60000; 0 starts a new group at the end of the detections topic.");
    require(
        "publisher.join-buffer-frames",
        publisher.joinBufferFrames() >= 1 && publisher.joinBufferFrames() <= 1000,
        "must be between 1 and 1000, got " + publisher.joinBufferFrames(),
        "E.g. 50: five seconds of a 10 fps camera.");
    require(
        "publisher.join-timeout-ms",
        publisher.joinTimeoutMs() >= 1,
        "must be at least 1, got " + publisher.joinTimeoutMs(),
        "E.g. 3000.");
    RenderConfig render = publisher.render();
    require(
        "publisher.render.heatmap-opacity",
        render.heatmapOpacity() >= 0 && render.heatmapOpacity() <= 1,
        "must be between 0 and 1, got " + render.heatmapOpacity(),
        "E.g. 0.45.");
    require(
        "publisher.render.jpeg-quality",
        render.jpegQuality() >= 1 && render.jpegQuality() <= 100,
        "must be between 1 and 100, got " + render.jpegQuality(),
        "E.g. 80.");
    RepublishConfig republish = publisher.republish();
    require(
        "publisher.republish.rtsp-url",
        republish.rtspUrl().isEmpty() || republish.rtspUrl().startsWith("rtsp://"),
        "'" + republish.rtspUrl() + "' is not an rtsp:// URL",
        "E.g. rtsp://127.0.0.1:8554, or empty for no push.");
    require(
        "publisher.republish.rtsp-transport",
        Set.of("tcp", "udp").contains(republish.rtspTransport()),
        "must be tcp or udp, got '" + republish.rtspTransport() + "'",
        "Use tcp unless the server takes only udp.");
    require(
        "publisher.republish.fps",
        republish.fps() > 0 && republish.fps() <= CameraRules.MAX_FPS_LIMIT,
        "must be above 0 and at most "
            + (int) CameraRules.MAX_FPS_LIMIT
            + ", got "
            + republish.fps(),
        "E.g. 10.");
    AlertsConfig alerts = publisher.alerts();
    require(
        "publisher.alerts.cooldown-ms",
        alerts.cooldownMs() >= 0,
        "must be 0 or more, got " + alerts.cooldownMs(),
        "E.g. 60000: one alert a minute at most per track and rule.");
    require(
        "publisher.alerts.track-idle-ms",
        alerts.trackIdleMs() >= 1_000,
        "must be at least 1000, got " + alerts.trackIdleMs(),
        "E.g. 30000: a track unseen for half a minute is gone.");
    require(
        "publisher.alerts.snapshot-dir",
        alerts.snapshotDir() != null && !alerts.snapshotDir().isBlank(),
        "is empty",
        "Name a directory the publisher may write to, e.g. ./data/snapshots.");
    LowConfidenceRuleConfig low = alerts.lowConfidence();
    require(
        "publisher.alerts.low-confidence.threshold",
        low.threshold() > 0 && low.threshold() < 1,
        "must be between 0 and 1, got " + low.threshold(),
        "E.g. 0.2.");
    require(
        "publisher.alerts.low-confidence.reliability-threshold",
        low.reliabilityThreshold() > 0 && low.reliabilityThreshold() < 1,
        "must be between 0 and 1, got " + low.reliabilityThreshold(),
        "E.g. " + LowConfidenceRuleConfig.DEFAULT_RELIABILITY_THRESHOLD + ".");
    checkEpisode("publisher.alerts.low-confidence", low.frames(), low.clearFrames());
    WrongReasonsRuleConfig wrong = alerts.wrongReasons();
    require(
        "publisher.alerts.wrong-reasons.min-score",
        wrong.minScore() > 0 && wrong.minScore() < 1,
        "must be between 0 and 1, got " + wrong.minScore(),
        "E.g. 0.6.");
    require(
        "publisher.alerts.wrong-reasons.max-energy-in-box",
        wrong.maxEnergyInBox() > 0 && wrong.maxEnergyInBox() < 1,
        "must be between 0 and 1, got " + wrong.maxEnergyInBox(),
        "E.g. 0.3.");
    checkEpisode("publisher.alerts.wrong-reasons", wrong.frames(), wrong.clearFrames());
    require(
        "publisher.alerts.class-flip.stable-frames",
        alerts.classFlip().stableFrames() >= 1 && alerts.classFlip().stableFrames() <= 1000,
        "must be between 1 and 1000, got " + alerts.classFlip().stableFrames(),
        "E.g. 3.");
    BackoffConfig retry = alerts.webhookRetry();
    require(
        "publisher.alerts.webhook-retry.initial-delay-ms",
        retry.initialDelayMs() >= 1,
        "must be at least 1, got " + retry.initialDelayMs(),
        "E.g. 500.");
    require(
        "publisher.alerts.webhook-retry.max-delay-ms",
        retry.maxDelayMs() >= retry.initialDelayMs(),
        "must be at least initial-delay-ms ("
            + retry.initialDelayMs()
            + "), got "
            + retry.maxDelayMs(),
        "E.g. 30000.");
    require(
        "publisher.alerts.webhook-retry.multiplier",
        retry.multiplier() >= 1.0,
        "must be at least 1, got " + retry.multiplier(),
        "E.g. 2 doubles the wait on each failure.");
    require(
        "publisher.alerts.webhook-retry.jitter",
        retry.jitter() >= 0 && retry.jitter() <= 1,
        "must be between 0 and 1, got " + retry.jitter(),
        "E.g. 0.2.");
    WebhookTargetsConfig targets = alerts.webhookTargets();
    require(
        WebhookTargetPolicy.SCHEMES_KEY,
        !targets.schemes().isEmpty() && Set.of("https", "http").containsAll(targets.schemes()),
        "must list https, http or both, got " + targets.schemes(),
        "Use [https] to allow only encrypted targets, or [https, http].");
    WebhookTargetPolicy policy = new WebhookTargetPolicy(targets);
    for (int i = 0; i < alerts.webhooks().size(); i++) {
      WebhookConfig hook = alerts.webhooks().get(i);
      String key = "publisher.alerts.webhooks[" + i + "]";
      policy
          .checkAtLoad(hook.url(), resolver)
          .ifPresent(
              r ->
                  problems.add(
                      new ConfigProblem(key + ".url", sources.of(key), r.problem(), r.fix())));
      require(
          key + ".timeout-ms",
          hook.timeoutMs() >= 100 && hook.timeoutMs() <= 60_000,
          "must be between 100 and 60000, got " + hook.timeoutMs(),
          "E.g. 5000.");
      require(
          key + ".max-attempts",
          hook.maxAttempts() >= 1 && hook.maxAttempts() <= 20,
          "must be between 1 and 20, got " + hook.maxAttempts(),
          "E.g. 5.");
    }
  }

  private void checkEpisode(String key, int frames, int clearFrames) {
    require(
        key + ".frames",
        frames >= 1 && frames <= 1000,
        "must be between 1 and 1000, got " + frames,
        "E.g. 5.");
    require(
        key + ".clear-frames",
        clearFrames >= 1 && clearFrames <= 1000,
        "must be between 1 and 1000, got " + clearFrames,
        "E.g. 5.");
  }

  private void checkCameras(List<CameraConfig> cameras, FileRoots fileRoots) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < cameras.size(); i++) {
      CameraConfig camera = cameras.get(i);
      String key = "cameras[" + i + "]";
      for (CameraRules.Violation v :
          CameraRules.check(
              camera.id(), camera.url(), camera.maxFps(), camera.jpegQuality(), fileRoots)) {
        problems.add(
            new ConfigProblem(key + "." + v.field(), sources.of(key), v.problem(), v.fix()));
      }
      require(
          key + ".id",
          camera.id() == null || ids.add(camera.id()),
          "'" + camera.id() + "' is listed twice",
          "Give each camera its own id.");
    }
  }

  private void checkPort(String key, int port) {
    require(
        key,
        port >= 0 && port <= 65535,
        "must be between 0 and 65535, got " + port,
        "Use 0 to pick a free port.");
  }

  private static boolean isAbsolutePath(String value) {
    Path path = value == null || value.isBlank() ? null : pathOrNull(value);
    return path != null && path.isAbsolute();
  }

  /** The path a config value names, or null when no file system path can hold it (a NUL, say). */
  private static Path pathOrNull(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private void require(String key, boolean ok, String problem, String fix) {
    if (!ok) {
      problems.add(new ConfigProblem(key, sources.of(key), problem, fix));
    }
  }
}
