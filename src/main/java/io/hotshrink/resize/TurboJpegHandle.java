package io.hotshrink.resize;

import com.sun.jna.Pointer;
import java.util.function.Function;

/**
 * One job thread's TurboJPEG handle (a decompressor or a compressor), replaced by a fresh one after
 * every call that did not return 0. TurboJPEG 2.1 leaves a handle half-way through a header after a
 * fatal error in {@code tjDecompressHeader3} (it returns without aborting the decompressor), and
 * the next image on that handle then fails with "two SOI markers" or worse. A new handle costs
 * microseconds; a poisoned one costs every later image of the thread. Not thread-safe: one per
 * thread.
 */
final class TurboJpegHandle {
  private final TurboJpeg tj;
  private final Function<TurboJpeg, Pointer> init;
  private Pointer handle;

  TurboJpegHandle(TurboJpeg tj, Function<TurboJpeg, Pointer> init) {
    this.tj = tj;
    this.init = init;
  }

  static TurboJpegHandle decompressor(TurboJpeg tj) {
    return new TurboJpegHandle(tj, TurboJpeg::tjInitDecompress);
  }

  static TurboJpegHandle compressor(TurboJpeg tj) {
    return new TurboJpegHandle(tj, TurboJpeg::tjInitCompress);
  }

  /** The handle for the next call. */
  Pointer get() throws ResizeException {
    if (handle == null) {
      handle = init.apply(tj);
      if (handle == null) {
        throw new ResizeException(
            ResizeException.Kind.INTERNAL,
            "cannot make a TurboJPEG handle: " + tj.tjGetErrorStr2(null));
      }
    }
    return handle;
  }

  /**
   * What the last call on {@link #get()}'s handle came to, from its return code: null when it
   * succeeded; else its message, and whether it is only a warning. After any non-zero return the
   * handle is destroyed (its message read first: it may live in the handle), so the next call gets
   * a new one.
   */
  Problem after(int rc) {
    if (rc == 0) {
      return null;
    }
    String message = tj.tjGetErrorStr2(handle); // once: reading an instance error clears it
    boolean fatal = tj.tjGetErrorCode(handle) != 0 || !LibjpegWarnings.isWarning(message);
    discard();
    return new Problem(message == null ? "unknown error" : message, fatal);
  }

  /** Destroys the handle; the next {@link #get()} makes a new one. */
  void discard() {
    if (handle != null) {
      tj.tjDestroy(handle);
      handle = null;
    }
  }

  /** A call's error: its message and whether it is fatal (else a warning: the image was made). */
  record Problem(String message, boolean fatal) {}
}
