package io.hotshrink.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where news of changes below the hot folder comes from: file-system events ({@link
 * DirectoryEvents}) or nothing but regular walks of the tree ({@link Polling}). Either way the
 * {@link HotFolder} also walks the tree every {@link #walkEvery()}, so a source that loses news now
 * and then (they all can) loses no files.
 */
interface ChangeSource extends AutoCloseable {

  /** What a source reports. Called on the source's own thread: implementations must not block. */
  interface Changes {
    /** A file's name appeared: it was created, or renamed or linked in. */
    void appeared(Path file);

    /** A file was written to (or its attributes changed). */
    void changed(Path file);

    /** A file or folder is gone. */
    void removed(Path path);

    /**
     * News was lost (an overflow, an error): walk the tree again. With {@code reregister}, the
     * source itself must be restarted first, as it may have missed new folders to watch.
     */
    void lost(String why, boolean reregister);

    /** The source stopped by itself (the watched folder went away, say). */
    void stopped(String why);
  }

  /** How often the whole tree must be walked to catch what this source does not report. */
  Duration walkEvery();

  /**
   * Starts reporting changes below {@code root}; when it returns, changes from then on are
   * reported.
   *
   * @throws IOException when it cannot (for events: the folder is gone, or the system's limit on
   *     watched folders is reached)
   */
  void start(Path root, Changes changes) throws IOException;

  /** True while changes are being reported. */
  boolean isReceiving();

  /** Stops reporting; nothing more is reported afterwards. Idempotent. */
  @Override
  void close();
}
