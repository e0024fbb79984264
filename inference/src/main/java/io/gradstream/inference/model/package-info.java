/**
 * Detector model files as the runtime finds and reads them: where a model lives ({@link
 * io.gradstream.inference.model.ModelLocation}), the class-names file beside it ({@link
 * io.gradstream.inference.model.LabelsFile}), and the error for a model file that cannot be used
 * ({@link io.gradstream.inference.model.ModelException}). The TensorFlow.js importer that writes
 * such files is offline tooling, in the model-import module ({@code io.gradstream.modelimport}).
 */
package io.gradstream.inference.model;
