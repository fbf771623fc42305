package io.hotshrink.testing;

import io.hotshrink.input.Source;
import java.nio.file.Path;

/** Inputs for unit tests that never touch the disk: {@code /in/NAME}, relative path NAME. */
public final class Sources {
  private Sources() {}

  public static Source of(String name, long size, long mtimeMillis) {
    return new Source(Path.of("/in", name), Path.of(name), size, mtimeMillis);
  }
}
