package io.gradstream.app;

import io.gradstream.inference.model.LabelsFile;
import io.gradstream.inference.model.ModelException;
import io.gradstream.modelimport.ModelInfo;
import io.gradstream.modelimport.TensorInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gradstream model info}: what an ONNX detector takes and gives. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Describes an ONNX detector: inputs and outputs with shapes, whether the batch is symbolic,",
      "the YOLO layout (v5 [1,N,5+C] or v8 [1,4+C,N]) told from the output shape, opset, producer,",
      "the detection head's input feature maps (Grad-CAM targets) and the class names beside it."
    })
final class ModelInfoCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE.onnx", description = "The ONNX model file.")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelInfo info = ModelInfo.read(file);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("file         %s (%.1f MB)%n", file, Files.size(file) / 1e6);
    out.printf(
        "producer     %s (opset %d, IR version %d)%n",
        info.producer(), info.opset(), info.irVersion());
    info.inputs().forEach(i -> out.printf("input        %s%n", i));
    out.printf("batch        %s%n", info.batchSymbolic() ? "symbolic (any batch size)" : "fixed");
    info.outputs().forEach(o -> out.printf("output       %s%n", o));
    out.printf(
        "layout       %s%s%n",
        info.layoutDescription(), info.classes() >= 0 ? ", " + info.classes() + " classes" : "");
    out.printf(
        "boxes        %s%n",
        info.boxUnits().equals("normalized")
            ? "cx, cy, w, h in 0-1 of the input (multiply by the input size for pixels)"
            : "units not recorded in the file");
    List<TensorInfo> head = info.headInputs();
    for (int i = 0; i < head.size(); i++) {
      out.printf("%s %s%n", i == 0 ? "head inputs " : "            ", head.get(i));
    }
    out.printf("weights      %,d parameters, %d nodes%n", info.parameters(), info.nodes());
    out.printf("labels       %s%n", labels(info));
    String source = info.metadata().get("gradstream.source");
    if (source != null) {
      out.printf("source       %s%n", source);
    }
    out.flush();
    return 0;
  }

  private String labels(ModelInfo info) {
    Path labels = LabelsFile.besideModel(file);
    if (!Files.exists(labels)) {
      return "none (no " + labels.getFileName() + " beside the model)";
    }
    try {
      List<String> names = LabelsFile.read(labels);
      String mismatch =
          info.classes() >= 0 && info.classes() != names.size()
              ? "  WARNING: the model scores " + info.classes() + " classes"
              : "";
      return labels
          + ": "
          + names.size()
          + " names ("
          + String.join(", ", names.subList(0, Math.min(4, names.size())))
          + (names.size() > 4 ? ", ..." : "")
          + ")"
          + mismatch;
    } catch (ModelException e) {
      return e.getMessage();
    }
  }
}
