/**
 * Where frames come from: FFmpeg (JavaCV) sources for RTSP, RTMP, HTTP and files, and the errors
 * they turn into camera states an operator can act on.
 */
package io.gradstream.ingest.source;
