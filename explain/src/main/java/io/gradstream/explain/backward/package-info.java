/**
 * The backward compiler: reverse-mode differentiation of ONNX graphs emitted as ONNX graphs ({@link
 * io.gradstream.explain.backward.BackwardCompiler}), so gradients run in ONNX Runtime on the
 * detector's execution provider. The supported ops are {@link
 * io.gradstream.explain.backward.VjpRules#supported()}; the detection score is {@link
 * io.gradstream.explain.backward.YoloScore}; the windowed backward, whose cost does not grow with
 * the image, is {@link io.gradstream.explain.backward.WindowedHeadBackward}.
 */
package io.gradstream.explain.backward;
