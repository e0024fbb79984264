package io.gradstream.inference.worker;

import io.gradstream.common.config.InferenceConfig;
import io.gradstream.common.config.TopicsConfig;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.retry.RetryPolicy;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.Detector;
import io.gradstream.inference.track.MultiCameraTracker;
import io.gradstream.inference.track.TrackerConfig;
import io.gradstream.inference.worker.metrics.WorkerMetrics;
import io.gradstream.inference.worker.pipeline.ExplainedFrameBuilder;
import io.gradstream.inference.worker.pipeline.InferencePipeline;
import io.gradstream.inference.worker.pipeline.PipelineSettings;
import io.gradstream.inference.worker.sink.KafkaResultSink;
import io.gradstream.inference.worker.source.DetectionsTail;
import io.gradstream.inference.worker.source.FrameConsumerLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference role's coordinator: one frames consumer in the workers' consumer group, the Reactor
 * pipeline (decode, batch, detect, track) and the detections producer, started and stopped
 * together. Start N of them (in N processes, or N in one) with the same {@code
 * inference.consumer-group} and they share the frames topic's partitions; when one dies the others
 * take its partitions over.
 *
 * <pre>{@code
 * InferenceWorker worker = InferenceWorker.builder()
 *     .kafka(KafkaConnection.plaintext("kafka:9092")).topics(config.kafka().topics()).inference(config.inference())
 *     .detector(detector).jpegDecoder(decoder).meterRegistry(registry)
 *     .start();
 * }</pre>
 *
 * <p>Delivery: detections are at-least-once. A frame's offset is committed only after its
 * detections (or its dead letter) were acknowledged by Kafka, and after all frames before it in its
 * partition; a frame dropped on purpose (stale, backpressure, detector error) counts as done. If a
 * write cannot be made, the worker stops and leaves the group ({@link #failure()}), so another
 * worker redoes the frame.
 */
public final class InferenceWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InferenceWorker.class);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private final String workerId;
  private final WorkerMetrics metrics;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean joined;
  private volatile List<TopicPartition> held = List.of();
  private InferencePipeline pipeline;
  private KafkaResultSink sink;
  private DetectionsTail handovers;
  private FrameConsumerLoop loop;
  private Thread pollThread;
  private KafkaClientMetrics consumerMeters;
  private boolean closed;

  private InferenceWorker(String workerId, WorkerMetrics metrics) {
    this.workerId = workerId;
    this.metrics = metrics;
  }

  /**
   * A builder; bootstrap servers, topics, inference settings, a detector and a JPEG decoder are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** This worker's id, as written into every ExplainedFrame. */
  public String workerId() {
    return workerId;
  }

  /** Null when the worker is in its group and running; else why not, for {@code /ready}. */
  public String notReadyReason() {
    Throwable failed = failure.get();
    if (failed != null) {
      return "inference worker stopped: " + failed;
    }
    return joined ? null : "inference worker joining consumer group";
  }

  /** The frames partitions this worker holds now. */
  public List<TopicPartition> heldPartitions() {
    return held;
  }

  /** The error that stopped the worker, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  private void fail(Throwable error) {
    if (failure.compareAndSet(null, error)) {
      log.error(
          "worker={} event=worker-stopping error=\"{}\": its partitions move to the other workers of the group",
          workerId,
          error.toString());
      FrameConsumerLoop l = loop;
      if (l != null) {
        l.stop();
      }
    }
  }

  /**
   * Stops the worker: no more polls, frames in the pipeline get up to 5 s to be written, done
   * offsets are committed, and the consumer leaves the group so its partitions move at once.
   * Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (loop != null) {
      loop.stop();
      try {
        if (!loop.awaitStopped(DRAIN_TIMEOUT.plusSeconds(10))) {
          log.warn("worker={} event=consumer-stop-timeout", workerId);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (pipeline != null) {
      pipeline.close(Duration.ZERO);
    }
    if (sink != null) {
      sink.close();
    }
    if (handovers != null) {
      handovers.close(); // after the pipeline stopped: only its tracking thread reads it
    }
    if (consumerMeters != null) {
      consumerMeters
          .close(); // after the loop closed the consumer: the binder only reads its metrics
    }
    metrics.close();
    log.info("worker={} event=worker-stopped", workerId);
  }

  /** Builds and starts an {@link InferenceWorker}. */
  public static final class Builder {
    private KafkaConnection kafka;
    private TopicsConfig topics;
    private InferenceConfig inference;
    private int maxMessageBytes = 8 * 1024 * 1024;
    private Detector detector;
    private Function<byte[], BgrImage> jpegDecoder;
    private MeterRegistry meterRegistry;
    private Clock clock = Clock.systemUTC();
    private String workerId;
    private TrackerConfig tracker = TrackerConfig.defaults();
    private PipelineSettings pipelineSettings;
    private Duration commitInterval = Duration.ofSeconds(1);
    private RetryPolicy<Throwable> deliveryRetry = RetryPolicies.workerWrites();
    private final Map<String, Object> consumerOverrides = new HashMap<>();
    private final Map<String, Object> producerOverrides = new HashMap<>();

    private Builder() {}

    /** The Kafka cluster and how to reach it. */
    public Builder kafka(KafkaConnection kafka) {
      this.kafka = kafka;
      return this;
    }

    /** Topic names: frames in; detections and dead-letter out. */
    public Builder topics(TopicsConfig topics) {
      this.topics = topics;
      return this;
    }

    /** Consumer group, frame age limit and batching. */
    public Builder inference(InferenceConfig inference) {
      this.inference = inference;
      return this;
    }

    /** Largest record (kafka.max-message-bytes); dead letters carry whole frames. */
    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** The model. The worker calls it from one thread and does not close it: its creator does. */
    public Builder detector(Detector detector) {
      this.detector = detector;
      return this;
    }

    /** JPEG bytes to BGR pixels; throws on bytes that are not a readable JPEG. */
    public Builder jpegDecoder(Function<byte[], BgrImage> jpegDecoder) {
      this.jpegDecoder = jpegDecoder;
      return this;
    }

    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = meterRegistry;
      return this;
    }

    /** Wall clock compared with capture times (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Default: {@link WorkerId#next()}. */
    public Builder workerId(String workerId) {
      this.workerId = workerId;
      return this;
    }

    public Builder tracker(TrackerConfig tracker) {
      this.tracker = tracker;
      return this;
    }

    /** Default: {@link PipelineSettings#from(InferenceConfig)}. */
    public Builder pipelineSettings(PipelineSettings pipelineSettings) {
      this.pipelineSettings = pipelineSettings;
      return this;
    }

    /** How often done offsets are committed while running (default 1 s). */
    public Builder commitInterval(Duration commitInterval) {
      this.commitInterval = commitInterval;
      return this;
    }

    public Builder deliveryRetry(RetryPolicy<Throwable> deliveryRetry) {
      this.deliveryRetry = deliveryRetry;
      return this;
    }

    /** A Kafka consumer setting over the worker's own (see {@code ConsumerSettings}). */
    public Builder consumerProperty(String key, Object value) {
      consumerOverrides.put(key, value);
      return this;
    }

    /** A Kafka producer setting over the worker's own (see {@code ProducerSettings}). */
    public Builder producerProperty(String key, Object value) {
      producerOverrides.put(key, value);
      return this;
    }

    /**
     * Starts the worker: it joins the group in the background; {@link #notReadyReason()} says when
     * it has.
     */
    public InferenceWorker start() {
      Objects.requireNonNull(kafka, "kafka");
      Objects.requireNonNull(topics, "topics");
      Objects.requireNonNull(inference, "inference");
      Objects.requireNonNull(detector, "detector");
      Objects.requireNonNull(jpegDecoder, "jpegDecoder");
      Objects.requireNonNull(meterRegistry, "meterRegistry");
      String id = workerId != null ? workerId : WorkerId.next();
      String clientId = WorkerId.clientId(id);
      PipelineSettings settings =
          pipelineSettings != null ? pipelineSettings : PipelineSettings.from(inference);
      InferenceWorker worker = new InferenceWorker(id, new WorkerMetrics(meterRegistry));
      try {
        worker.sink =
            KafkaResultSink.create(
                kafka,
                clientId,
                maxMessageBytes,
                producerOverrides,
                topics.detections().name(),
                topics.deadLetter().name(),
                id,
                worker.metrics,
                deliveryRetry,
                worker::fail,
                meterRegistry);
        worker.handovers =
            new DetectionsTail(
                kafka,
                clientId,
                maxMessageBytes,
                consumerOverrides,
                topics.detections().name(),
                tracker.maxAge());
        worker.pipeline =
            new InferencePipeline(
                    detector,
                    jpegDecoder,
                    new MultiCameraTracker(tracker, Duration.ofMinutes(10), worker.handovers),
                    new ExplainedFrameBuilder(detector.modelId(), id),
                    worker.sink,
                    worker.metrics,
                    settings,
                    clock,
                    worker::fail)
                .start();
        var consumer =
            FrameConsumerLoop.createConsumer(
                kafka, inference.consumerGroup(), clientId, maxMessageBytes, consumerOverrides);
        worker.consumerMeters = new KafkaClientMetrics(consumer);
        worker.consumerMeters.bindTo(meterRegistry);
        InferencePipeline pipeline = worker.pipeline;
        KafkaResultSink sink = worker.sink;
        worker.loop =
            new FrameConsumerLoop(
                consumer,
                topics.frames().name(),
                pipeline::offer,
                worker.metrics,
                commitInterval,
                () -> {
                  pipeline.close(DRAIN_TIMEOUT);
                  sink.flush();
                },
                new FrameConsumerLoop.Listener() {
                  @Override
                  public void assignmentChanged(Collection<TopicPartition> held) {
                    worker.held = List.copyOf(held);
                    worker.joined = true;
                  }

                  @Override
                  public void failed(Throwable error) {
                    worker.fail(error);
                  }
                });
        worker.pollThread = new Thread(worker.loop, "gradstream-inference-poll");
        worker.pollThread.setDaemon(
            true); // close() is the orderly stop; a forgotten worker must not keep the JVM alive
        worker.pollThread.start();
      } catch (RuntimeException e) {
        worker.close();
        throw e;
      }
      log.info(
          "worker={} event=worker-started group={} frames={} detections={} model={} batch={} max_wait_ms={} "
              + "max_frame_age_ms={}",
          id,
          inference.consumerGroup(),
          topics.frames().name(),
          topics.detections().name(),
          detector.modelId(),
          settings.batchMaxSize(),
          settings.batchMaxWait().toMillis(),
          settings.maxFrameAge().toMillis());
      return worker;
    }
  }
}
