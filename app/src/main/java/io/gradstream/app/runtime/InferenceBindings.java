package io.gradstream.app.runtime;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.JpegDecoder;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the inference role needs from the detector side: a way to load the detector and a JPEG
 * decoder. {@link #real()} gives gradstream's own; tests and embedders pass others to {@link
 * GradstreamRuntime#start(io.gradstream.common.config.GradstreamConfig, InferenceBindings)}.
 *
 * @param detectors loads the detector when the role starts
 * @param jpegDecoder JPEG bytes to BGR pixels; throws on bytes that are not a readable JPEG
 */
public record InferenceBindings(DetectorFactory detectors, Function<byte[], BgrImage> jpegDecoder) {

  public InferenceBindings {
    Objects.requireNonNull(detectors, "detectors");
    Objects.requireNonNull(jpegDecoder, "jpegDecoder");
  }

  /**
   * gradstream's ONNX Runtime YOLO detector ({@code inference.model}, empty for the demo model) and
   * OpenCV JPEG decoder.
   */
  public static InferenceBindings real() {
    return new InferenceBindings(OnnxYoloDetector::open, JpegDecoder::decode);
  }
}
