/**
 * Faithfulness of saliency maps to the detector: deletion and insertion curves (RISE, D-RISE)
 * scored with D-RISE's detection similarity, and the baseline maps a study compares against.
 */
package io.gradstream.explain.faithfulness;
