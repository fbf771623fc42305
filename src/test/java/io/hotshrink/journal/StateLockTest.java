package io.hotshrink.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hotshrink.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock taken but not claimed must be let go of: the state folder is a one-page tmpfs, filled, so
 * that the lock file can be created and locked but the pid cannot be written into it. Once there is
 * room again, the same process (a reload trying the folder again) must get the lock, not be told
 * the folder is in use by another process — which it was while the failed attempt kept its lock.
 */
class StateLockTest {
  @TempDir Path tmp;

  @Test
  void aLockWhosePidCannotBeWrittenIsLetGoOf() throws Exception {
    Path state = Files.createDirectories(tmp.resolve("state"));
    Tools.mountTmpfs(state, "4k"); // one page
    try {
      Path filler = state.resolve("filler");
      fill(filler);
      IOException full = assertThrows(IOException.class, () -> StateLock.take(state));
      assertEquals(
          "",
          Files.readString(state.resolve(StateLock.FILE), StandardCharsets.US_ASCII),
          "nothing was written: " + full);

      Files.delete(filler); // room again
      StateLock lock = StateLock.take(state);
      assertEquals(
          ProcessHandle.current().pid() + "\n",
          Files.readString(state.resolve(StateLock.FILE), StandardCharsets.US_ASCII));
      lock.release();
    } finally {
      Tools.unmount(state);
    }
  }

  /** Writes until the file system is full. */
  private static void fill(Path file) throws IOException {
    byte[] page = new byte[1024];
    try (var out = Files.newOutputStream(file)) {
      for (int i = 0; i < 64; i++) {
        out.write(page);
        out.flush();
      }
    } catch (IOException expected) {
      return; // no space left: full
    }
    throw new IllegalStateException("a 4 KB tmpfs took 64 KB");
  }
}
