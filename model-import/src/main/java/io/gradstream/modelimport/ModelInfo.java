package io.gradstream.modelimport;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.model.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an ONNX detector file takes and gives, read from the file alone (no ONNX Runtime session):
 * for {@code gradstream model info}, and for the worker to check a model before it loads it.
 *
 * @param file the ONNX file
 * @param inputs graph inputs that are not initializers
 * @param outputs graph outputs
 * @param opset the default-domain opset the model imports
 * @param producer producer name and version, e.g. "gradstream 0.1.0"
 * @param layout YOLO prediction layout told from the first output's shape; empty when it is none
 * @param classes classes the layout implies; -1 when the layout is unknown
 * @param headInputs feature maps entering the detection head, finest level first, with their shapes
 *     when the file records them: the Grad-CAM target layers (from gradstream's import metadata,
 *     else found in the graph)
 * @param boxUnits "normalized" (0-1 of the input) when the file says so, else "unknown"
 * @param parameters number of weights (elements of floating-point initializers)
 * @param nodes number of graph nodes
 * @param metadata the model's metadata_props
 */
public record ModelInfo(
    Path file,
    List<TensorInfo> inputs,
    List<TensorInfo> outputs,
    long opset,
    long irVersion,
    String producer,
    Optional<YoloLayout> layout,
    int classes,
    List<TensorInfo> headInputs,
    String boxUnits,
    long parameters,
    int nodes,
    Map<String, String> metadata) {
  private static final Set<TensorProto.DataType> FLOATING =
      EnumSet.of(
          TensorProto.DataType.FLOAT,
          TensorProto.DataType.FLOAT16,
          TensorProto.DataType.BFLOAT16,
          TensorProto.DataType.DOUBLE);

  public ModelInfo {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    headInputs = List.copyOf(headInputs);
    metadata = Map.copyOf(metadata);
  }

  /**
   * Reads {@code onnx}; a missing, unreadable or non-ONNX file is a {@link ModelException} naming
   * it.
   */
  public static ModelInfo read(Path onnx) {
    if (Files.isDirectory(onnx)) {
      throw new ModelException(onnx + " is a folder, not an ONNX model file");
    }
    try (InputStream in = Files.newInputStream(onnx)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      // Weights make models far larger than protobuf's 64 MiB default message limit.
      coded.setSizeLimit(Integer.MAX_VALUE);
      ModelProto model = ModelProto.parseFrom(coded);
      if (!model.hasGraph()
          || model.getGraph().getNodeCount() == 0
          || model.getOpsetImportCount() == 0) {
        throw new ModelException(onnx + " is not an ONNX model: it has no graph or no opset");
      }
      return of(model, onnx);
    } catch (NoSuchFileException e) {
      throw new ModelException("no ONNX model at " + onnx + ": the file does not exist");
    } catch (InvalidProtocolBufferException e) {
      throw new ModelException(
          onnx
              + " is not an ONNX model (it does not parse as one: "
              + e.getMessage()
              + "); is the file complete?",
          e);
    } catch (IOException e) {
      throw new ModelException("cannot read " + onnx + ": " + e.getMessage(), e);
    }
  }

  static ModelInfo of(ModelProto model, Path file) {
    var graph = model.getGraph();
    Set<String> initializers = new HashSet<>();
    long parameters = 0;
    for (TensorProto t : graph.getInitializerList()) {
      initializers.add(t.getName());
      if (FLOATING.contains(TensorProto.DataType.forNumber(t.getDataType()))) {
        // Integer initializers are shapes, axes and pads, not weights.
        parameters +=
            t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
      }
    }
    List<TensorInfo> inputs =
        graph.getInputList().stream()
            .filter(v -> !initializers.contains(v.getName()))
            .map(TensorInfo::of)
            .toList();
    List<TensorInfo> outputs = graph.getOutputList().stream().map(TensorInfo::of).toList();
    long opset =
        model.getOpsetImportList().stream()
            .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
            .mapToLong(OperatorSetIdProto::getVersion)
            .max()
            .orElse(-1);
    Map<String, String> metadata = new LinkedHashMap<>();
    model.getMetadataPropsList().forEach(p -> metadata.put(p.getKey(), p.getValue()));
    long[] outputShape =
        outputs.isEmpty() || outputs.get(0).rank() != 3
            ? new long[0]
            : new long[] {outputs.get(0).size(0), outputs.get(0).size(1), outputs.get(0).size(2)};
    Optional<YoloLayout> layout =
        outputShape.length == 0 ? Optional.empty() : YoloLayout.of(outputShape);
    int classes = layout.map(l -> l.classCount(outputShape)).orElse(-1);
    String head = metadata.get(TfjsToOnnxConverter.META_HEAD_INPUTS);
    List<String> headNames =
        head != null && !head.isEmpty()
            ? Arrays.asList(head.split(","))
            : DetectionHead.find(graph).inputs();
    Map<String, TensorInfo> known = new HashMap<>();
    graph.getValueInfoList().forEach(v -> known.put(v.getName(), TensorInfo.of(v)));
    graph.getInputList().forEach(v -> known.put(v.getName(), TensorInfo.of(v)));
    List<TensorInfo> headInputs =
        headNames.stream()
            .map(n -> known.getOrDefault(n, new TensorInfo(n, "unknown", List.of())))
            .toList();
    String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
    return new ModelInfo(
        file,
        inputs,
        outputs,
        opset,
        model.getIrVersion(),
        producer.isEmpty() ? "unknown" : producer,
        layout,
        classes,
        headInputs,
        metadata.getOrDefault(TfjsToOnnxConverter.META_BOX_UNITS, "unknown"),
        parameters,
        graph.getNodeCount(),
        metadata);
  }

  /** Whether the first input's batch dimension is symbolic, so one session runs any batch size. */
  public boolean batchSymbolic() {
    return !inputs.isEmpty() && inputs.get(0).rank() > 0 && inputs.get(0).size(0) < 0;
  }

  /**
   * The layout in words, for people: e.g. {@code yolov5 [N, boxes, 5+C]}, or that it is no YOLO
   * output.
   */
  public String layoutDescription() {
    return layout.map(YoloLayout::description).orElse("not a YOLO output");
  }
}
