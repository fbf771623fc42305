package io.hotshrink.publish;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moving files so that a crash or a power cut at any moment leaves one whole copy. */
final class Moves {
  private static final Logger log = LoggerFactory.getLogger(Moves.class);
  private static final AtomicLong ids = new AtomicLong();

  private Moves() {}

  /**
   * Moves {@code source} to {@code target} and forces both folders to disk. Within one file system
   * that is one rename. Across file systems: copy to a hidden temp file beside the target, force
   * it, rename it into place, force the folder, and only then delete the source, so there is never
   * a moment with no whole copy (a crash in between leaves two, which callers recognise by size and
   * time).
   */
  static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Path tmp =
          target.resolveSibling(
              OutputLayout.tempName(
                  target.getFileName().toString(), 1_000_000_000L + ids.incrementAndGet()));
      try {
        Files.copy(source, tmp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      forceFolder(target.getParent());
      Files.delete(source);
    }
    forceFolder(target.getParent());
    forceFolder(source.getParent());
  }

  /**
   * {@code target} if {@code usable} accepts it, else {@code name (2).ext}, {@code name (3).ext},
   * ... the first one it accepts.
   */
  static Path firstUsable(Path target, Predicate<Path> usable) {
    if (usable.test(target)) {
      return target;
    }
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 2; ; i++) {
      Path p = target.resolveSibling(stem + " (" + i + ")" + ext);
      if (usable.test(p)) {
        return p;
      }
    }
  }

  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  static void forceFolder(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every platform can open a folder (Windows cannot); the rename itself still happened.
      log.trace("cannot fsync {}: {}", dir, e.toString());
    }
  }
}
