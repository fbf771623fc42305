package io.hotshrink.testing;

import java.util.Random;

/**
 * JPEGs that start like one but cannot be decoded: random bytes after an SOI and an APP0 marker.
 */
public final class UndecodableBytes {
  private UndecodableBytes() {}

  /** Random lengths too: the watcher sees a file cut short. */
  public static byte[] random() {
    byte[] broken = new byte[20_000];
    new Random(1).nextBytes(broken);
    broken[0] = (byte) 0xFF;
    broken[1] = (byte) 0xD8;
    broken[2] = (byte) 0xFF;
    broken[3] = (byte) 0xE0;
    return broken;
  }

  /**
   * A 16-byte APP0 segment: whole by structure (random lengths would make it a file cut short,
   * which the watcher waits for), undecodable by content.
   */
  public static byte[] withShortFirstSegment() {
    byte[] broken = random();
    broken[4] = 0;
    broken[5] = 16;
    return broken;
  }
}
