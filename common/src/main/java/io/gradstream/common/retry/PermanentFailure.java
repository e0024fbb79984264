package io.gradstream.common.retry;

/**
 * A failure that knows whether trying again can help, for policies that retry "everything but what
 * is permanent" (a camera source: a wrong password stays wrong, a dropped connection may come
 * back).
 */
public interface PermanentFailure {
  /** True when retrying cannot help and the operator must act. */
  boolean isPermanent();
}
