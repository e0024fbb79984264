package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.gradstream.explain.graph.DetectionHeads;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.inference.model.ModelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a TF.js graph model into an ONNX model (opset {@value #OPSET}).
 *
 * <ul>
 *   <li>The single image input becomes {@code images}, float32 NCHW {@code [N, C, H, W]}: what ONNX
 *       detectors conventionally take. The batch {@code N} is symbolic whatever the TF placeholder
 *       says, so one session serves any micro-batch.
 *   <li>Every converted TF node's output keeps the TF node name as its ONNX value name, so a layer
 *       can be found in the ONNX graph by its TF name (the Grad-CAM target layers).
 *   <li>The outputs are named {@code output0}, {@code output1}, ... in TF's dimension order.
 *   <li>Only nodes the outputs depend on are converted; an op the importer does not know stops the
 *       import with an {@link UnsupportedOpException} naming the op and the node.
 * </ul>
 *
 * Metadata written into the model: {@value #META_SOURCE}, {@value #META_HEAD_INPUTS} and {@value
 * #META_HEAD_OUTPUTS} (comma-separated value names, finest pyramid level first), and {@value
 * #META_BOX_UNITS} when the graph's head is known to normalize boxes.
 */
final class TfjsToOnnxConverter {
  static final int OPSET = 13;

  /** IR version 7 is what opset 13 shipped with; every ONNX Runtime since 1.6 loads it. */
  static final long IR_VERSION = 7;

  static final String INPUT_NAME = "images";
  static final String OUTPUT_PREFIX = "output";
  static final String META_SOURCE = "gradstream.source";
  // The keys the explainer and the detector read, declared where they read them.
  static final String META_HEAD_INPUTS = DetectionHeads.META_HEAD_INPUTS;
  static final String META_HEAD_OUTPUTS = DetectionHeads.META_HEAD_OUTPUTS;
  static final String META_BOX_UNITS = BoxUnits.METADATA_KEY;

  private TfjsToOnnxConverter() {}

  static ModelProto convert(TfjsGraphModel model) {
    Map<String, TfjsNode> byName = new LinkedHashMap<>();
    for (TfjsNode n : model.nodes()) {
      if (byName.put(n.name(), n) != null) {
        throw new ModelException(model.modelJson() + ": two nodes are named '" + n.name() + "'");
      }
    }
    List<String> outputs = outputNodes(model, byName);
    List<TfjsNode> order = executionOrder(model, byName, outputs);
    for (TfjsNode n : order) {
      if (!n.op().equals("Const")
          && !n.op().equals("Placeholder")
          && OpConverters.forOp(n.op()) == null) {
        throw new UnsupportedOpException(
            n.op(),
            n.name(),
            "is not supported; the importer converts "
                + String.join(", ", OpConverters.supported()));
      }
    }

    OnnxGraphBuilder graph = new OnnxGraphBuilder();
    ConversionContext context = new ConversionContext(graph, model.constants());
    List<TfjsNode> placeholders = order.stream().filter(n -> n.op().equals("Placeholder")).toList();
    if (placeholders.size() != 1) {
      throw new ModelException(
          model.modelJson()
              + " has "
              + placeholders.size()
              + " inputs (Placeholder nodes); "
              + "the importer converts detectors with exactly one image input");
    }
    for (TfjsNode n : order) {
      switch (n.op()) {
        case "Const" -> {
          if (!model.constants().containsKey(n.name())) {
            throw new ModelException(
                model.modelJson()
                    + ": Const node '"
                    + n.name()
                    + "' has no entry in weightsManifest");
          }
        }
        case "Placeholder" -> imageInput(model, n, graph, context);
        default -> convertNode(model, n, context);
      }
    }
    for (int i = 0; i < outputs.size(); i++) {
      OnnxValue v = context.valueOf(outputs.get(i));
      if (v == null) {
        throw new ModelException(
            model.modelJson()
                + ": output '"
                + outputs.get(i)
                + "' is a constant, not computed from the input");
      }
      OnnxValue tf = context.inLayout(v, Layout.TF);
      String name = OUTPUT_PREFIX + i;
      graph.node("Identity", List.of(tf.name()), name);
      graph.output(name, tf.tfShape());
    }

    var built = graph.build("tfjs:" + model.modelJson().getParent().getFileName());
    DetectionHead head = DetectionHead.find(built);
    ModelProto.Builder proto =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("gradstream")
            .setProducerVersion(producerVersion())
            .setDocString(
                "Imported by gradstream from the TensorFlow.js graph model "
                    + model.modelJson().getFileName()
                    + " ("
                    + model.producer()
                    + ")")
            .setGraph(built);
    meta(proto, META_SOURCE, "tfjs-graph-model; " + model.producer());
    meta(proto, META_HEAD_INPUTS, String.join(",", head.inputs()));
    meta(proto, META_HEAD_OUTPUTS, String.join(",", head.outputs()));
    if (normalizesBoxes(order)) {
      meta(proto, META_BOX_UNITS, BoxUnits.NORMALISED_VALUE);
    }
    return proto.build();
  }

  /** The image placeholder becomes the NCHW input {@code images} with a symbolic batch. */
  /**
   * Converts one op node. The converters check what real models get wrong; a damaged model.json can
   * still hold attributes no converter expects (a stride of 0, a missing list entry), and that must
   * end as a ModelException naming the node, not as an ArithmeticException from deep inside a
   * converter.
   */
  private static void convertNode(TfjsGraphModel model, TfjsNode n, ConversionContext context) {
    try {
      OpConverters.forOp(n.op()).convert(n, context);
    } catch (ModelException e) {
      throw e;
    } catch (ArithmeticException
        | IllegalArgumentException
        | IndexOutOfBoundsException
        | NullPointerException
        | ClassCastException
        | NegativeArraySizeException e) {
      throw new ModelException(
          model.modelJson()
              + ": node '"
              + n.name()
              + "' ("
              + n.op()
              + ") has attributes or inputs "
              + "the importer cannot convert ("
              + e
              + "); the model.json is damaged or the graph is not a supported detector",
          e);
    }
  }

  private static void imageInput(
      TfjsGraphModel model, TfjsNode n, OnnxGraphBuilder graph, ConversionContext context) {
    long[] shape = n.shape("shape");
    String dtype = n.type("dtype");
    if (dtype != null && !dtype.equals("DT_FLOAT")) {
      throw new ModelException(
          model.modelJson()
              + ": input '"
              + n.name()
              + "' is "
              + dtype
              + "; the importer converts float32 image inputs");
    }
    if (shape == null || shape.length != 4 || shape[1] <= 0 || shape[2] <= 0 || shape[3] <= 0) {
      throw new ModelException(
          model.modelJson()
              + ": input '"
              + n.name()
              + "' has shape "
              + (shape == null ? "unknown" : java.util.Arrays.toString(shape))
              + "; the importer needs an NHWC image of fixed size [batch, height, width, channels]");
    }
    TfShape tf = TfShape.of(TfShape.BATCH, shape[1], shape[2], shape[3]);
    OnnxValue images = new OnnxValue(INPUT_NAME, Layout.NCHW, tf);
    graph.input(INPUT_NAME, images.onnxShape());
    context.define(n.name(), images);
  }

  /** The signature's outputs, else every non-Const node nothing reads. */
  private static List<String> outputNodes(TfjsGraphModel model, Map<String, TfjsNode> byName) {
    List<String> outputs = new ArrayList<>();
    for (String name : model.signatureOutputs()) {
      if (!byName.containsKey(name)) {
        throw new ModelException(
            model.modelJson()
                + ": the signature names output '"
                + name
                + "', which is not a node of the graph");
      }
      outputs.add(name);
    }
    if (!outputs.isEmpty()) {
      return outputs;
    }
    Set<String> read = new HashSet<>();
    model.nodes().forEach(n -> n.inputs().forEach(i -> read.add(TfjsNode.producerOf(i))));
    model.nodes().stream()
        .filter(n -> !n.op().equals("Const") && !read.contains(n.name()))
        .forEach(n -> outputs.add(n.name()));
    if (outputs.isEmpty()) {
      throw new ModelException(model.modelJson() + ": the graph has no output");
    }
    return outputs;
  }

  /**
   * The nodes the outputs depend on, each after its inputs (model.json lists nodes in no particular
   * order). Iterative, so deep graphs do not overflow the stack.
   */
  private static List<TfjsNode> executionOrder(
      TfjsGraphModel model, Map<String, TfjsNode> byName, List<String> outputs) {
    List<TfjsNode> order = new ArrayList<>();
    Map<String, Boolean> state = new HashMap<>(); // false: being visited, true: done
    for (String output : outputs) {
      Deque<String[]> stack = new ArrayDeque<>();
      stack.push(new String[] {output, null});
      while (!stack.isEmpty()) {
        String[] top = stack.pop();
        String name = top[0];
        if (top[1] != null) {
          state.put(name, true);
          order.add(byName.get(name));
          continue;
        }
        Boolean s = state.get(name);
        if (Boolean.TRUE.equals(s)) {
          continue;
        }
        if (Boolean.FALSE.equals(s)) {
          throw new ModelException(
              model.modelJson() + ": the graph has a cycle through '" + name + "'");
        }
        TfjsNode node = byName.get(name);
        if (node == null) {
          throw new ModelException(
              model.modelJson() + ": a node reads '" + name + "', which is not in the graph");
        }
        state.put(name, false);
        stack.push(new String[] {name, "done"});
        List<String> inputs = node.inputs();
        for (int i = inputs.size() - 1; i >= 0; i--) {
          String producer = TfjsNode.producerOf(inputs.get(i));
          if (!Boolean.TRUE.equals(state.get(producer))) {
            if (Boolean.FALSE.equals(state.get(producer))) {
              throw new ModelException(
                  model.modelJson() + ": the graph has a cycle through '" + producer + "'");
            }
            stack.push(new String[] {producer, null});
          }
        }
      }
    }
    return order;
  }

  /**
   * Ultralytics' TF export ({@code models/tf.py}, whose Detect layer is named {@code tf_detect})
   * divides boxes by the input size, unlike its ONNX export, which gives pixels.
   */
  private static boolean normalizesBoxes(List<TfjsNode> order) {
    return order.stream().anyMatch(n -> n.name().contains("/tf_detect/"));
  }

  private static void meta(ModelProto.Builder proto, String key, String value) {
    proto.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
  }

  private static String producerVersion() {
    String v = TfjsToOnnxConverter.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
