/**
 * Cameras as Vert.x verticles: one per camera, supervised, reconnecting with capped backoff; the
 * blocking capture runs on a worker thread, never on the event loop.
 */
package io.gradstream.ingest.camera;
