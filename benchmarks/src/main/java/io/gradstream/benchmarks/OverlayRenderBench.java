package io.gradstream.benchmarks;

import io.gradstream.benchmarks.fixture.PipelineFrame;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.publisher.render.FrameRenderer;
import io.gradstream.publisher.render.RenderOptions;
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
 * The publisher's per-frame render, {@link FrameRenderer#renderJpeg}: decode ingest's JPEG of vtest
 * frame 100, blend the detections' maps (each PNG decoded, scaled to the model input, cropped to
 * the frame's part, scaled to 768x576, per-pixel maximum, jet colours), draw the labelled boxes,
 * encode the JPEG at quality 80. The detections are the production detector's on that frame, with
 * their real Grad-CAM maps, as the worker's {@code ExplainedFrame} carries them.
 *
 * <p>{@code withHeatmaps} is the live stream's default look; {@code boxesOnly} turns the maps off;
 * {@code reencode} draws nothing: the decode and encode every render pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class OverlayRenderBench {
  /** The model input side (sets the maps' resolution: 40, 20, 10 cells at 320). */
  @Param({"320"})
  public int inputSize;

  /** Detections on the frame, each with a map. */
  @Param({"10"})
  public int detections;

  private byte[] jpeg;
  private ExplainedFrame frame;
  private final RenderOptions withHeatmaps = RenderOptions.defaults();
  private final RenderOptions boxesOnly = RenderOptions.defaults().withHeatmaps(false);

  @Setup(Level.Trial)
  public void setUp() {
    PipelineFrame pipeline = PipelineFrame.of(inputSize, detections);
    jpeg = pipeline.captured().jpeg();
    frame = pipeline.explained();
  }

  @Benchmark
  public byte[] withHeatmaps() {
    return FrameRenderer.renderJpeg(jpeg, frame, withHeatmaps);
  }

  @Benchmark
  public byte[] boxesOnly() {
    return FrameRenderer.renderJpeg(jpeg, frame, boxesOnly);
  }

  @Benchmark
  public byte[] reencode() {
    return FrameRenderer.renderJpeg(jpeg, null, withHeatmaps);
  }
}
