package io.gradstream.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.app.kafka.EmbeddedKafkaBroker;
import io.gradstream.app.kafka.TopicProvisioner;
import io.gradstream.common.camera.CameraUrl;
import io.gradstream.common.camera.FileRoots;
import io.gradstream.common.config.BackoffConfig;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.EmbeddedBrokerConfig;
import io.gradstream.common.config.TopicsConfig;
import io.gradstream.common.kafka.KafkaConnection;
import io.gradstream.common.retry.RetryPolicies;
import io.gradstream.common.wire.FrameEnvelope;
import io.gradstream.ingest.capture.CameraSettings;
import io.gradstream.ingest.capture.CameraState;
import io.gradstream.ingest.capture.CameraStatus;
import io.gradstream.ingest.capture.CaptureLoop;
import io.gradstream.ingest.capture.DropReason;
import io.gradstream.ingest.metrics.CameraMetrics;
import io.gradstream.ingest.sink.KafkaFrameSink;
import io.gradstream.ingest.source.FfmpegFrameSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose frames sometimes exceed kafka.max-message-bytes, on real parts: a real (lossless)
 * video file read by FFmpeg, the real JPEG encoder, the real frames producer and an embedded KRaft
 * broker at the smallest allowed limit (1 MiB). Noise frames encode to a few MiB of JPEG; flat ones
 * to a few KiB.
 */
class OversizedFrameKafkaTest {
  private static final int MAX_MESSAGE_BYTES = 1 << 20;
  private static final int WIDTH = 2048;
  private static final int HEIGHT = 1536;

  /** Frame by frame: true for noise (too large as a JPEG), false for a flat grey picture. */
  private static final boolean[] NOISE = {false, true, false, true, false, false};

  @TempDir Path dir;

  @Test
  void anOversizedFrameIsDroppedAsTooLargeAndCountedAndTheCameraGoesOnWithTheNextFrames()
      throws Exception {
    Path video = writeVideo(dir.resolve("videos").resolve("mixed.mkv"));
    TopicsConfig topics = new ConfigLoader(Map.of()).load(null).kafka().topics();
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedBrokerConfig(dir.resolve("kafka").toString(), 0, 0), MAX_MESSAGE_BYTES)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        TopicProvisioner.ensureTopics(admin, topics, MAX_MESSAGE_BYTES);
      }
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      CameraStatus status = new CameraStatus("mixed", Clock.systemUTC());
      CameraSettings settings =
          new CameraSettings("mixed", CameraUrl.parse(video.toString()), 240, 95, false, "", 5_000);
      FileRoots roots = new FileRoots(List.of(video.getParent().toString()));
      try (KafkaFrameSink sink =
              KafkaFrameSink.create(
                  KafkaConnection.plaintext(broker.bootstrapServers()),
                  topics.frames().name(),
                  MAX_MESSAGE_BYTES,
                  meters);
          CameraMetrics ignored = CameraMetrics.bind(meters, status)) {
        new CaptureLoop(
                settings,
                () -> new FfmpegFrameSource(settings.url(), "", 5_000, roots),
                sink,
                RetryPolicies.cameraReconnect(new BackoffConfig(50, 200, 2, 0)),
                status,
                Clock.systemUTC())
            .run();

        assertThat(status.state())
            .as("the camera read its file to the end")
            .isEqualTo(CameraState.FINISHED);
        // Each frame the rate cap let through got the next seq; a loaded machine may still make the
        // cap skip
        // one after a stall (the file is paced at its 10 fps), so the frames are accounted for, not
        // assumed.
        long sent = status.framesProduced();
        assertThat(sent + status.framesSkipped()).isEqualTo(NOISE.length);
        long tooLarge = status.framesDropped(DropReason.TOO_LARGE);
        List<FrameEnvelope> delivered =
            read(broker.bootstrapServers(), topics.frames().name(), (int) (sent - tooLarge));
        List<Long> seqs = delivered.stream().map(FrameEnvelope::getSeq).toList();
        List<Long> missing =
            java.util.stream.LongStream.rangeClosed(1, sent)
                .boxed()
                .filter(q -> !seqs.contains(q))
                .toList();
        assertThat(tooLarge).as("noise frames dropped as too large").isPositive();
        assertThat(missing).as("exactly the dropped frames are missing").hasSize((int) tooLarge);
        assertThat(seqs)
            .as("delivered in order, and some after a dropped one: the camera went on")
            .isSorted()
            .anySatisfy(q -> assertThat(q).isGreaterThan(missing.get(0)));
        assertThat(delivered)
            .allSatisfy(f -> assertThat(f.getSerializedSize()).isLessThan(MAX_MESSAGE_BYTES));
        assertThat(status.framesDropped(DropReason.KAFKA)).isZero();
        assertThat(
                meters
                    .get("gradstream.ingest.frames.dropped")
                    .tag("camera", "mixed")
                    .tag("reason", "too_large")
                    .functionCounter()
                    .count())
            .isEqualTo(tooLarge);
        assertThat(status.snapshot().lastError())
            .contains("does not fit kafka.max-message-bytes (1048576)")
            .contains("lower the camera's jpeg-quality or resolution");
      }
    }
  }

  private static Path writeVideo(Path file) throws Exception {
    java.nio.file.Files.createDirectories(file.getParent());
    Random random = new Random(42);
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("matroska");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_FFV1); // lossless: the noise stays noise
      recorder.setFrameRate(10);
      recorder.start();
      for (boolean noise : NOISE) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        if (noise) {
          byte[] pixels =
              ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
          random.nextBytes(pixels);
        } else {
          Graphics2D g = image.createGraphics();
          g.setColor(new Color(128, 128, 128));
          g.fillRect(0, 0, WIDTH, HEIGHT);
          g.dispose();
        }
        recorder.record(converter.convert(image));
      }
      recorder.stop();
    }
    return file;
  }

  private static List<FrameEnvelope> read(String bootstrapServers, String topic, int expected)
      throws Exception {
    List<FrameEnvelope> frames = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "oversized-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                2 << 20),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (frames.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          frames.add(FrameEnvelope.parseFrom(r.value()));
        }
      }
      // A little longer: nothing beyond the expected frames may come.
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
        frames.add(FrameEnvelope.parseFrom(r.value()));
      }
    }
    return frames;
  }
}
