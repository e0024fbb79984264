/**
 * {@code gradstream detect}: the detector on a file, without Kafka; draws detections on images and
 * videos and writes them as JSON.
 */
package io.gradstream.app.detect;
