package io.gradstream.inference.track;

import io.gradstream.inference.detect.BoundingBox;
import java.util.List;

/**
 * A camera's tracks as the worker that followed it last left them, read back from the frames it
 * wrote: what a worker that takes the camera over (its partition moved) resumes from, so that track
 * ids, track lengths and motion carry on across a rebalance instead of starting over.
 *
 * @param session the ingest session the tracks belong to
 * @param seq the newest frame the previous worker wrote
 * @param nextId the id its tracker would have given the next new track
 * @param tracks its confirmed tracks still alive then
 */
public record TrackHandover(String session, long seq, long nextId, List<HandedTrack> tracks) {
  public TrackHandover {
    tracks = List.copyOf(tracks);
  }

  /**
   * One confirmed track.
   *
   * @param id its id
   * @param classId its class
   * @param box its last box
   * @param velocity its motion per frame (x1, y1, x2, y2), or null when it was seen only once
   * @param lastSeq the frame it was last matched in
   * @param frames frames it was matched in
   * @param meanScore its mean score over them
   */
  public record HandedTrack(
      long id,
      int classId,
      BoundingBox box,
      float[] velocity,
      long lastSeq,
      int frames,
      double meanScore) {}
}
