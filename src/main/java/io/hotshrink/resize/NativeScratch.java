package io.hotshrink.resize;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Native buffers of one job thread, kept from one image to the next. A fresh buffer for each image
 * costs an mmap, a page fault for every 4 KB the decoder writes, and a munmap: tens of megabytes of
 * faults per photo. Buffers over {@link #KEEP_MAX} are not kept: one huge image must not leave its
 * memory with the thread until the child is recycled. Not thread-safe: one per thread.
 */
final class NativeScratch {
  /** The largest buffer kept for the next image (a 24 MP photo's luma plane is 24 MB). */
  static final long KEEP_MAX = 48L << 20;

  private final Memory[] kept;

  NativeScratch(int slots) {
    this.kept = new Memory[slots];
  }

  /** A buffer of at least {@code size} bytes; {@link Lease#close} gives it back (or frees it). */
  Lease lease(int slot, long size) {
    if (size > KEEP_MAX) {
      return new Lease(new Memory(size), true);
    }
    Memory m = kept[slot];
    if (m == null || m.size() < size) {
      if (m != null) {
        m.close();
      }
      // Some room to grow: the next photo is rarely exactly the same size.
      m = new Memory(Math.min(KEEP_MAX, size + (size >> 3)));
      kept[slot] = m;
    }
    return new Lease(m, false);
  }

  /** A buffer for the duration of one call. */
  static final class Lease implements AutoCloseable {
    private final Memory memory;
    private final boolean own;

    private Lease(Memory memory, boolean own) {
      this.memory = memory;
      this.own = own;
    }

    Pointer pointer() {
      return memory;
    }

    @Override
    public void close() {
      if (own) {
        memory.close();
      }
    }
  }
}
