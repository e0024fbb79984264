/**
 * Detector models as files: the TensorFlow.js graph-model importer ({@link
 * io.gradstream.inference.model.TfjsModelImporter}), which writes an ONNX model ONNX Runtime and
 * the Grad-CAM compiler can use, the class-names file that travels beside it, and {@link
 * io.gradstream.inference.model.ModelInfo}, what an ONNX detector file takes and gives.
 *
 * <p>Reading ({@code Tfjs*}, {@code Weight*}), converting ({@code *Converter}, {@code
 * ConversionContext}, {@code OnnxGraphBuilder}) and describing ({@code ModelInfo}) are kept apart
 * so each can be tested on its own; only the importer, the model description and the labels file
 * are public.
 */
package io.gradstream.inference.model;
