package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
    assertSame(first, leased(0, 1_000_000));
    assertSame(first, leased(0, 1_100_000), "an eighth more room was kept");
    assertNotSame(first, leased(1, 1_000_000), "each slot has its own");
    assertNotEquals(Pointer.nativeValue(first), Pointer.nativeValue(leased(1, 1_000_000)));
  }

  @Test
  void aLargerImageGetsALargerBufferThatIsThenKept() {
    Pointer small = leased(0, 1000);
    Pointer large = leased(0, 4_000_000);
    assertNotSame(small, large);
    assertEquals(0, Pointer.nativeValue(small), "the smaller one was freed");
    assertSame(large, leased(0, 3_000_000));
  }

  @Test
  void aHugeImagesBufferIsNotKept() {
    Pointer kept = leased(0, 1_000_000);
    Pointer huge = leased(0, NativeScratch.KEEP_MAX + 1);
    assertEquals(0, Pointer.nativeValue(huge), "freed as soon as it was given back");
    assertSame(kept, leased(0, 1_000_000), "the kept one left as it was");
  }
}
