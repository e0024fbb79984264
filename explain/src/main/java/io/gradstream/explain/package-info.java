/**
 * Explanations for detections: the ONNX graph toolkit, the Grad-CAM backward compiler and engine,
 * gradient-free and black-box explainers, and explanation-quality metrics. A plain library: no
 * Kafka, no Vert.x. Built out by the "Grad-CAM for every detection" issue.
 */
package io.gradstream.explain;
