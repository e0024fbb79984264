package io.gradstream.app.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gradstream's own exclusive lock on the embedded broker's data dir, taken before any Kafka
 * component starts. Kafka locks its log dirs only once its KRaft controller is already running, so
 * a second broker on the same directory used to activate its controller on the first one's metadata
 * log before it was refused, leaving the first broker's raft thread spinning and its shutdown hung.
 * With this lock the second start is refused before it touches anything.
 *
 * <p>The lock is an OS file lock ({@link FileChannel#tryLock()}): the kernel drops it when the
 * holder dies, so a crashed process never leaves a stale lock behind. The file holds the holder's
 * pid, for the error message. Such locks belong to the whole process, and closing any channel on
 * the file releases them, so brokers of one process (tests start several) are kept apart by a set
 * of held directories and the file is only ever opened by its holder or by a process that does not
 * hold it.
 */
final class DataDirLock implements AutoCloseable {
  /**
   * The lock file inside the data dir. Kafka loads partitions from subdirectories only and ignores
   * it.
   */
  static final String FILE = "gradstream.lock";

  private static final Logger log = LoggerFactory.getLogger(DataDirLock.class);

  /** The data dirs (real paths) that brokers of this process hold. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir} for this process.
   *
   * @throws io.gradstream.common.config.ConfigException naming the data-dir key when another
   *     broker, in this process or another, holds it
   */
  static DataDirLock acquire(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new EmbeddedBrokerException("cannot lock the Kafka data dir " + dir + ": " + e, e);
    }
    if (!HELD.add(real)) {
      throw BrokerDataDir.inUse(dir, "this process");
    }
    Path file = real.resolve(FILE);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        channel.close();
        throw BrokerDataDir.inUse(dir, holder(file));
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
      channel.force(false);
      return new DataDirLock(real, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD.remove(real);
      throw new EmbeddedBrokerException(
          "cannot lock the Kafka data dir " + dir + " (" + file + "): " + e, e);
    } catch (RuntimeException e) {
      HELD.remove(real);
      throw e;
    }
  }

  /** Releases the lock; the file stays, so that the next holder can lock the same inode. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      log.debug("releasing the data dir lock failed: {}", e.toString());
    }
    closeQuietly(channel);
    HELD.remove(dir);
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held in this JVM by code that bypassed HELD (another class loader)
    }
  }

  /** Who holds the lock, as the holder wrote it: "pid N", or "another process" when unreadable. */
  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d{1,10}") ? "pid " + pid : "another process";
    } catch (IOException e) {
      return "another process";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the data dir lock file failed: {}", e.toString());
    }
  }
}
