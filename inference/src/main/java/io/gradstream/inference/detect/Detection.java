package io.gradstream.inference.detect;

/**
 * One detected object in a frame.
 *
 * @param classId index into the model's class names
 * @param label   class name
 * @param score   confidence 0-1 (objectness times class score for YOLOv5)
 * @param box     in source-frame pixels
 */
public record Detection(int classId, String label, float score, BoundingBox box) {}
