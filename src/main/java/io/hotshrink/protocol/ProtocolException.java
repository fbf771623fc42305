package io.hotshrink.protocol;

import java.io.IOException;

/**
 * The other end wrote something that is not a frame. Carries the raw bytes seen, so the error can
 * show what actually came out of the child (a stray println, a JVM warning, a native library's
 * chatter) instead of a bare "bad magic".
 */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  private final byte[] raw;

  public ProtocolException(String message, byte[] raw) {
    super(message + ": " + Codec.printable(raw));
    this.raw = raw.clone();
  }

  public byte[] raw() {
    return raw.clone();
  }
}
