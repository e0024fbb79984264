/**
 * The reliability of a detection: the features only gradstream has (the detector's output around
 * the box, where the detection's map puts its energy, its gradient) and the fitted model that turns
 * them into the probability that the detection is correct.
 */
package io.gradstream.explain.reliability;
