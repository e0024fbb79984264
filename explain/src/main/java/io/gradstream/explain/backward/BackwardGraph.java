package io.gradstream.explain.backward;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A compiled backward graph: the forward nodes followed by their vector–Jacobian products. Its
 * inputs are the forward graph's inputs (and a vector–Jacobian product's cotangent); its outputs
 * are ∂(Σ objective)/∂wrt and, from {@link BackwardCompiler#compile}, the objective. With one
 * detection per batch item, the objective's items are independent, so batch item n of the gradient
 * is ∂objective[n]/∂wrt[n].
 *
 * @param model the ONNX model to run
 * @param wrt the target activation
 * @param gradientOutput the output holding ∂objective/∂wrt, shaped like {@code wrt}
 */
public record BackwardGraph(ModelProto model, String wrt, String gradientOutput) {}
