/**
 * Detection as the rest of the system sees it: the {@link io.gradstream.inference.detect.Detector}
 * contract, images in, detections (box, class, score, explanation) out, and non-maximum
 * suppression.
 */
package io.gradstream.inference.detect;
