package io.gradstream.publisher.alert;

/** One track: track ids are the worker's per camera and ingest session, so all three name it. */
record TrackKey(String cameraId, String ingestSession, long trackId) {}
