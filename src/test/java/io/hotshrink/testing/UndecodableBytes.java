package io.hotshrink.watch;

import java.util.Random;

/** The broken JPEG of UndecodableInputIsMovedToFailedIT, built the same way. */
final class UndecodableBytes {
  private UndecodableBytes() {}

  static byte[] random() {
    byte[] broken = new byte[20_000];
    new Random(1).nextBytes(broken);
    broken[0] = (byte) 0xFF;
    broken[1] = (byte) 0xD8;
    broken[2] = (byte) 0xFF;
    broken[3] = (byte) 0xE0;
    return broken;
  }

  static byte[] withShortFirstSegment() {
    byte[] broken = random();
    broken[4] = 0;
    broken[5] = 16;
    return broken;
  }
}
