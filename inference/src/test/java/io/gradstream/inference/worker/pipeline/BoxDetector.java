package io.gradstream.inference.worker.pipeline;

import io.gradstream.explain.cam.CamMap;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.quality.Quality;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic test detector: one "person" (score 0.9) per image, a 40x100 box at the x the
 * image carries (see {@link TestFrames}). It can be made slow, or made to fail on chosen calls, and
 * it records the size of every batch it got and the thread it ran on.
 */
final class BoxDetector implements Detector {
  final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile long delayMillis;
  private volatile int failOnCall = -1;
  private volatile float explanationConfidence = Float.NaN;

  BoxDetector slow(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /**
   * Attaches to every detection a 2x2 Grad-CAM map whose explanation confidence is {@code
   * confidence}.
   */
  BoxDetector explained(float confidence) {
    this.explanationConfidence = confidence;
    return this;
  }

  BoxDetector failOnCall(int call) {
    this.failOnCall = call;
    return this;
  }

  @Override
  public List<List<Detection>> detect(List<BgrImage> images) {
    int call = calls.getAndIncrement();
    batchSizes.add(images.size());
    threads.add(Thread.currentThread().getName());
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (call == failOnCall) {
      throw new IllegalStateException("simulated ONNX Runtime failure");
    }
    List<List<Detection>> out = new ArrayList<>();
    for (BgrImage image : images) {
      float x = TestFrames.objectX(image);
      Detection person = new Detection(0, "person", 0.9f, new BoundingBox(x, 10, x + 40, 110));
      if (!Float.isNaN(explanationConfidence)) {
        person =
            person.withExplanation(
                new DetectionExplanation(
                    null,
                    null,
                    "head",
                    8,
                    "gradcam",
                    new float[4],
                    new CamMap(2, 2, new byte[4], 1f),
                    new Quality(0.5f, 0.5f, explanationConfidence),
                    null));
      }
      out.add(List.of(person));
    }
    return out;
  }

  @Override
  public String modelId() {
    return "box-detector@test";
  }

  @Override
  public List<String> labels() {
    return List.of("person");
  }

  @Override
  public void close() {}
}
