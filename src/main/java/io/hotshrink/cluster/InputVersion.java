package io.hotshrink.cluster;

import java.util.Objects;

/**
 * One version of one input of a hot folder: its path relative to the folder's input root, with
 * {@code /} separators, its size and modification time as observed when it had settled. A new size
 * or time is a new version (processed again); the same one offered twice is one row.
 */
public record InputVersion(String path, long size, long mtimeMillis) {
  public InputVersion {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "not a relative path with / separators: '" + path.replace("\0", "\\0") + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " of " + path);
    }
  }
}
