package io.gradstream.app.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.InferenceException;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.ExecutionProvider;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import io.gradstream.inference.onnx.SessionFactory;
import io.gradstream.inference.translate.OutputTensor;
import io.gradstream.inference.translate.yolo.YoloTranslator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times the two Java stages around ONNX Runtime on their own, because {@link OnnxYoloDetector} does
 * not expose its stages: letterbox (resize, pad, to planar RGB floats into a direct buffer, as the
 * detector does) and decode/NMS (the detector's own translator on a real output of the model,
 * produced once, untimed, by a second session on the same file). Whatever a call costs beyond these
 * two is ONNX Runtime's run plus copying its output to the heap.
 */
public final class StageProbe {
  /** Untimed repetitions before the timed ones, for the JIT. */
  private static final int WARMUP_REPEATS = 3;

  private StageProbe() {}

  /**
   * Median cost of each stage for one frame, in milliseconds.
   *
   * @param letterboxMs one frame into its slot of the input tensor
   * @param decodeNmsMs one image's slot of the output to detections: threshold, boxes to source
   *     pixels, NMS
   */
  public record StageTimes(double letterboxMs, double decodeNmsMs) {}

  /**
   * Measures both stages on up to {@code maxFrames} frames of {@code frames}, each repeated {@code
   * repeats} times.
   *
   * @param options the options {@code detector} was opened with (threshold, NMS, threads)
   */
  public static StageTimes measure(
      OnnxYoloDetector detector,
      DetectorOptions options,
      List<BgrImage> frames,
      int maxFrames,
      int repeats) {
    List<BgrImage> sample = frames.subList(0, Math.min(maxFrames, frames.size()));
    Letterbox letterbox = new Letterbox(detector.inputSize());
    FloatBuffer input =
        ByteBuffer.allocateDirect(letterbox.floatsPerImage() * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();

    LatencyRecorder letterboxNanos = new LatencyRecorder();
    for (BgrImage frame : sample) {
      for (int r = 0; r < WARMUP_REPEATS + repeats; r++) {
        long t0 = System.nanoTime();
        letterbox.apply(frame, input, 0);
        long t1 = System.nanoTime();
        if (r >= WARMUP_REPEATS) {
          letterboxNanos.record(t1 - t0);
        }
      }
    }

    YoloTranslator translator =
        YoloTranslator.of(
            detector.layout(),
            letterbox,
            detector.labels(),
            options.yoloOptions().withBoxUnits(detector.boxUnits()));
    LatencyRecorder decodeNanos = new LatencyRecorder();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    SessionFactory.OpenSession open =
        SessionFactory.open(
            env, detector.modelFile(), List.of(ExecutionProvider.CPU), options.intraOpThreads());
    try (OrtSession session = open.session()) {
      for (BgrImage frame : sample) {
        LetterboxTransform placement = letterbox.apply(frame, input, 0);
        OutputTensor output = run(env, session, input, detector.inputSize());
        for (int r = 0; r < WARMUP_REPEATS + repeats; r++) {
          long t0 = System.nanoTime();
          translator.processOutput(output, 0, placement);
          long t1 = System.nanoTime();
          if (r >= WARMUP_REPEATS) {
            decodeNanos.record(t1 - t0);
          }
        }
      }
    } catch (OrtException e) {
      throw new InferenceException(
          "model " + detector.modelId() + " failed in the stage probe: " + e.getMessage(), e);
    }
    return new StageTimes(letterboxNanos.summary().p50(), decodeNanos.summary().p50());
  }

  /**
   * One image through the session; the output the detector decodes (the first rank-3 float one).
   */
  private static OutputTensor run(
      OrtEnvironment env, OrtSession session, FloatBuffer input, int size) throws OrtException {
    String inputName = session.getInputNames().iterator().next();
    String outputName = detectionsOutput(session);
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {1, 3, size, size});
        OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      FloatBuffer buffer = out.getFloatBuffer();
      float[] data = new float[buffer.remaining()];
      buffer.get(data);
      return OutputTensor.of(data, out.getInfo().getShape());
    }
  }

  private static String detectionsOutput(OrtSession session) throws OrtException {
    for (Map.Entry<String, NodeInfo> output : session.getOutputInfo().entrySet()) {
      if (output.getValue().getInfo() instanceof TensorInfo t
          && t.getShape().length == 3
          && t.type == OnnxJavaType.FLOAT) {
        return output.getKey();
      }
    }
    throw new IllegalStateException("no rank-3 float output; the detector would not have loaded");
  }
}
