package io.hotshrink.pool;

import java.nio.charset.StandardCharsets;

/** The last few KB a child wrote to stderr, to quote when it dies. Thread-safe. */
final class StderrTail {
  private final int capacity;
  private final StringBuilder buf = new StringBuilder();

  StderrTail(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(String line) {
    buf.append(line).append('\n');
    int excess = buf.length() - capacity;
    if (excess > 0) {
      buf.delete(0, excess);
    }
  }

  /** At most {@code capacity} UTF-16 chars; close enough to bytes for a log quote. */
  synchronized String text() {
    return buf.toString();
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
