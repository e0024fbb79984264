/**
 * The live web viewer: the static UI, its per-camera WebSocket, camera status, the alert feed, and
 * the annotated MJPEG streams, all served by Vert.x Web without a login wall (the local demo's
 * viewer).
 */
package io.gradstream.publisher.web;
