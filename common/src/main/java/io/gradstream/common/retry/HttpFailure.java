package io.gradstream.common.retry;

/**
 * A failed HTTP attempt, as a retry policy judges it: either the server answered with a non-2xx
 * {@code status} ({@code error} null), or no answer came ({@code error}: timeout, refused, reset;
 * status 0).
 */
public record HttpFailure(int status, Throwable error) {
  /** The server answered {@code status}. */
  public static HttpFailure answered(int status) {
    return new HttpFailure(status, null);
  }

  /** No answer: {@code error} says why. */
  public static HttpFailure noAnswer(Throwable error) {
    return new HttpFailure(0, error);
  }

  /**
   * 5xx, 408 (request timeout) and 429 (too many requests) may pass later, and so may a missing
   * answer.
   */
  boolean mayPassLater() {
    return error != null || status >= 500 || status == 408 || status == 429;
  }
}
