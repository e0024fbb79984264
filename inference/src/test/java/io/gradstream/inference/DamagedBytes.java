package io.gradstream.inference;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Arrays;

/**
 * Damage as a message or file meets it in transit or on disk, chosen by the fuzzer: byte changes,
 * truncation, insertion.
 */
public final class DamagedBytes {
  private DamagedBytes() {}

  /** {@code original} with one to four edits; never changes {@code original} itself. */
  public static byte[] of(FuzzedDataProvider data, byte[] original) {
    byte[] bytes = original.clone();
    int edits = data.consumeInt(1, 4);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      switch (data.consumeInt(0, 2)) {
        case 0 -> bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
        case 1 -> bytes = Arrays.copyOf(bytes, data.consumeInt(0, bytes.length - 1));
        default -> {
          int at = data.consumeInt(0, bytes.length);
          byte[] inserted = data.consumeBytes(16);
          byte[] grown = new byte[bytes.length + inserted.length];
          System.arraycopy(bytes, 0, grown, 0, at);
          System.arraycopy(inserted, 0, grown, at, inserted.length);
          System.arraycopy(bytes, at, grown, at + inserted.length, bytes.length - at);
          bytes = grown;
        }
      }
    }
    return bytes;
  }
}
