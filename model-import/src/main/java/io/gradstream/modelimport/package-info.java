/**
 * The offline model importer behind {@code gradstream model import|info}: the TensorFlow.js
 * graph-model importer ({@link io.gradstream.modelimport.TfjsModelImporter}), which writes an ONNX
 * model ONNX Runtime and the Grad-CAM compiler can use, with its class-names file, and {@link
 * io.gradstream.modelimport.ModelInfo}, what an ONNX detector file takes and gives. Nothing here
 * runs in a gradstream service.
 *
 * <p>Reading ({@code Tfjs*}, {@code Weight*}), converting ({@code *Converter}, {@code
 * ConversionContext}, {@code OnnxGraphBuilder}) and describing ({@code ModelInfo}) are kept apart
 * so each can be tested on its own; only the importer and the model description are public.
 */
package io.gradstream.modelimport;
