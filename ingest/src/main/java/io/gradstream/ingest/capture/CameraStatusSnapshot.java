package io.gradstream.ingest.capture;

import java.time.Instant;

/**
 * One camera's status at a moment, as the REST API shows it.
 *
 * @param state where ingest stands
 * @param since when it entered that state
 * @param fps frames produced per second over the last few seconds
 * @param frames frames produced to Kafka since ingest of this camera started
 * @param framesSkipped frames left out by the frame-rate cap
 * @param framesDropped frames that could not be delivered to Kafka
 * @param decodeErrors frames that could not be decoded or encoded
 * @param reconnects connection attempts after a failure
 * @param seq the last sequence number produced
 * @param width frame width in pixels, 0 before the first frame
 * @param height frame height in pixels, 0 before the first frame
 * @param lastFrameAt when the last frame was produced
 * @param lastError the last error, in words, without credentials
 * @param lastErrorAt when it happened
 * @param nextAttemptAt in backoff: when the next connection attempt is due
 */
public record CameraStatusSnapshot(
    CameraState state,
    Instant since,
    double fps,
    long frames,
    long framesSkipped,
    long framesDropped,
    long decodeErrors,
    long reconnects,
    long seq,
    int width,
    int height,
    Instant lastFrameAt,
    String lastError,
    Instant lastErrorAt,
    Instant nextAttemptAt) {}
