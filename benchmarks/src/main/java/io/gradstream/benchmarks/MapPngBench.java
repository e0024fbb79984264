package io.gradstream.benchmarks;

import io.gradstream.benchmarks.fixture.PipelineFrame;
import io.gradstream.explain.cam.CamMap;
import io.gradstream.inference.track.TrackedDetection;
import io.gradstream.inference.worker.pipeline.ExplanationMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * PNG-encoding one frame's maps for the wire, before and after the change, in one run: the worker's
 * {@link ExplanationMessage#png} ({@code explanationMessagePng}) against the {@code ImageIO.write}
 * call it replaced ({@code imageIoWrite}, the old code as it was), on the real Grad-CAM maps of
 * vtest frame 100's {@code detections} detections (40x40, 20x20 and 10x10 cells at 320). Both write
 * the same bytes (ExplanationMessageTest).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MapPngBench {
  /** The model input side (sets the maps' resolution). */
  @Param({"320"})
  public int inputSize;

  /** Maps encoded per call: one frame's detections. */
  @Param({"10"})
  public int detections;

  private List<CamMap> maps;

  @Setup(Level.Trial)
  public void setUp() {
    maps =
        PipelineFrame.of(inputSize, detections).detections().stream()
            .map(TrackedDetection::detection)
            .map(d -> d.explanation().map())
            .toList();
  }

  @Benchmark
  public void explanationMessagePng(Blackhole bh) {
    for (CamMap map : maps) {
      bh.consume(ExplanationMessage.png(map));
    }
  }

  @Benchmark
  public void imageIoWrite(Blackhole bh) throws IOException {
    for (CamMap map : maps) {
      bh.consume(imageIoPng(map));
    }
  }

  /** ExplanationMessage.png before the change. */
  private static byte[] imageIoPng(CamMap map) throws IOException {
    BufferedImage image =
        new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, map.width(), map.height(), map.pixels());
    ByteArrayOutputStream out = new ByteArrayOutputStream(map.pixels().length / 2);
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
