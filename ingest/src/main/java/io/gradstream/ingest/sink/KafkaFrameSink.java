package io.gradstream.ingest.sink;

import io.gradstream.common.kafka.Delivery;
import io.gradstream.common.kafka.KafkaClients;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.ingest.capture.DropReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Produces frames to the frames topic, keyed by camera id so one camera's frames stay in order on
 * one partition. Frames are at-most-once by design (docs/ARCHITECTURE.md): acks=1, no retries,
 * short blocking; a late frame is worth less than the next one. A frame larger than {@code
 * kafka.max-message-bytes} is dropped as {@link DropReason#TOO_LARGE} before it reaches the
 * producer (the broker would refuse it), and one the broker still refuses as too large (batch
 * overhead) is reported the same way.
 */
public final class KafkaFrameSink implements FrameSink, AutoCloseable {
  /**
   * Room for the record's key, framing and batch header beside the envelope (the key is a camera
   * id, at most 64 chars).
   */
  static final int RECORD_OVERHEAD_BYTES = 256;

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final int maxMessageBytes;
  private final AutoCloseable clientMeters;

  /** Start of the current run of failed deliveries (0: the last delivery worked), for readiness. */
  private volatile long failingSinceNanos;

  private volatile String lastError = "";

  /** A sink on {@code producer}, whose max.request.size is {@code maxMessageBytes}. */
  public KafkaFrameSink(Producer<String, byte[]> producer, String topic, int maxMessageBytes) {
    this(producer, topic, maxMessageBytes, () -> {});
  }

  private KafkaFrameSink(
      Producer<String, byte[]> producer,
      String topic,
      int maxMessageBytes,
      AutoCloseable clientMeters) {
    this.producer = producer;
    this.topic = topic;
    this.maxMessageBytes = maxMessageBytes;
    this.clientMeters = clientMeters;
  }

  /**
   * A producer tuned for video frames, its Kafka client metrics in {@code meters} until the sink is
   * closed.
   */
  public static KafkaFrameSink create(
      KafkaConnection connection, String topic, int maxMessageBytes, MeterRegistry meters) {
    Map<String, Object> tuning =
        Map.of(
            // No linger: each frame is tens of KB, a batch by itself; waiting only adds to
            // glass-to-glass latency.
            ProducerConfig.LINGER_MS_CONFIG, 0,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes,
            ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 4L * maxMessageBytes),
            // A capture thread must not stall on a missing broker: give up on a frame after a
            // second.
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // JPEG does not compress further
    Producer<String, byte[]> producer =
        KafkaClients.producer(
            connection, "gradstream-ingest-frames", Delivery.AT_MOST_ONCE, tuning);
    KafkaClientMetrics clientMeters = new KafkaClientMetrics(producer);
    clientMeters.bindTo(meters);
    return new KafkaFrameSink(producer, topic, maxMessageBytes, clientMeters);
  }

  @Override
  public void send(FrameEnvelope frame, DropListener onDrop) {
    int size = frame.getSerializedSize();
    if (size > maxMessageBytes - RECORD_OVERHEAD_BYTES) {
      // Not even copied into a record: the broker would refuse it, and the copy alone costs its
      // size again.
      onDrop.dropped(DropReason.TOO_LARGE, tooLarge(size));
      return;
    }
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, frame.getCameraId(), frame.toByteArray());
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              failed(error);
              onDrop.dropped(reasonFor(error), describe(error, size));
            } else {
              failingSinceNanos = 0;
            }
          });
    } catch (KafkaException e) {
      failed(e);
      onDrop.dropped(reasonFor(e), describe(e, size));
    }
  }

  private void failed(Exception error) {
    if (error instanceof RecordTooLargeException) {
      return; // one frame's problem, not Kafka's
    }
    lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
    if (failingSinceNanos == 0) {
      failingSinceNanos = System.nanoTime();
    }
  }

  /**
   * Why frames are not reaching Kafka, when every delivery for at least {@code atLeast} failed;
   * null when the last delivery worked (or the failures are more recent than that).
   */
  public String trouble(Duration atLeast) {
    long since = failingSinceNanos;
    if (since == 0 || System.nanoTime() - since < atLeast.toNanos()) {
      return null;
    }
    return "frames have not reached Kafka for "
        + Duration.ofNanos(System.nanoTime() - since).toSeconds()
        + " s ("
        + lastError
        + "): is the broker up? ingest goes on capturing and retries with every frame";
  }

  private static DropReason reasonFor(Exception error) {
    return error instanceof RecordTooLargeException ? DropReason.TOO_LARGE : DropReason.KAFKA;
  }

  private String describe(Exception error, int size) {
    if (error instanceof RecordTooLargeException) {
      return tooLarge(size);
    }
    return "frame not delivered to Kafka: "
        + error.getClass().getSimpleName()
        + ": "
        + error.getMessage();
  }

  private String tooLarge(int size) {
    return "frame of "
        + size
        + " bytes does not fit kafka.max-message-bytes ("
        + maxMessageBytes
        + "): lower the camera's jpeg-quality or resolution, or raise kafka.max-message-bytes";
  }

  @Override
  public void close() {
    producer.close();
    try {
      clientMeters.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the frames producer's meters failed", e);
    }
  }
}
