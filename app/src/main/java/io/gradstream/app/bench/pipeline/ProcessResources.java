package io.gradstream.app.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This JVM's CPU time and heap. CPU time is the whole process's (every thread, the native ONNX
 * Runtime threads included), from {@code com.sun.management.OperatingSystemMXBean}. The heap is
 * sampled every 100 ms on a thread of its own so the peak between samples is not missed by much.
 */
public final class ProcessResources implements AutoCloseable {
  private static final long SAMPLE_MILLIS = 100;

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakHeapBytes = new AtomicLong();
  private final Thread sampler;
  private volatile boolean stopping;

  /** Starts sampling the heap. */
  public ProcessResources() {
    sampler =
        Thread.ofPlatform()
            .daemon()
            .name("bench-heap-sampler")
            .start(
                () -> {
                  while (!stopping) {
                    peakHeapBytes.accumulateAndGet(heapUsedBytes(), Math::max);
                    try {
                      Thread.sleep(SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  /** CPU time this process has used, all threads, in nanoseconds. */
  public long cpuNanos() {
    return os.getProcessCpuTime();
  }

  /** Heap in use now, in bytes (live objects and garbage not yet collected). */
  public long heapUsedBytes() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The most heap in use of any sample since the last reset, in bytes. */
  public long peakHeapBytes() {
    return Math.max(peakHeapBytes.get(), heapUsedBytes());
  }

  /** The heap's limit ({@code -Xmx}), in bytes; -1 when undefined. */
  public long maxHeapBytes() {
    return memory.getHeapMemoryUsage().getMax();
  }

  /** Starts the peak over from the heap in use now, and returns that, in bytes. */
  public long resetPeak() {
    long used = heapUsedBytes();
    peakHeapBytes.set(used);
    return used;
  }

  @Override
  public void close() {
    stopping = true;
    sampler.interrupt();
  }
}
