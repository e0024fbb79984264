package io.gradstream.inference.track;

/** Hands out one camera's track ids: 1, 2, 3, ... in the order tracks are confirmed. */
final class IdSequence {
  private long last;

  long next() {
    return ++last;
  }
}
