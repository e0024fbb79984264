package io.gradstream.modelimport;

import java.util.List;

/**
 * Element-wise activations, both as TF ops of their own and as the activation a {@code
 * _FusedConv2D} fuses after its BiasAdd. Each is one ONNX node (Relu6 a Clip), so the Grad-CAM
 * compiler sees ordinary ops.
 */
enum Activation {
  RELU("Relu"),
  RELU6("Relu6"),
  ELU("Elu"),
  LEAKY_RELU("LeakyRelu"),
  SIGMOID("Sigmoid"),
  TANH("Tanh");

  private final String tfName;

  Activation(String tfName) {
    this.tfName = tfName;
  }

  /** The activation TF calls {@code tfName}; null for any other op. */
  static Activation fromTf(String tfName) {
    for (Activation a : values()) {
      if (a.tfName.equals(tfName)) {
        return a;
      }
    }
    return null;
  }

  /** Adds the ONNX node computing this activation of {@code input} into {@code output}. */
  void emit(OnnxGraphBuilder graph, String input, OnnxValue output, float leakyAlpha) {
    switch (this) {
      case RELU -> graph.node("Relu", List.of(input), output);
      case RELU6 -> {
        // Clip takes its bounds as inputs since opset 11.
        String lo =
            graph.hasValue("gradstream/clip/zero")
                ? "gradstream/clip/zero"
                : graph.floatInitializer("gradstream/clip/zero", new long[0], new float[] {0f});
        String hi =
            graph.hasValue("gradstream/clip/six")
                ? "gradstream/clip/six"
                : graph.floatInitializer("gradstream/clip/six", new long[0], new float[] {6f});
        graph.node("Clip", List.of(input, lo, hi), output);
      }
      case ELU -> graph.node("Elu", List.of(input), output, OnnxGraphBuilder.attr("alpha", 1.0f));
      case LEAKY_RELU ->
          graph.node(
              "LeakyRelu", List.of(input), output, OnnxGraphBuilder.attr("alpha", leakyAlpha));
      case SIGMOID -> graph.node("Sigmoid", List.of(input), output);
      case TANH -> graph.node("Tanh", List.of(input), output);
    }
  }
}
