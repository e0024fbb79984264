package io.gradstream.benchmarks;

import io.gradstream.benchmarks.fixture.Footage;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
 * YOLO pre-processing of one 768x576 vtest frame with {@link Letterbox#apply}, the call the YOLO
 * translator makes per frame: OpenCV bilinear resize, grey padding, planar RGB floats 0-1 written
 * into a direct buffer like the one the detector's input pool hands ONNX Runtime.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LetterboxBench {
  /** The model input side. */
  @Param({"320", "640"})
  public int size;

  private BgrImage frame;
  private Letterbox letterbox;
  private FloatBuffer input;

  @Setup(Level.Trial)
  public void setUp() {
    frame = Footage.vtest(Footage.VTEST_FRAME).image();
    letterbox = new Letterbox(size);
    input =
        ByteBuffer.allocateDirect(letterbox.floatsPerImage() * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
  }

  @Benchmark
  public LetterboxTransform letterbox() {
    return letterbox.apply(frame, input, 0);
  }
}
