package io.gradstream.common.config;

import java.util.List;

/**
 * The whole gradstream configuration, as loaded by {@link ConfigLoader}: defaults, then the YAML
 * file, then {@code GRADSTREAM_*} environment variables. Keys are documented in {@code
 * defaults.yaml}.
 *
 * @param roles roles {@code gradstream run} starts in this JVM
 * @param kafka broker connection, embedded broker and topics
 * @param http the HTTP server (REST API, /metrics, /health, /ready)
 * @param ingest defaults for camera ingest
 * @param inference the detector and the inference worker
 * @param publisher the viewer, annotated streams and alerts
 * @param cameras cameras written to the registry at start when it lacks them or holds other
 *     settings
 * @param stopTimeoutMs how long a stop (SIGTERM, Ctrl-C, the end of a demo) may take before what is
 *     left of it is abandoned
 */
public record GradstreamConfig(
    List<String> roles,
    KafkaConfig kafka,
    HttpConfig http,
    IngestConfig ingest,
    InferenceConfig inference,
    PublisherConfig publisher,
    List<CameraConfig> cameras,
    long stopTimeoutMs) {
  /** The default {@code stop-timeout-ms} (defaults.yaml holds the same). */
  public static final long DEFAULT_STOP_TIMEOUT_MS = 30_000;

  public GradstreamConfig {
    roles = List.copyOf(roles);
    cameras = List.copyOf(cameras);
  }

  /** A configuration with the default stop timeout. */
  public GradstreamConfig(
      List<String> roles,
      KafkaConfig kafka,
      HttpConfig http,
      IngestConfig ingest,
      InferenceConfig inference,
      PublisherConfig publisher,
      List<CameraConfig> cameras) {
    this(roles, kafka, http, ingest, inference, publisher, cameras, DEFAULT_STOP_TIMEOUT_MS);
  }
}
