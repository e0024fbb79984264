package io.gradstream.ingest.source;

/**
 * A stream of decoded video frames from one camera. Not thread-safe: one capture thread owns it.
 * Blocking calls return or fail within the source's read timeout, so a dead camera is noticed.
 */
public interface FrameSource extends AutoCloseable {

  /** Connects and reads the stream's header. */
  void open() throws SourceException;

  /**
   * The next decoded frame, valid until the next call, or null at the end of the stream (a file's
   * end, or a live stream the server closed).
   */
  GrabbedFrame grab() throws SourceException;

  /** Releases the connection and decoder; safe to call more than once. */
  @Override
  void close();
}
