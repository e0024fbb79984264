/**
 * {@code gradstream calibrate}: the labelled evaluation set, labelling sheets, and the fit and
 * held-out evaluation of the reliability model. An offline tool: the worker only reads the model
 * file it writes ({@link io.gradstream.explain.reliability.ReliabilityModel}).
 */
package io.gradstream.app.calibrate;
