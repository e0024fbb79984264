/**
 * The ONNX Runtime detector: sessions on the configured execution providers, the model file's
 * checks and identity, pooled input buffers, and the explainer and reliability model loaded beside
 * the model.
 */
package io.gradstream.inference.onnx;
