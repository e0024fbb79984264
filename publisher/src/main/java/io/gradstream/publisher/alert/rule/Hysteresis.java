package io.gradstream.publisher.alert.rule;

/**
 * Turns a per-frame good/bad verdict into episodes: an episode starts after {@code framesToStart}
 * bad frames in a row and ends after {@code framesToEnd} good frames in a row, so a flickering
 * verdict gives one episode, not one per flicker. Not thread-safe (one per track and rule).
 */
public final class Hysteresis {
  private final int framesToStart;
  private final int framesToEnd;
  private boolean inEpisode;
  private int badRun;
  private int goodRun;
  private long badRunStartSeq;

  /** Both counts at least 1. */
  public Hysteresis(int framesToStart, int framesToEnd) {
    if (framesToStart < 1 || framesToEnd < 1) {
      throw new IllegalArgumentException(
          "frame counts must be at least 1, got " + framesToStart + " and " + framesToEnd);
    }
    this.framesToStart = framesToStart;
    this.framesToEnd = framesToEnd;
  }

  /**
   * Takes frame {@code seq}'s verdict.
   *
   * @return true exactly when this frame starts an episode
   */
  public boolean observe(long seq, boolean bad) {
    if (bad) {
      goodRun = 0;
      if (badRun == 0) {
        badRunStartSeq = seq;
      }
      badRun++;
      if (!inEpisode && badRun >= framesToStart) {
        inEpisode = true;
        return true;
      }
      return false;
    }
    badRun = 0;
    goodRun++;
    if (inEpisode && goodRun >= framesToEnd) {
      inEpisode = false;
    }
    return false;
  }

  /** Whether an episode is under way (started and not yet ended by enough good frames). */
  public boolean inEpisode() {
    return inEpisode;
  }

  /**
   * The seq of the first frame of the current run of bad frames (the episode's start once it
   * fires).
   */
  public long badRunStartSeq() {
    return badRunStartSeq;
  }

  /** Bad frames in a row so far. */
  public int badRun() {
    return badRun;
  }
}
