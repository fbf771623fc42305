package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

class NativeScratchTest {
  private final NativeScratch scratch = new NativeScratch(2);

  private Pointer leased(int slot, long size) {
    try (NativeScratch.Lease l = scratch.lease(slot, size)) {
      l.pointer().setByte(size - 1, (byte) 7); // the whole size is writable
      return l.pointer();
    }
  }

  @Test
  void aBufferIsKeptForTheNextImageOfTheSameOrSmallerSize() {
    Pointer first = leased(0, 1_000_000);
    assertEquals(first, leased(0, 1_000_000));
    assertEquals(first, leased(0, 1_100_000), "an eighth more room was kept");
    assertNotEquals(first, leased(1, 1_000_000), "each slot has its own");
  }

  @Test
  void aLargerImageGetsALargerBufferThatIsThenKept() {
    Pointer small = leased(0, 1000);
    Pointer large = leased(0, 4_000_000);
    assertNotEquals(small, large);
    assertEquals(large, leased(0, 3_000_000));
  }

  @Test
  void aHugeImagesBufferIsNotKept() {
    Pointer kept = leased(0, 1_000_000);
    leased(0, NativeScratch.KEEP_MAX + 1); // freed at once, the kept one left as it was
    assertEquals(kept, leased(0, 1_000_000));
  }
}
