package io.gradstream.app.inference;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import java.util.List;

/**
 * A deterministic test detector: exactly one "person" (score 0.9) per image, in the middle quarter
 * of the frame. It stands in for the ONNX model in the Kafka-backed worker tests, which are about
 * delivery, offsets and rebalancing, not about what the model finds.
 */
final class OnePersonDetector implements Detector {
  private final long delayMillis;

  OnePersonDetector(long delayMillis) {
    this.delayMillis = delayMillis;
  }

  @Override
  public List<List<Detection>> detect(List<BgrImage> images) {
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return images.stream()
        .map(
            image ->
                List.of(
                    new Detection(
                        0,
                        "person",
                        0.9f,
                        new BoundingBox(
                            image.width() * 0.375f,
                            image.height() * 0.25f,
                            image.width() * 0.625f,
                            image.height() * 0.75f))))
        .toList();
  }

  @Override
  public String modelId() {
    return "one-person@test";
  }

  @Override
  public List<String> labels() {
    return List.of("person");
  }

  @Override
  public void close() {}
}
