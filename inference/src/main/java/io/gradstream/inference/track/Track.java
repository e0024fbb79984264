package io.gradstream.inference.track;

import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;

/**
 * One followed object: its class, last box, a constant-velocity motion estimate and its life state.
 * Predicting where the box moves to keeps two objects that cross apart: each track looks for its
 * object where that object is heading, not where it was.
 */
final class Track {
  /**
   * Weight of the newest motion in the velocity estimate; the rest is history, which smooths box
   * jitter.
   */
  private static final float VELOCITY_SMOOTHING = 0.6f;

  private final int classId;
  private BoundingBox box;
  private float vx1, vy1, vx2, vy2; // pixels per frame, per corner coordinate
  private boolean hasVelocity;
  private int hits = 1;
  private double scoreSum;
  private int missed;
  private long id;
  private TrackState state = TrackState.TENTATIVE;

  Track(Detection first) {
    this.classId = first.classId();
    this.box = first.box();
    this.scoreSum = first.score();
  }

  /** A confirmed track handed over by another worker, unmatched for {@code missed} frames since. */
  Track(TrackHandover.HandedTrack handed, int missed) {
    this.classId = handed.classId();
    this.box = handed.box();
    this.id = handed.id();
    this.hits = Math.max(1, handed.frames());
    this.scoreSum = handed.meanScore() * hits;
    this.missed = missed;
    this.state = missed == 0 ? TrackState.TRACKED : TrackState.LOST;
    float[] v = handed.velocity();
    if (v != null) {
      vx1 = v[0];
      vy1 = v[1];
      vx2 = v[2];
      vy2 = v[3];
      hasVelocity = true;
    }
  }

  int classId() {
    return classId;
  }

  long id() {
    return id;
  }

  TrackState state() {
    return state;
  }

  int missedFrames() {
    return missed;
  }

  /** Frames the object was matched in, its first included. */
  int hits() {
    return hits;
  }

  /** Its mean detector score over those frames. */
  double meanScore() {
    return scoreSum / hits;
  }

  /**
   * Where the object should be in the next frame (one frame after its last match plus the frames it
   * missed).
   */
  BoundingBox predicted() {
    if (!hasVelocity) {
      return box;
    }
    float steps = missed + 1;
    return new BoundingBox(
        box.x1() + vx1 * steps,
        box.y1() + vy1 * steps,
        box.x2() + vx2 * steps,
        box.y2() + vy2 * steps);
  }

  /**
   * The object was found at {@code detection}; confirms the track after {@code confirmHits} hits.
   */
  void matched(Detection detection, int confirmHits, IdSequence ids) {
    BoundingBox next = detection.box();
    float steps = missed + 1;
    float dx1 = (next.x1() - box.x1()) / steps;
    float dy1 = (next.y1() - box.y1()) / steps;
    float dx2 = (next.x2() - box.x2()) / steps;
    float dy2 = (next.y2() - box.y2()) / steps;
    if (hasVelocity) {
      float keep = 1 - VELOCITY_SMOOTHING;
      vx1 = VELOCITY_SMOOTHING * dx1 + keep * vx1;
      vy1 = VELOCITY_SMOOTHING * dy1 + keep * vy1;
      vx2 = VELOCITY_SMOOTHING * dx2 + keep * vx2;
      vy2 = VELOCITY_SMOOTHING * dy2 + keep * vy2;
    } else {
      vx1 = dx1;
      vy1 = dy1;
      vx2 = dx2;
      vy2 = dy2;
      hasVelocity = true;
    }
    box = next;
    missed = 0;
    hits++;
    scoreSum += detection.score();
    if (state == TrackState.LOST || (state == TrackState.TENTATIVE && hits >= confirmHits)) {
      state = TrackState.TRACKED;
    }
    if (state == TrackState.TRACKED && id == 0) {
      id = ids.next();
    }
  }

  /** Starts the track as confirmed right away (when one hit is enough). */
  void confirmNow(IdSequence ids) {
    state = TrackState.TRACKED;
    id = ids.next();
  }

  /** No detection matched this frame. */
  void markMissed() {
    missed++;
    if (state == TrackState.TRACKED) {
      state = TrackState.LOST;
    }
  }
}
