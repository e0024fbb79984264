package io.gradstream.inference.track;

/** Hands out one camera's track ids: 1, 2, 3, ... in the order tracks are confirmed. */
final class IdSequence {
  private long last;

  IdSequence() {}

  /** A sequence whose first id is {@code first} (a camera taken over from another worker). */
  IdSequence(long first) {
    this.last = Math.max(0, first - 1);
  }

  long next() {
    return ++last;
  }

  /** The id {@link #next()} will give. */
  long peek() {
    return last + 1;
  }
}
