package io.gradstream.app.runtime;

import io.gradstream.inference.detect.BgrImage;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the inference role needs from the detector side: a way to load the detector and a JPEG decoder.
 * {@link #real()} gives gradstream's own; tests and embedders pass others to
 * {@link GradstreamRuntime#start(io.gradstream.common.config.GradstreamConfig, InferenceBindings)}.
 *
 * @param detectors   loads the detector when the role starts
 * @param jpegDecoder JPEG bytes to BGR pixels; throws on bytes that are not a readable JPEG
 */
public record InferenceBindings(DetectorFactory detectors, Function<byte[], BgrImage> jpegDecoder) {

  public InferenceBindings {
    Objects.requireNonNull(detectors, "detectors");
    Objects.requireNonNull(jpegDecoder, "jpegDecoder");
  }

  /**
   * gradstream's ONNX Runtime YOLO detector and OpenCV JPEG decoder.
   *
   * <p>>>> THE ONE PLACE WHERE THE REAL DETECTOR PLUGS IN. <<< They come from the detector-core branch
   * ({@code OnnxYoloDetector}, {@code JpegDecoder}, {@code ModelLocation}); once merged, this body becomes:
   * <pre>{@code
   * return new InferenceBindings(
   *     config -> OnnxYoloDetector.load(ModelLocation.resolve(config), config),
   *     new JpegDecoder()::decode);
   * }</pre>
   * (with {@code ModelLocation} resolving {@code inference.model}, empty meaning the demo model at
   * {@code ~/.cache/gradstream/models/yolov5s.onnx}), and {@code DetectionEndToEndIT} drops its
   * {@code @Disabled}. Until then the inference role refuses to start with a message that says so.
   */
  public static InferenceBindings real() {
    return new InferenceBindings(config -> {
      throw new StartupException("the inference role needs the ONNX detector, which is not in this build of "
          + "gradstream yet; set roles to [ingest] (config key roles, or GRADSTREAM_ROLES=ingest)", null);
    }, jpeg -> {
      throw new UnsupportedOperationException("no JPEG decoder in this build");
    });
  }
}
