package io.gradstream.app;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gradstream.app.bench.BenchFrames;
import io.gradstream.app.bench.BenchModel;
import io.gradstream.app.bench.FaithfulnessStudy;
import io.gradstream.app.detect.MediaKind;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OnnxGraphException;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.image.BgrMats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gradstream bench faithfulness}: deletion/insertion AUC and pointing game of every method.
 */
@Command(
    name = "faithfulness",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scores each explanation method's maps against the detector itself, on real images: deletion AUC",
      "(lower is better), insertion AUC (higher is better) and the energy-based pointing game, for Grad-CAM,",
      "HiResCAM, Grad-CAM++, EigenCAM, D-RISE (the black-box reference) and two baselines (a random map, a",
      "Gaussian on the box centre). Slow: every curve step is a forward pass (see docs/EXPLANATIONS.md)."
    })
final class BenchFaithfulnessCommand implements Callable<Integer> {
  /** darknet's sample photos that setup installs. */
  static final List<String> DARKNET_IMAGES = List.of("dog", "person", "horses", "eagle", "giraffe");

  static final Path DARKNET_DATA = Path.of("/usr/share/darknet/data");

  /**
   * The demo model's Concat feeding the finest head's C3 ([1, 256, 80, 80]), upstream of every head
   * level.
   */
  static final String NECK_P3 = "StatefulPartitionedCall/model/tf_concat_1/concat";

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "YOLOv5-layout ONNX detector (default: the demo model ~/.cache/gradstream/models/yolov5s.onnx)")
  Path model;

  @Option(
      names = "--image",
      paramLabel = "FILE",
      description =
          "an image to score; repeat for several (default: darknet's "
              + "dog, person, horses, eagle, giraffe)")
  List<Path> images = new ArrayList<>();

  @Option(
      names = "--video-frames",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "frames of --video, spread over it, scored beside the images (default: ${DEFAULT-VALUE})")
  int videoFrames;

  @Option(
      names = "--video",
      paramLabel = "FILE",
      defaultValue = BenchFrames.DEFAULT_VIDEO,
      description = "footage for --video-frames (default: ${DEFAULT-VALUE})")
  Path video;

  @Option(
      names = "--per-image",
      paramLabel = "N",
      defaultValue = "4",
      description = "the strongest detections scored per image (default: ${DEFAULT-VALUE})")
  int perImage;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "16",
      description = "deletion/insertion steps, one forward pass each (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--drise-masks",
      paramLabel = "N",
      defaultValue = "300",
      description =
          "D-RISE masks per image, one forward pass each; 0 skips D-RISE (default: ${DEFAULT-VALUE})")
  int driseMasks;

  @Option(
      names = "--methods",
      paramLabel = "M[,M...]",
      split = ",",
      description =
          "methods to score (default: all of gradcam, hirescam, gradcam++, eigencam, drise, random, box-gaussian)")
  List<String> methods = new ArrayList<>(FaithfulnessStudy.METHODS);

  @Option(
      names = "--layer",
      paramLabel = "NAME",
      description = {
        "also score Grad-CAM and HiResCAM at this deeper layer (rows gradcam@layer, hirescam@layer), from a",
        "full-size backward per detection; e.g. the demo model's neck at 80x80:",
        "  " + NECK_P3
      })
  String layer;

  @Option(
      names = "--target-layers",
      paramLabel = "NAME[,NAME...]",
      split = ",",
      description =
          "the worker methods' target layers, one per head level, finest first, as inference.explain.target-layers "
              + "(default: the live default's, found automatically)")
  List<String> targetLayers = new ArrayList<>();

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also write every row as JSON to FILE")
  Path json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (perImage <= 0 || steps <= 0 || driseMasks < 0 || videoFrames < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--per-image and --steps must be positive, --drise-masks and "
              + "--video-frames not negative");
    }
    if (!FaithfulnessStudy.METHODS.containsAll(methods)) {
      throw new ParameterException(
          spec.commandLine(),
          "--methods " + methods + ": use some of " + FaithfulnessStudy.METHODS);
    }
    BenchModel bench;
    try {
      bench = BenchModel.load(model);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, FloatTensor> inputs = new LinkedHashMap<>();
    List<Path> files =
        images.isEmpty()
            ? DARKNET_IMAGES.stream().map(n -> DARKNET_DATA.resolve(n + ".jpg")).toList()
            : images;
    for (Path image : files) {
      inputs.put(MediaKind.baseName(image), bench.letterboxed(read(image)));
    }
    if (videoFrames > 0) {
      List<BgrImage> frames = BenchFrames.decode(video, videoFrames);
      for (int i = 0; i < frames.size(); i++) {
        inputs.put(MediaKind.baseName(video) + "#" + i, bench.letterboxed(frames.get(i)));
      }
    }
    FaithfulnessStudy study =
        new FaithfulnessStudy(
            bench.proto(),
            bench.output(),
            new FaithfulnessStudy.Settings(
                steps, driseMasks, perImage, 0.25f, methods, layer, targetLayers));
    long start = System.nanoTime();
    List<FaithfulnessStudy.Row> rows;
    try {
      rows =
          study.run(
              inputs,
              line -> {
                out.println(line);
                out.flush();
              });
    } catch (OnnxGraphException e) { // an UnsupportedOpException too: an op on the way to --layer
      if (layer == null) {
        throw e;
      }
      throw new ParameterException(
          spec.commandLine(),
          "--layer "
              + layer
              + ": "
              + e.getMessage()
              + " (name a 4-D value of the model between its input and its output)");
    }
    out.printf(
        Locale.ROOT,
        "%n%d images, %d rows in %.0f s; means over detections:%n%n",
        inputs.size(),
        rows.size(),
        (System.nanoTime() - start) / 1e9);
    out.print(FaithfulnessStudy.table(rows));
    if (json != null) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), rows);
      out.printf("rows -> %s%n", json);
    }
    out.flush();
    return 0;
  }

  private static BgrImage read(Path image) throws IOException {
    Mat mat = imread(image.toString(), IMREAD_COLOR);
    if (mat == null || mat.empty()) {
      throw new IOException(
          "cannot read "
              + image
              + " as an image (missing: install darknet with ./scripts/setup.sh)");
    }
    return BgrMats.toImage(mat);
  }
}
