package io.gradstream.explain.graph;

/**
 * One pyramid level of a detection head: the feature map entering the head (the Grad-CAM target
 * activation) and the head convolution's raw output for that level.
 *
 * @param input value name of the feature map entering the head, e.g. {@code [N, 128, 80, 80]}
 * @param output value name of the level's head convolution output, e.g. {@code [N, 255, 80, 80]}
 */
public record HeadLevel(String input, String output) {}
