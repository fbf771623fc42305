package io.hotshrink.input;

import java.nio.file.Path;

/**
 * An input file that has settled: complete, as far as the watcher can tell.
 *
 * @param path absolute path of the file
 * @param relative its path below the hot folder (mirrored in the drop folder)
 * @param size its size in bytes when it settled
 * @param mtimeMillis its modification time when it settled
 */
public record Source(Path path, Path relative, long size, long mtimeMillis) {

  /** What identifies this content: the same name with the same size and time is the same job. */
  public JobKey key() {
    return new JobKey(relative.toString(), size, mtimeMillis);
  }
}
