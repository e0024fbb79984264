package io.gradstream.app.calibrate;

import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.image.BgrMats;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.onnx.DetectorOptions;
import io.gradstream.inference.onnx.OnnxYoloDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Runs detectors on the evaluation set's frames and pairs each explained detection with its label.
 */
final class EvaluationRun {
  private EvaluationRun() {}

  /**
   * Told about each frame and its explained detections, while the frame's pixels are still at hand.
   */
  @FunctionalInterface
  interface FrameListener {
    void frame(EvaluationSet.EvalFrame frame, Mat image, int input, List<EvaluatedDetection> found)
        throws IOException;
  }

  /**
   * What the run found.
   *
   * @param detections every detection, explained, with its label when it has one
   * @param layers the explainers' target layers (the same for every model, or the run fails)
   */
  record Result(List<EvaluatedDetection> detections, List<String> layers) {}

  /**
   * Every detection of every model on every frame of {@code set}, explained by {@code options}'
   * method.
   *
   * @param progress told a line per model and every 20 frames
   */
  static Result run(
      EvaluationSet set,
      List<Path> models,
      DetectorOptions options,
      FrameListener listener,
      java.util.function.Consumer<String> progress)
      throws IOException {
    List<EvaluatedDetection> all = new ArrayList<>();
    List<String> layers = null;
    Path home = Path.of(System.getProperty("user.home"));
    for (Path model : models) {
      try (OnnxYoloDetector detector =
          OnnxYoloDetector.open(ModelLocation.resolve(model.toString(), "", home), options)) {
        if (!detector.explains()) {
          throw new IOException(
              "model "
                  + model
                  + " cannot be explained with "
                  + options.explainMethod().map(ExplainMethod::name).orElse("none")
                  + " (the event=explanations-off line above says why); calibration needs the explanation");
        }
        if (layers != null && !layers.equals(detector.explainedLayers())) {
          throw new IOException(
              "model "
                  + model
                  + " is explained at "
                  + detector.explainedLayers()
                  + ", the models before it at "
                  + layers
                  + "; one reliability model needs the same target layers: calibrate them separately");
        }
        layers = detector.explainedLayers();
        int input = detector.inputSize();
        progress.accept(
            "model "
                + detector.modelId()
                + " (input "
                + input
                + "), "
                + set.frames().size()
                + " frames");
        int[] done = {0};
        EvaluationFrames.forEach(
            set.frames(),
            (frame, image) -> {
              List<Detection> detections =
                  detector.detectAndExplain(List.of(BgrMats.toImage(image))).get(0).detections();
              List<EvaluatedDetection> found =
                  detections.stream()
                      .map(
                          d ->
                              new EvaluatedDetection(
                                  frame, input, d, set.find(frame, input, d).orElse(null)))
                      .toList();
              all.addAll(found);
              listener.frame(frame, image, input, found);
              if (++done[0] % 20 == 0) {
                progress.accept("  " + done[0] + "/" + set.frames().size() + " frames");
              }
            });
      }
    }
    return new Result(all, layers == null ? List.of() : layers);
  }
}
