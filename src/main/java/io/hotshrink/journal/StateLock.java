package io.hotshrink.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state folder's lock ({@code <state>/lock}): one daemon at a time may use a state folder, so
 * two never share a journal. The file holds the holder's pid, for the message a second one gets. On
 * a file system without locks (some network shares) the folder is used anyway, with a warning.
 */
final class StateLock {
  // The journal's logger: its lines read "Journal", as they did before the journal was split.
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  static final String FILE = "lock";

  private final FileChannel channel;
  private final FileLock lock; // null: the file system cannot lock

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dir} at once: a second daemon is refused before it does anything.
   *
   * @throws IOException when the folder cannot be written, or another process holds its lock
   */
  static StateLock take(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      // A file system without locks (some network shares): go on, but say what is at stake.
      log.warn(
          "cannot lock {} ({}): make sure no other hotshrink uses the state folder {}",
          file,
          e.toString(),
          dir);
      return new StateLock(channel, null);
    }
    try {
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        throw new IOException(
            "the state folder "
                + dir
                + " is in use by another hotshrink process"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + ": each daemon needs its own (set state)");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      return new StateLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      // Closing lets go of the lock too: a folder added by a reload that failed here must find
      // its lock free when the reload is tried again, not held by this very process.
      channel.close();
      throw e;
    }
  }

  /**
   * Lets go of the lock (again: nothing); the file stays, the next holder writes its pid into it.
   */
  void release() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    if (lock != null) {
      lock.release();
    }
    channel.close();
  }
}
