package io.gradstream.explain.engine;

/**
 * A detection to explain, as the detector's output names it.
 *
 * @param row the output row the detection was decoded from (before NMS)
 * @param classId the detected class
 */
public record ExplainTarget(int row, int classId) {}
