/**
 * The YOLO output format: the layouts of a detector's output tensor. The detector's translators
 * (inference) and the explainer read rows through it, so the two never disagree on where a box or a
 * score sits.
 */
package io.gradstream.explain.yolo;
