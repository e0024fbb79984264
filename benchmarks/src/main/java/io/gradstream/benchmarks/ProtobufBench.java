package io.gradstream.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.benchmarks.fixture.PipelineFrame;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
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
 * The wire messages, encoded and decoded as the Kafka serialisers do ({@code toByteArray}, {@code
 * parseFrom(byte[])}): the {@code FrameEnvelope} of vtest frame 100 as ingest builds it (a 768x576
 * JPEG at quality 85), and the worker's {@code ExplainedFrame} for it with {@code detections} real
 * detections, each with its Grad-CAM map as PNG and its quality. {@code explainedFrameBuild} is the
 * worker's {@code ExplainedFrameBuilder.build}, which PNG-encodes every map.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ProtobufBench {
  /** The model input side (sets the maps' resolution). */
  @Param({"320"})
  public int inputSize;

  /** Detections in the ExplainedFrame, each with a map. */
  @Param({"10"})
  public int detections;

  private PipelineFrame pipeline;
  private FrameEnvelope envelope;
  private byte[] envelopeBytes;
  private ExplainedFrame explained;
  private byte[] explainedBytes;

  @Setup(Level.Trial)
  public void setUp() {
    pipeline = PipelineFrame.of(inputSize, detections);
    envelope = pipeline.envelope();
    envelopeBytes = envelope.toByteArray();
    explained = pipeline.explained();
    explainedBytes = explained.toByteArray();
    System.out.printf(
        "%n[ProtobufBench] FrameEnvelope %d bytes, ExplainedFrame %d bytes (%d detections)%n",
        envelopeBytes.length, explainedBytes.length, explained.getDetectionsCount());
  }

  @Benchmark
  public byte[] frameEnvelopeEncode() {
    return envelope.toByteArray();
  }

  @Benchmark
  public FrameEnvelope frameEnvelopeDecode() throws InvalidProtocolBufferException {
    return FrameEnvelope.parseFrom(envelopeBytes);
  }

  @Benchmark
  public byte[] explainedFrameEncode() {
    return explained.toByteArray();
  }

  @Benchmark
  public ExplainedFrame explainedFrameDecode() throws InvalidProtocolBufferException {
    return ExplainedFrame.parseFrom(explainedBytes);
  }

  @Benchmark
  public ExplainedFrame explainedFrameBuild() {
    return pipeline.explained();
  }
}
