package io.gradstream.benchmarks;

import io.gradstream.benchmarks.fixture.Footage;
import io.gradstream.benchmarks.fixture.PipelineFrame;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.JpegDecoder;
import io.gradstream.inference.worker.pipeline.DecodeOutcome;
import io.gradstream.inference.worker.pipeline.FrameDecoding;
import io.gradstream.inference.worker.source.InboundFrame;
import io.gradstream.inference.worker.source.PartitionLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The worker's first step: JPEG bytes to BGR pixels. {@code jpegDecoder} is {@link
 * JpegDecoder#decode} alone (structure check, OpenCV imdecode, copy to the heap); {@code
 * frameDecoding} is what the worker runs per record, {@link FrameDecoding#decode}: parse the {@code
 * FrameEnvelope}, staleness check, copy the JPEG out of the message, decode. Inputs: vtest frame
 * 100 as ingest encodes it (768x576, quality 85) and darknet's dog.jpg (768x576, a camera's own
 * encoder).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JpegDecodeBench {
  /** Which picture: {@code vtest} (ingest's JPEG of a video frame) or {@code dog} (dog.jpg). */
  @Param({"vtest", "dog"})
  public String picture;

  private byte[] jpeg;
  private FrameDecoding decoding;
  private InboundFrame record;

  @Setup(Level.Trial)
  public void setUp() {
    Footage.CapturedFrame captured =
        switch (picture) {
          case "vtest" -> Footage.vtest(Footage.VTEST_FRAME);
          case "dog" -> {
            byte[] dog = Footage.dogJpeg();
            yield new Footage.CapturedFrame(JpegDecoder.decode(dog), dog);
          }
          default -> throw new IllegalArgumentException("picture is vtest or dog, not " + picture);
        };
    jpeg = captured.jpeg();
    // The clock stands at the capture time, so the frame is never stale.
    decoding =
        new FrameDecoding(
            JpegDecoder::decode,
            Clock.fixed(PipelineFrame.CAPTURED, ZoneOffset.UTC),
            Duration.ofSeconds(5));
    record =
        new InboundFrame(
            new PartitionLedger(PipelineFrame.PARTITION),
            1,
            PipelineFrame.CAMERA,
            PipelineFrame.envelope(captured, 1).toByteArray(),
            0);
    if (!(decoding.decode(record) instanceof DecodeOutcome.Decoded)) {
      throw new IllegalStateException(
          "the " + picture + " record does not decode: " + decoding.decode(record));
    }
  }

  @Benchmark
  public BgrImage jpegDecoder() {
    return JpegDecoder.decode(jpeg);
  }

  @Benchmark
  public DecodeOutcome frameDecoding() {
    return decoding.decode(record);
  }
}
