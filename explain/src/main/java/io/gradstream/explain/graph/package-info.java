/**
 * The ONNX graph toolkit: read and write models ({@link io.gradstream.explain.graph.OnnxModels}),
 * index a graph ({@link io.gradstream.explain.graph.GraphIndex}), expose intermediate tensors and
 * cut subgraphs ({@link io.gradstream.explain.graph.GraphEdits}), find static shapes by running
 * ONNX Runtime ({@link io.gradstream.explain.graph.ShapeProbe}), build graphs ({@link
 * io.gradstream.explain.graph.GraphBuilder}), find the detection head's levels ({@link
 * io.gradstream.explain.graph.DetectionHeads}) and run graphs in memory ({@link
 * io.gradstream.explain.graph.OrtModel}).
 */
package io.gradstream.explain.graph;
