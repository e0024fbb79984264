/**
 * One camera's capture loop: grab, cap the frame rate, JPEG-encode, stamp capture time and sequence
 * number, hand to the sink; with the camera's state and status for the API.
 */
package io.gradstream.ingest.capture;
