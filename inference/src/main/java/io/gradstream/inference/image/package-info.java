/**
 * Pixels for the detector: JPEG decoding into BGR images and the letterbox that fits a frame into
 * the model's square input, with the transform back to source pixels.
 */
package io.gradstream.inference.image;
