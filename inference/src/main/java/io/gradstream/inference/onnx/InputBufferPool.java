package io.gradstream.inference.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reusable direct float buffers for input tensors. ONNX Runtime reads a direct buffer in place
 * where it would copy a heap one, and a 640 px frame is 4.9 MB, so allocating per call would churn
 * native memory that the GC frees late. The pool holds as many buffers as calls ever ran at once
 * (not one per thread that ever called, which a Reactor scheduler could make many).
 */
final class InputBufferPool {
  private final ConcurrentLinkedQueue<FloatBuffer> free = new ConcurrentLinkedQueue<>();

  /**
   * A buffer of exactly {@code floats} floats (position 0, limit {@code floats}); give it back with
   * {@link #release}.
   */
  FloatBuffer acquire(int floats) {
    FloatBuffer buffer = free.poll();
    if (buffer == null || buffer.capacity() < floats) {
      // A too-small buffer is dropped: batches only grow to the configured micro-batch size.
      buffer =
          ByteBuffer.allocateDirect(floats * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
    }
    return buffer.clear().limit(floats);
  }

  /** Returns a buffer once its tensor is closed. */
  void release(FloatBuffer buffer) {
    free.offer(buffer);
  }
}
