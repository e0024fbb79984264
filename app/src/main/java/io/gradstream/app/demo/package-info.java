/**
 * Demo infrastructure shared by the {@code gradstream demo} command and the end-to-end tests: a
 * real RTSP server on 127.0.0.1 that plays a local video file forever as if it were a live camera,
 * and the location of the demo footage.
 */
package io.gradstream.app.demo;
