package io.gradstream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  // ---------------------------------------------------------------- helpers

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("gradstream.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static GradstreamConfig load(Path file, Map<String, String> env) {
    return new ConfigLoader(env).load(file);
  }

  private GradstreamConfig loadYaml(String yaml) throws IOException {
    return load(write(yaml), Map.of());
  }

  private static ConfigException failure(Path file, Map<String, String> env) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(env).load(file));
    assertThat(e).as("loading should have failed with a ConfigException").isNotNull();
    assertThat(e.problems()).isNotEmpty();
    return e;
  }

  private ConfigException failureForYaml(String yaml) throws IOException {
    return failure(write(yaml), Map.of());
  }

  private static ConfigProblem problemFor(ConfigException e, String key) {
    return e.problems().stream()
        .filter(p -> p.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no problem for key " + key + " in " + e.problems()));
  }

  // ---------------------------------------------------------------- defaults

  @Nested
  class Defaults {
    @Test
    void defaultsAloneLoadTheDocumentedValues() {
      GradstreamConfig c = load(null, Map.of());

      assertThat(c.roles()).containsExactly("ingest", "inference", "publisher");
      assertThat(c.publisher().consumerGroup()).isEqualTo("gradstream-publisher");
      assertThat(c.publisher().alerts().lowConfidence().frames()).isEqualTo(5);
      assertThat(c.publisher().alerts().webhooks()).isEmpty();
      assertThat(c.kafka().bootstrapServers()).isEmpty();
      assertThat(c.kafka().useEmbeddedBroker()).isTrue();
      assertThat(c.kafka().embedded())
          .isEqualTo(new EmbeddedBrokerConfig("./data/kafka", 9092, 9093));
      assertThat(c.kafka().maxMessageBytes()).isEqualTo(8_388_608);
      assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8080));
      assertThat(c.http().auth())
          .as("a token required by default, generated at start; /metrics open")
          .isEqualTo(new HttpAuthConfig(true, "", "", false));
      assertThat(c.http().limits()).isEqualTo(new HttpLimitsConfig(65_536, 65_536, 8_192, 4_096));
      assertThat(c.ingest().maxFps()).isEqualTo(10.0);
      assertThat(c.ingest().jpegQuality()).isEqualTo(85);
      assertThat(c.ingest().readTimeoutMs()).isEqualTo(5000L);
      assertThat(c.ingest().reconnect()).isEqualTo(new BackoffConfig(500, 30_000, 2.0, 0.2));
      assertThat(c.cameras()).isEmpty();
    }

    @Test
    void defaultTopicsHaveTheDocumentedNamesPartitionsRetentionAndPolicies() {
      TopicsConfig t = load(null, Map.of()).kafka().topics();

      assertThat(t.frames()).isEqualTo(new TopicConfig("gradstream.frames", 6, 600_000L, "delete"));
      assertThat(t.detections())
          .isEqualTo(new TopicConfig("gradstream.detections", 6, 86_400_000L, "delete"));
      assertThat(t.alerts())
          .isEqualTo(new TopicConfig("gradstream.alerts", 3, 2_592_000_000L, "delete"));
      assertThat(t.cameras()).isEqualTo(new TopicConfig("gradstream.cameras", 1, -1L, "compact"));
      assertThat(t.deadLetter())
          .isEqualTo(new TopicConfig("gradstream.dead-letter", 1, 604_800_000L, "delete"));
      assertThat(t.all())
          .extracting(TopicConfig::name)
          .containsExactly(
              "gradstream.frames",
              "gradstream.detections",
              "gradstream.alerts",
              "gradstream.cameras",
              "gradstream.dead-letter");
    }

    @Test
    void emptyFileLeavesEveryDefault() throws IOException {
      assertThat(loadYaml("")).isEqualTo(load(null, Map.of()));
      assertThat(loadYaml("# only a comment\n")).isEqualTo(load(null, Map.of()));
    }

    @Test
    void environmentWithoutGradstreamVariablesLeavesEveryDefault() {
      GradstreamConfig c =
          load(null, Map.of("PATH", "/usr/bin", "HOME", "/root", "HTTP_PORT", "1"));
      assertThat(c).isEqualTo(load(null, Map.of()));
    }

    @Test
    void environmentVariableNameIsPrefixedUpperCaseWithUnderscores() {
      assertThat(ConfigLoader.environmentVariableFor("kafka.bootstrap-servers"))
          .isEqualTo("GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS");
      assertThat(ConfigLoader.environmentVariableFor("kafka.topics.dead-letter.retention-ms"))
          .isEqualTo("GRADSTREAM_KAFKA_TOPICS_DEAD_LETTER_RETENTION_MS");
      assertThat(ConfigLoader.environmentVariableFor("roles")).isEqualTo("GRADSTREAM_ROLES");
    }
  }

  // ---------------------------------------------------------------- file

  @Nested
  class File {
    @Test
    void fileOverridesNestedKeysAndLeavesSiblingsAtDefaults() throws IOException {
      GradstreamConfig c =
          loadYaml(
              """
          http:
            port: 9000
          kafka:
            topics:
              frames:
                partitions: 12
          ingest:
            reconnect:
              jitter: 0.5
          """);

      assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 9000));
      assertThat(c.kafka().topics().frames())
          .isEqualTo(new TopicConfig("gradstream.frames", 12, 600_000L, "delete"));
      assertThat(c.kafka().topics().detections().partitions()).isEqualTo(6);
      assertThat(c.kafka().embedded().port()).isEqualTo(9092);
      assertThat(c.kafka().useEmbeddedBroker()).isTrue();
      assertThat(c.ingest().reconnect()).isEqualTo(new BackoffConfig(500, 30_000, 2.0, 0.5));
      assertThat(c.ingest().jpegQuality()).isEqualTo(85);
      assertThat(c.roles()).containsExactly("ingest", "inference", "publisher");
    }

    @Test
    void camerasListFromFileBindsEveryField() throws IOException {
      GradstreamConfig c =
          loadYaml(
              """
          ingest:
            file-roots: [/videos]
          cameras:
            - id: front-door
              url: rtsp://admin:s3cret@cam.local:554/live
              max-fps: 5.5
              jpeg-quality: 70
              loop: false
              format: rtsp
            - id: demo.clip_1
              url: /videos/demo.mp4
              max-fps: 25
              jpeg-quality: 90
              loop: true
          """);

      assertThat(c.cameras())
          .containsExactly(
              new CameraConfig(
                  "front-door", "rtsp://admin:s3cret@cam.local:554/live", 5.5, 70, false, "rtsp"),
              new CameraConfig("demo.clip_1", "/videos/demo.mp4", 25.0, 90, true, null));
    }

    @Test
    void cameraWithOnlyIdAndUrlLeavesOptionalFieldsNull() throws IOException {
      GradstreamConfig c =
          loadYaml(
              """
          cameras:
            - id: lobby
              url: http://10.0.0.7/mjpeg
          """);

      assertThat(c.cameras())
          .containsExactly(
              new CameraConfig("lobby", "http://10.0.0.7/mjpeg", null, null, null, null));
    }

    @Test
    void bootstrapServersInFileSwitchOffTheEmbeddedBroker() throws IOException {
      GradstreamConfig c = loadYaml("kafka:\n  bootstrap-servers: broker1:9092,broker2:9093\n");

      assertThat(c.kafka().bootstrapServers()).isEqualTo("broker1:9092,broker2:9093");
      assertThat(c.kafka().useEmbeddedBroker()).isFalse();
    }

    @Test
    void rolesListInFileReplacesTheDefaultList() throws IOException {
      assertThat(loadYaml("roles: [inference, publisher]\n").roles())
          .containsExactly("inference", "publisher");
    }
  }

  // ---------------------------------------------------------------- environment

  @Nested
  class Environment {
    @Test
    void httpPortFromEnvironmentIsReadAsANumber() {
      GradstreamConfig c = load(null, Map.of("GRADSTREAM_HTTP_PORT", "9999"));
      assertThat(c.http().port()).isEqualTo(9999);
      assertThat(c.http().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void explanationsAreOnWithHiResCamByDefaultAndTheMethodComesFromTheEnvironment() {
      assertThat(load(null, Map.of()).inference().explain())
          .isEqualTo(new ExplainConfig(true, "hirescam", List.of(), ""));
      assertThat(
              load(null, Map.of("GRADSTREAM_INFERENCE_EXPLAIN_METHOD", "eigencam"))
                  .inference()
                  .explain()
                  .method())
          .isEqualTo("eigencam");
    }

    @Test
    void aReliabilityModelThatIsNotThereIsAProblemNamingTheKeyAndNoneTurnsItOff() {
      ConfigProblem p =
          problemFor(
              failure(
                  null,
                  Map.of(
                      "GRADSTREAM_INFERENCE_EXPLAIN_RELIABILITY_MODEL",
                      "/nowhere/m.reliability.json")),
              "inference.explain.reliability-model");
      assertThat(p.problem()).contains("/nowhere/m.reliability.json");
      assertThat(p.fix()).contains("gradstream calibrate").contains("none");
      assertThat(
              load(null, Map.of("GRADSTREAM_INFERENCE_EXPLAIN_RELIABILITY_MODEL", "none"))
                  .inference()
                  .explain()
                  .reliabilityModel())
          .isEqualTo(ExplainConfig.NO_RELIABILITY);
    }

    @Test
    void theLowConfidenceRuleReadsReliabilityBelowItsOwnThresholdWhichMustBeARatio() {
      assertThat(load(null, Map.of()).publisher().alerts().lowConfidence().reliabilityThreshold())
          .isEqualTo(LowConfidenceRuleConfig.DEFAULT_RELIABILITY_THRESHOLD);
      ConfigProblem p =
          problemFor(
              failure(
                  null,
                  Map.of(
                      "GRADSTREAM_PUBLISHER_ALERTS_LOW_CONFIDENCE_RELIABILITY_THRESHOLD", "1.5")),
              "publisher.alerts.low-confidence.reliability-threshold");
      assertThat(p.problem()).contains("1.5");
    }

    @Test
    void theStopTimeoutIsThirtySecondsByDefaultAndMustBePositive() {
      assertThat(load(null, Map.of()).stopTimeoutMs())
          .isEqualTo(GradstreamConfig.DEFAULT_STOP_TIMEOUT_MS)
          .isEqualTo(30_000);
      assertThat(load(null, Map.of("GRADSTREAM_STOP_TIMEOUT_MS", "5000")).stopTimeoutMs())
          .isEqualTo(5_000);
      ConfigProblem p =
          problemFor(failure(null, Map.of("GRADSTREAM_STOP_TIMEOUT_MS", "0")), "stop-timeout-ms");
      assertThat(p.problem()).contains("0");
      assertThat(p.fix()).contains("30000");
    }

    @Test
    void anUnknownExplanationMethodNamesTheMethodsThereAre() {
      ConfigProblem p =
          problemFor(
              failure(null, Map.of("GRADSTREAM_INFERENCE_EXPLAIN_METHOD", "lime")),
              "inference.explain.method");
      assertThat(p.problem()).contains("'lime'");
      assertThat(p.fix())
          .contains("gradcam")
          .contains("hirescam")
          .contains("gradcam++")
          .contains("eigencam");
    }

    @Test
    void numberFromEnvironmentToleratesSurroundingSpaces() {
      assertThat(load(null, Map.of("GRADSTREAM_HTTP_PORT", " 9999 ")).http().port())
          .isEqualTo(9999);
    }

    @Test
    void bootstrapServersFromEnvironmentSwitchOffTheEmbeddedBroker() {
      GradstreamConfig c =
          load(null, Map.of("GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9092,kafka-1:9092"));
      assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka-0:9092,kafka-1:9092");
      assertThat(c.kafka().useEmbeddedBroker()).isFalse();
    }

    @Test
    void rolesFromEnvironmentAreACommaSeparatedList() {
      assertThat(load(null, Map.of("GRADSTREAM_ROLES", "ingest,publisher")).roles())
          .containsExactly("ingest", "publisher");
      assertThat(load(null, Map.of("GRADSTREAM_ROLES", " inference , publisher ,")).roles())
          .containsExactly("inference", "publisher");
    }

    @Test
    void rolesFromEnvironmentMayBeAYamlFlowList() {
      assertThat(load(null, Map.of("GRADSTREAM_ROLES", "[ingest, inference]")).roles())
          .containsExactly("ingest", "inference");
    }

    @Test
    void camerasFromEnvironmentAreAJsonList() {
      GradstreamConfig c =
          load(
              null,
              Map.of(
                  "GRADSTREAM_CAMERAS",
                  "[{\"id\":\"cam1\",\"url\":\"rtsp://cam1.local/live\",\"max-fps\":15,\"jpeg-quality\":80,\"loop\":false}]"));
      assertThat(c.cameras())
          .containsExactly(
              new CameraConfig("cam1", "rtsp://cam1.local/live", 15.0, 80, false, null));
    }

    @Test
    void camerasFromEnvironmentMayBeAYamlFlowList() {
      GradstreamConfig c =
          load(
              null,
              Map.of(
                  "GRADSTREAM_INGEST_FILE_ROOTS",
                  "/videos",
                  "GRADSTREAM_CAMERAS",
                  "[{id: a, url: /videos/a.mp4, loop: true}, {id: b, url: 'http://b.local/mjpeg'}]"));
      assertThat(c.cameras())
          .extracting(CameraConfig::id, CameraConfig::url, CameraConfig::loop)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", "/videos/a.mp4", true),
              org.assertj.core.groups.Tuple.tuple("b", "http://b.local/mjpeg", null));
    }

    @Test
    void fractionalNumberFromEnvironmentSetsADecimalKey() {
      GradstreamConfig c =
          load(
              null,
              Map.of(
                  "GRADSTREAM_INGEST_MAX_FPS", "12.5", "GRADSTREAM_INGEST_RECONNECT_JITTER", "0"));
      assertThat(c.ingest().maxFps()).isEqualTo(12.5);
      assertThat(c.ingest().reconnect().jitter()).isZero();
    }

    @Test
    void everyLeafKeyCanBeOverriddenIncludingDashedTopicNames() {
      GradstreamConfig c =
          load(
              null,
              Map.of(
                  "GRADSTREAM_KAFKA_TOPICS_DEAD_LETTER_PARTITIONS", "4",
                  "GRADSTREAM_KAFKA_TOPICS_ALERTS_RETENTION_MS", "-1",
                  "GRADSTREAM_KAFKA_EMBEDDED_DATA_DIR", "/var/lib/gradstream/kafka",
                  "GRADSTREAM_INGEST_READ_TIMEOUT_MS", "10000000000"));
      assertThat(c.kafka().topics().deadLetter().partitions()).isEqualTo(4);
      assertThat(c.kafka().topics().alerts().retentionMs()).isEqualTo(-1L);
      assertThat(c.kafka().embedded().dataDir()).isEqualTo("/var/lib/gradstream/kafka");
      assertThat(c.ingest().readTimeoutMs()).isEqualTo(10_000_000_000L);
    }

    @Test
    void environmentBeatsFile() throws IOException {
      Path file =
          write(
              """
          http:
            port: 9000
            host: 0.0.0.0
          roles: [inference]
          cameras:
            - id: from-file
              url: /videos/file.mp4
          """);
      GradstreamConfig c =
          load(
              file,
              Map.of(
                  "GRADSTREAM_HTTP_PORT",
                  "9999",
                  "GRADSTREAM_ROLES",
                  "ingest,publisher",
                  "GRADSTREAM_CAMERAS",
                  "[{id: from-env, url: /videos/env.mp4}]",
                  "GRADSTREAM_INGEST_FILE_ROOTS",
                  "/videos"));

      assertThat(c.http()).isEqualTo(new HttpConfig("0.0.0.0", 9999));
      assertThat(c.roles()).containsExactly("ingest", "publisher");
      assertThat(c.cameras()).extracting(CameraConfig::id).containsExactly("from-env");
    }

    @Test
    void environmentNumberTypeFollowsTheKeyNotTheFileSpelling() throws IOException {
      // The file writes the decimal keys as whole numbers; the environment must still accept
      // fractions.
      Path file =
          write(
              """
          ingest:
            max-fps: 10
            reconnect:
              multiplier: 3
          """);
      GradstreamConfig c =
          load(
              file,
              Map.of(
                  "GRADSTREAM_INGEST_MAX_FPS", "7.5",
                  "GRADSTREAM_INGEST_RECONNECT_MULTIPLIER", "1.5"));

      assertThat(c.ingest().maxFps()).isEqualTo(7.5);
      assertThat(c.ingest().reconnect().multiplier()).isEqualTo(1.5);
    }

    @Test
    void environmentListReplacesAFileValueOfTheWrongShape() throws IOException {
      Path file = write("roles: ingest\n");
      assertThat(load(file, Map.of("GRADSTREAM_ROLES", "ingest,publisher")).roles())
          .containsExactly("ingest", "publisher");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "GRADSTREAM_CONFIG",
          "GRADSTREAM_HOME",
          "GRADSTREAM_JAVA_OPTS",
          "GRADSTREAM_LOG_LEVEL"
        })
    void launcherVariablesAreNotTreatedAsConfigurationKeys(String variable) {
      GradstreamConfig c = load(null, Map.of(variable, "/does/not/exist.yaml"));
      assertThat(c).isEqualTo(load(null, Map.of()));
    }
  }

  // ---------------------------------------------------------------- errors: unknown keys

  @Nested
  class UnknownKeys {
    @Test
    void unknownKeyInFileIsReportedWithSuggestion() throws IOException {
      Path file = write("kafka:\n  bootstrap-server: broker:9092\n");
      ConfigException e = failure(file, Map.of());

      assertThat(e.problems())
          .containsExactly(
              new ConfigProblem(
                  "kafka.bootstrap-server",
                  file.toString(),
                  "unknown key",
                  "Did you mean 'kafka.bootstrap-servers'?"));
      assertThat(e.getMessage())
          .contains("kafka.bootstrap-server (from " + file + "): unknown key")
          .contains("Did you mean 'kafka.bootstrap-servers'?");
    }

    @Test
    void unknownTopLevelKeyIsReportedWithSuggestion() throws IOException {
      ConfigProblem p = problemFor(failureForYaml("camera: []\n"), "camera");
      assertThat(p.problem()).isEqualTo("unknown key");
      assertThat(p.fix()).isEqualTo("Did you mean 'cameras'?");
    }

    @Test
    void unknownKeyWithNoCloseMatchListsTheKnownKeys() throws IOException {
      ConfigProblem p = problemFor(failureForYaml("http:\n  colour: red\n"), "http.colour");
      assertThat(p.fix()).isEqualTo("Known keys here: host, port, auth, limits.");
    }

    @Test
    void everyUnknownKeyInTheFileIsReportedAtOnce() throws IOException {
      ConfigException e =
          failureForYaml(
              """
          htp:
            port: 1
          ingest:
            jpeg-qualty: 80
            reconnect:
              max-delay: 10
          """);
      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder("htp", "ingest.jpeg-qualty", "ingest.reconnect.max-delay");
      assertThat(e.getMessage()).startsWith("invalid configuration (3 problems):");
      assertThat(problemFor(e, "ingest.reconnect.max-delay").fix())
          .isEqualTo("Did you mean 'ingest.reconnect.max-delay-ms'?");
    }

    @Test
    void unknownKeyInsideACameraEntryIsReportedWithSuggestion() throws IOException {
      Path file =
          write(
              """
          cameras:
            - id: cam1
              url: rtsp://cam1.local/live
              max-fsp: 5
          """);
      ConfigException e = failure(file, Map.of());

      assertThat(e.problems())
          .containsExactly(
              new ConfigProblem(
                  "cameras[0].max-fsp", file.toString(), "unknown key", "Did you mean 'max-fps'?"));
    }

    @Test
    void unknownKeyInsideACameraFromEnvironmentNamesTheVariable() {
      ConfigException e =
          failure(null, Map.of("GRADSTREAM_CAMERAS", "[{id: a, url: /a.mp4, jpeg_quality: 9}]"));
      ConfigProblem p = problemFor(e, "cameras[0].jpeg_quality");
      assertThat(p.source()).isEqualTo("environment variable GRADSTREAM_CAMERAS");
      assertThat(p.fix()).isEqualTo("Did you mean 'jpeg-quality'?");
    }

    @Test
    void unknownEnvironmentVariableIsReportedWithSuggestion() {
      ConfigException e = failure(null, Map.of("GRADSTREAM_HTTP_PROT", "9999"));

      ConfigProblem p = problemFor(e, "GRADSTREAM_HTTP_PROT");
      assertThat(p.source()).contains("environment");
      assertThat(p.problem()).isEqualTo("is not a configuration key");
      assertThat(p.fix()).isEqualTo("Did you mean GRADSTREAM_HTTP_PORT?");
    }

    @Test
    void unknownEnvironmentVariableFarFromAnyKeyExplainsTheNamingRule() {
      ConfigProblem p =
          problemFor(
              failure(null, Map.of("GRADSTREAM_SOMETHING_ELSE_ENTIRELY", "x")),
              "GRADSTREAM_SOMETHING_ELSE_ENTIRELY");
      assertThat(p.fix()).contains("defaults.yaml").contains("GRADSTREAM_ + the key in upper case");
    }

    @Test
    void environmentVariableForAMappingIsNotAKey() {
      // Only leaves can be set from the environment; GRADSTREAM_HTTP names the whole http mapping.
      assertThat(
              problemFor(failure(null, Map.of("GRADSTREAM_HTTP", "x")), "GRADSTREAM_HTTP")
                  .problem())
          .isEqualTo("is not a configuration key");
    }

    @Test
    void fileAndEnvironmentKeyProblemsAreReportedTogether() throws IOException {
      ConfigException e =
          failure(
              write("kafka:\n  bootstrap-server: x\n"),
              Map.of("GRADSTREAM_HTTP_PROT", "1", "GRADSTREAM_HTTP_PORT", "abc"));
      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder("kafka.bootstrap-server", "GRADSTREAM_HTTP_PROT", "http.port");
    }
  }

  // ---------------------------------------------------------------- errors: types

  @Nested
  class WrongTypes {
    @Test
    void nonNumberEnvironmentValueNamesKeyVariableAndFix() {
      ConfigException e = failure(null, Map.of("GRADSTREAM_HTTP_PORT", "eighty"));

      assertThat(e.problems())
          .containsExactly(
              new ConfigProblem(
                  "http.port",
                  "environment variable GRADSTREAM_HTTP_PORT",
                  "must be a whole number, got 'eighty'",
                  "Set GRADSTREAM_HTTP_PORT to a value of that type."));
    }

    @Test
    void fractionForAWholeNumberKeyFromEnvironmentIsRejected() {
      assertThat(
              problemFor(
                      failure(null, Map.of("GRADSTREAM_INGEST_JPEG_QUALITY", "85.5")),
                      "ingest.jpeg-quality")
                  .problem())
          .isEqualTo("must be a whole number, got '85.5'");
    }

    @Test
    void nonNumberForADecimalKeyFromEnvironmentIsRejected() {
      ConfigProblem p =
          problemFor(failure(null, Map.of("GRADSTREAM_INGEST_MAX_FPS", "fast")), "ingest.max-fps");
      assertThat(p.source()).isEqualTo("environment variable GRADSTREAM_INGEST_MAX_FPS");
      assertThat(p.problem()).isEqualTo("must be a number, got 'fast'");
    }

    @Test
    void malformedListInEnvironmentIsRejected() {
      ConfigProblem p =
          problemFor(
              failure(null, Map.of("GRADSTREAM_CAMERAS", "[{id: a, url: /a.mp4")), "cameras");
      assertThat(p.source()).isEqualTo("environment variable GRADSTREAM_CAMERAS");
      assertThat(p.problem()).startsWith("is not a valid YAML list");
    }

    @Test
    void wrongTypeInFileNamesKeyFileAndFix() throws IOException {
      Path file = write("http:\n  port: abc\n");
      ConfigException e = failure(file, Map.of());

      ConfigProblem p = problemFor(e, "http.port");
      assertThat(p.source()).isEqualTo(file.toString());
      assertThat(p.problem()).startsWith("has the wrong type");
      assertThat(p.fix()).contains("defaults.yaml");
      assertThat(e.problems()).hasSize(1);
    }

    @Test
    void wrongTypeInsideACameraNamesTheCameraEntry() throws IOException {
      Path file = write("cameras:\n  - id: a\n    url: /a.mp4\n    jpeg-quality: high\n");
      ConfigProblem p = problemFor(failure(file, Map.of()), "cameras[0].jpeg-quality");
      assertThat(p.source()).isEqualTo(file.toString());
      assertThat(p.problem()).startsWith("has the wrong type");
    }

    @Test
    void singleValueWhereAMappingBelongsIsRejectedWithItsSubKeys() throws IOException {
      Path file = write("http: 8080\n");
      assertThat(failure(file, Map.of()).problems())
          .containsExactly(
              new ConfigProblem(
                  "http",
                  file.toString(),
                  "must be a mapping of keys, not a single value",
                  "Put its sub-keys (host, port, auth, limits) indented under it."));
    }

    @Test
    void emptyValueInFileIsReportedInsteadOfBoundAsNull() throws IOException {
      Path file =
          write(
              """
          http:
            host:
          kafka:
            topics:
              frames:
                cleanup-policy: ~
          cameras:
          """);
      ConfigException e = failure(file, Map.of());

      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder("http.host", "kafka.topics.frames.cleanup-policy", "cameras");
      assertThat(e.problems())
          .allSatisfy(
              p -> {
                assertThat(p.source()).isEqualTo(file.toString());
                assertThat(p.problem()).isEqualTo("has no value");
                assertThat(p.fix()).contains("remove the line to keep the default");
              });
      assertThat(problemFor(e, "http.host").fix()).contains("127.0.0.1");
    }

    @Test
    void cameraEntryMayLeaveOptionalFieldsExplicitlyEmpty() throws IOException {
      GradstreamConfig c =
          loadYaml(
              "ingest:\n  file-roots: [/]\ncameras:\n  - id: a\n    url: /a.mp4\n    max-fps: ~\n"
                  + "    jpeg-quality:\n");
      assertThat(c.cameras())
          .containsExactly(new CameraConfig("a", "/a.mp4", null, null, null, null));
    }

    @Test
    void fileThatIsNotAMappingIsRejected() throws IOException {
      Path file = write("- http\n- kafka\n");
      ConfigProblem p = problemFor(failure(file, Map.of()), "(top level)");
      assertThat(p.source()).isEqualTo(file.toString());
      assertThat(p.problem()).contains("must hold a YAML mapping").contains("array");
    }
  }

  // ---------------------------------------------------------------- errors: ranges and rules

  @Nested
  class Validation {
    @Test
    void theAccessTokenComesFromTheEnvironmentAndTheAuthCanBeTurnedOffThere() {
      GradstreamConfig c =
          load(
              null,
              Map.of(
                  "GRADSTREAM_HTTP_AUTH_TOKEN",
                  "0123456789abcdef0123",
                  "GRADSTREAM_HTTP_AUTH_PROTECT_METRICS",
                  "true"));
      assertThat(c.http().auth())
          .isEqualTo(new HttpAuthConfig(true, "0123456789abcdef0123", "", true));
      assertThat(
              load(null, Map.of("GRADSTREAM_HTTP_AUTH_ENABLED", "false")).http().auth().enabled())
          .isFalse();
    }

    @Test
    void aTooShortAccessTokenIsAnErrorNamingTheKeyAndHowToMakeOne() {
      ConfigProblem p =
          problemFor(
              failure(null, Map.of("GRADSTREAM_HTTP_AUTH_TOKEN", "secret")), "http.auth.token");
      assertThat(p.problem()).contains("6 characters, fewer than 16");
      assertThat(p.fix()).contains("openssl rand");
      assertThat(p.source()).isEqualTo("environment variable GRADSTREAM_HTTP_AUTH_TOKEN");
    }

    @Test
    void anAccessTokenThatCannotTravelInAHeaderOrCookieIsAnError() {
      assertThat(
              problemFor(
                      failure(null, Map.of("GRADSTREAM_HTTP_AUTH_TOKEN", "0123456789abcdef;x=y")),
                      "http.auth.token")
                  .problem())
          .contains("semicolon");
    }

    @Test
    void aMissingTokenFileOrBothTokenAndFileAreErrorsNamingTheFileKey() {
      assertThat(
              problemFor(
                      failure(
                          null, Map.of("GRADSTREAM_HTTP_AUTH_TOKEN_FILE", "/nonexistent/token")),
                      "http.auth.token-file")
                  .problem())
          .contains("/nonexistent/token")
          .contains("does not exist");
      assertThat(
              problemFor(
                      failure(
                          null,
                          Map.of(
                              "GRADSTREAM_HTTP_AUTH_TOKEN",
                              "0123456789abcdef0123",
                              "GRADSTREAM_HTTP_AUTH_TOKEN_FILE",
                              "/etc/hostname")),
                      "http.auth.token-file")
                  .problem())
          .contains("as well as http.auth.token");
    }

    @Test
    void httpLimitsOutOfRangeAreErrorsNamingTheKey() {
      ConfigException e =
          failure(
              null,
              Map.of(
                  "GRADSTREAM_HTTP_LIMITS_MAX_BODY_BYTES",
                  "10",
                  "GRADSTREAM_HTTP_LIMITS_MAX_WEBSOCKET_MESSAGE_BYTES",
                  "0",
                  "GRADSTREAM_HTTP_LIMITS_MAX_HEADER_BYTES",
                  "100",
                  "GRADSTREAM_HTTP_LIMITS_MAX_URL_LENGTH",
                  "10"));
      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder(
              "http.limits.max-body-bytes",
              "http.limits.max-websocket-message-bytes",
              "http.limits.max-header-bytes",
              "http.limits.max-url-length");
    }

    @Test
    void severalRangeProblemsAreReportedTogetherInOneException() throws IOException {
      Path file =
          write(
              """
          ingest:
            jpeg-quality: 0
            max-fps: -1
          kafka:
            topics:
              frames:
                partitions: 0
          """);
      ConfigException e = failure(file, Map.of());

      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder(
              "ingest.jpeg-quality", "ingest.max-fps", "kafka.topics.frames.partitions");
      assertThat(e.problems())
          .allSatisfy(
              p -> {
                assertThat(p.source()).isEqualTo(file.toString());
                assertThat(p.fix()).isNotBlank();
              });
      assertThat(problemFor(e, "ingest.jpeg-quality").problem())
          .isEqualTo("must be between 1 and 100, got 0");
      assertThat(problemFor(e, "ingest.max-fps").problem())
          .isEqualTo("must be above 0 and at most 240, got -1.0");
      assertThat(problemFor(e, "kafka.topics.frames.partitions").problem())
          .isEqualTo("must be between 1 and 10000, got 0");
      assertThat(e.getMessage()).startsWith("invalid configuration (3 problems):");
    }

    @Test
    void rangeProblemFromEnvironmentNamesTheVariable() {
      ConfigProblem p =
          problemFor(
              failure(null, Map.of("GRADSTREAM_INGEST_JPEG_QUALITY", "101")),
              "ingest.jpeg-quality");
      assertThat(p.source()).isEqualTo("environment variable GRADSTREAM_INGEST_JPEG_QUALITY");
    }

    @Test
    void portOutOfRangeIsRejected() {
      ConfigProblem p =
          problemFor(failure(null, Map.of("GRADSTREAM_HTTP_PORT", "70000")), "http.port");
      assertThat(p.problem()).isEqualTo("must be between 0 and 65535, got 70000");
    }

    @Test
    void emptyOrUnknownRolesAreRejected() {
      assertThat(problemFor(failure(null, Map.of("GRADSTREAM_ROLES", "")), "roles").problem())
          .isEqualTo("is empty");
      ConfigProblem p =
          problemFor(failure(null, Map.of("GRADSTREAM_ROLES", "ingest,gpu")), "roles");
      assertThat(p.problem()).isEqualTo("has unknown role 'gpu'");
      assertThat(p.fix()).contains("ingest").contains("inference").contains("publisher");
    }

    @Test
    void cameraWithABadSchemeIsRejectedWithoutShowingItsPassword() throws IOException {
      Path file = write("cameras:\n  - id: cam1\n    url: ftp://admin:s3cret@cam.local/stream\n");
      ConfigException e = failure(file, Map.of());

      ConfigProblem p = problemFor(e, "cameras[0].url");
      assertThat(p.source()).isEqualTo(file.toString());
      assertThat(p.problem()).contains("unsupported scheme 'ftp'");
      assertThat(e.getMessage()).doesNotContain("s3cret");
    }

    @Test
    void cameraRuleViolationsAreReportedPerField() throws IOException {
      ConfigException e =
          failureForYaml(
              """
          ingest:
            file-roots: [/]
          cameras:
            - id: ok
              url: /a.mp4
            - id: "-bad id"
              url: rtsp://cam.local/x
              max-fps: 0
              jpeg-quality: 101
          """);
      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder(
              "cameras[1].id", "cameras[1].max-fps", "cameras[1].jpeg-quality");
    }

    @Test
    void aFileCameraOutsideTheFileRootsIsRefusedNamingItsUrlAndTheKey() throws IOException {
      ConfigException e =
          failureForYaml(
              """
          ingest:
            file-roots: [/videos]
          cameras:
            - id: inside
              url: /videos/yard.mp4
            - id: escape
              url: /videos/../etc/passwd
          """);
      assertThat(e.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.key()).isEqualTo("cameras[1].url");
                assertThat(p.problem())
                    .contains("/etc/passwd")
                    .contains("outside ingest.file-roots");
                assertThat(p.fix()).contains("ingest.file-roots");
              });
    }

    @Test
    void fileCamerasAreRefusedByDefaultSayingWhichKeyTurnsThemOn() throws IOException {
      ConfigProblem p =
          problemFor(
              failureForYaml("cameras:\n  - id: a\n    url: file:///srv/videos/a.mp4\n"),
              "cameras[0].url");
      assertThat(p.problem()).contains("ingest.file-roots is empty");
      assertThat(p.fix()).contains("GRADSTREAM_INGEST_FILE_ROOTS");
    }

    @Test
    void theFramePixelLimitDefaultsTo4096Squared() {
      assertThat(load(null, Map.of()).inference().maxFramePixels()).isEqualTo(4096L * 4096);
    }

    @Test
    void aFramePixelLimitOutOfRangeIsNamedByKey() throws IOException {
      assertThat(
              problemFor(
                      failureForYaml("inference:\n  max-frame-pixels: 10\n"),
                      "inference.max-frame-pixels")
                  .problem())
          .contains("between 4096 and 33177600");
    }

    @Test
    void aRelativeFileRootIsRejected() throws IOException {
      assertThat(
              problemFor(
                      failureForYaml("ingest:\n  file-roots: [videos]\n"), "ingest.file-roots[0]")
                  .problem())
          .contains("not an absolute path");
    }

    /**
     * CI's fuzzing found the first: a NUL made Path.of throw InvalidPathException out of the
     * loader.
     */
    @Test
    void pathsNoFileSystemCanHoldAreErrorsNamingTheKey() {
      assertThat(
              problemFor(
                      failure(null, Map.of("GRADSTREAM_INGEST_FILE_ROOTS", "/vid\0eos")),
                      "ingest.file-roots[0]")
                  .problem())
          .contains("not an absolute path");
      assertThat(
              problemFor(
                      failure(null, Map.of("GRADSTREAM_HTTP_AUTH_TOKEN_FILE", "/run/tok\0en")),
                      "http.auth.token-file")
                  .problem())
          .contains("cannot be read");
      assertThat(
              problemFor(
                      failure(
                          null,
                          Map.of("GRADSTREAM_INFERENCE_TENSORRT_ENGINE_CACHE", "/var/ca\0che")),
                      "inference.tensorrt-engine-cache")
                  .problem())
          .contains("not a path");
    }

    @Test
    void theTensorRtEngineCacheIsOffByDefaultAndSetFromTheEnvironment() {
      assertThat(new ConfigLoader(Map.of()).load(null).inference().tensorrtEngineCache()).isEmpty();
      assertThat(
              new ConfigLoader(
                      Map.of("GRADSTREAM_INFERENCE_TENSORRT_ENGINE_CACHE", "/var/cache/trt"))
                  .load(null)
                  .inference()
                  .tensorrtEngineCache())
          .isEqualTo("/var/cache/trt");
    }

    @Test
    void duplicateCameraIdsAreRejected() throws IOException {
      ConfigException e =
          failureForYaml(
              """
          ingest:
            file-roots: [/]
          cameras:
            - id: cam1
              url: /a.mp4
            - id: cam2
              url: /b.mp4
            - id: cam1
              url: /c.mp4
          """);
      assertThat(e.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.key()).isEqualTo("cameras[2].id");
                assertThat(p.problem()).isEqualTo("'cam1' is listed twice");
                assertThat(p.fix()).isEqualTo("Give each camera its own id.");
              });
    }

    @Test
    void camerasTopicMustBeCompacted() throws IOException {
      Path file = write("kafka:\n  topics:\n    cameras:\n      cleanup-policy: delete\n");
      ConfigProblem p = problemFor(failure(file, Map.of()), "kafka.topics.cameras.cleanup-policy");
      assertThat(p.source()).isEqualTo(file.toString());
      assertThat(p.problem()).isEqualTo("must be compact, got 'delete'");
      assertThat(p.fix()).contains("compact");
    }

    @Test
    void unknownCleanupPolicyIsRejected() throws IOException {
      ConfigProblem p =
          problemFor(
              failureForYaml("kafka:\n  topics:\n    frames:\n      cleanup-policy: forever\n"),
              "kafka.topics.frames.cleanup-policy");
      assertThat(p.problem()).contains("got 'forever'");
    }

    @Test
    void invalidTopicNameAndRetentionAreRejected() throws IOException {
      ConfigException e =
          failureForYaml(
              """
          kafka:
            topics:
              alerts:
                name: "my alerts"
                retention-ms: 0
          """);
      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder(
              "kafka.topics.alerts.name", "kafka.topics.alerts.retention-ms");
    }

    @Test
    void twoTopicsWithOneNameAreRejected() throws IOException {
      ConfigProblem p =
          problemFor(
              failureForYaml("kafka:\n  topics:\n    alerts:\n      name: gradstream.frames\n"),
              "kafka.topics");
      assertThat(p.problem()).isEqualTo("name 'gradstream.frames' is used twice");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "localhost",
          "broker:99999",
          "broker:0",
          "broker:",
          ":9092",
          "a b:9092",
          "broker1:9092;broker2:9092",
          "broker1:9092,,broker2:9092",
          "broker:port"
        })
    void badBootstrapServersAreRejected(String servers) {
      ConfigException e = failure(null, Map.of("GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS", servers));
      ConfigProblem p = problemFor(e, "kafka.bootstrap-servers");
      assertThat(p.source()).isEqualTo("environment variable GRADSTREAM_KAFKA_BOOTSTRAP_SERVERS");
      assertThat(p.problem()).endsWith("is not host:port");
      assertThat(p.fix()).contains("host:port");
    }

    @Test
    void badBootstrapServerInFileNamesTheFile() throws IOException {
      Path file = write("kafka:\n  bootstrap-servers: \"broker1:9092, broker2\"\n");
      ConfigException e = failure(file, Map.of());
      assertThat(e.problems())
          .containsExactly(
              new ConfigProblem(
                  "kafka.bootstrap-servers",
                  file.toString(),
                  "'broker2' is not host:port",
                  "Write it as host:port[,host:port...], or leave it empty to run the embedded broker."));
    }

    @Test
    void embeddedControllerPortMustDifferFromBrokerPort() {
      ConfigProblem p =
          problemFor(
              failure(null, Map.of("GRADSTREAM_KAFKA_EMBEDDED_CONTROLLER_PORT", "9092")),
              "kafka.embedded.controller-port");
      assertThat(p.problem()).contains("same as kafka.embedded.port");
      // Both 0 means "pick free ports", which is allowed.
      GradstreamConfig c =
          load(
              null,
              Map.of(
                  "GRADSTREAM_KAFKA_EMBEDDED_PORT",
                  "0",
                  "GRADSTREAM_KAFKA_EMBEDDED_CONTROLLER_PORT",
                  "0"));
      assertThat(c.kafka().embedded().port()).isZero();
    }

    @Test
    void reconnectRulesAreChecked() throws IOException {
      ConfigException e =
          failureForYaml(
              """
          ingest:
            read-timeout-ms: 99
            reconnect:
              initial-delay-ms: 1000
              max-delay-ms: 999
              multiplier: 0.5
              jitter: 1.5
          """);
      assertThat(e.problems())
          .extracting(ConfigProblem::key)
          .containsExactlyInAnyOrder(
              "ingest.read-timeout-ms",
              "ingest.reconnect.max-delay-ms",
              "ingest.reconnect.multiplier",
              "ingest.reconnect.jitter");
    }

    @Test
    void maxMessageBytesMustBeBetweenOneAndSixtyFourMebibytes() {
      assertThat(
              problemFor(
                      failure(null, Map.of("GRADSTREAM_KAFKA_MAX_MESSAGE_BYTES", "1000")),
                      "kafka.max-message-bytes")
                  .problem())
          .contains("between 1 MiB and 64 MiB");
      assertThat(
              load(null, Map.of("GRADSTREAM_KAFKA_MAX_MESSAGE_BYTES", String.valueOf(64 << 20)))
                  .kafka()
                  .maxMessageBytes())
          .isEqualTo(64 << 20);
    }
  }

  // ---------------------------------------------------------------- errors: the file itself

  @Nested
  class FileErrors {
    @Test
    void missingFileIsReportedWithItsPath() {
      Path missing = dir.resolve("nope.yaml");
      ConfigException e = failure(missing, Map.of());

      assertThat(e.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.key()).isEqualTo("--config");
                assertThat(p.source()).isEqualTo(missing.toString());
                assertThat(p.problem()).contains("does not exist");
                assertThat(p.fix()).contains("Check the path");
              });
    }

    @Test
    void directoryIsNotAConfigFile() {
      assertThat(problemFor(failure(dir, Map.of()), "--config").problem())
          .contains("not a regular file");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws IOException {
      Path file =
          write(
              """
          http:
            port: 8080
           host: [127.0.0.1
          kafka:
            bootstrap-servers: ""
          """);
      ConfigException e = failure(file, Map.of());

      ConfigProblem p = problemFor(e, "(syntax)");
      assertThat(p.source()).isEqualTo(file.toString());
      assertThat(p.problem()).startsWith("not valid YAML").containsPattern("line [34]\\b");
      assertThat(e.getMessage()).containsPattern("line \\d+");
    }

    @Test
    void tabIndentationIsASyntaxErrorWithALine() throws IOException {
      ConfigProblem p = problemFor(failure(write("http:\n\tport: 8080\n"), Map.of()), "(syntax)");
      assertThat(p.problem()).containsPattern("line 2\\b");
      assertThat(p.fix()).contains("spaces");
    }
  }

  // ---------------------------------------------------------------- problem rendering

  @Test
  void problemDescriptionHasKeySourceProblemAndFix() {
    assertThat(
            new ConfigProblem(
                    "http.port", "/etc/gs.yaml", "must be between 0 and 65535, got -1", "Use 0.")
                .describe())
        .isEqualTo("http.port (from /etc/gs.yaml): must be between 0 and 65535, got -1. Use 0.");
    assertThat(new ConfigProblem("roles", "", "is empty", "List one.").describe())
        .isEqualTo("roles: is empty. List one.");
    assertThat(new ConfigProblem("roles", null, "is empty", "List one.").describe())
        .isEqualTo("roles: is empty. List one.");
  }

  @Test
  void exceptionMessageCountsAndListsEveryProblem() {
    ConfigException one = new ConfigException(new ConfigProblem("a", "f", "bad", "Fix a."));
    assertThat(one.getMessage())
        .isEqualTo("invalid configuration (1 problem):\n  - a (from f): bad. Fix a.");
    ConfigException two =
        new ConfigException(
            List.of(
                new ConfigProblem("a", "f", "bad", "Fix a."),
                new ConfigProblem("b", "g", "worse", "Fix b.")));
    assertThat(two.getMessage())
        .isEqualTo(
            "invalid configuration (2 problems):\n  - a (from f): bad. Fix a.\n  - b (from g): worse. Fix b.");
    assertThat(two.problems()).extracting(ConfigProblem::key).containsExactly("a", "b");
    assertThatThrownBy(() -> two.problems().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void closestMatchSuggestsOnlyNearNames() {
    assertThat(ClosestMatch.of("prot", List.of("host", "port"))).contains("port");
    assertThat(ClosestMatch.of("PORT", List.of("host", "port"))).contains("port");
    assertThat(ClosestMatch.of("colour", List.of("host", "port"))).isEmpty();
    assertThat(ClosestMatch.of("anything", List.of())).isEmpty();
  }
}
