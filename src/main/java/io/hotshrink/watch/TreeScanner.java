package io.hotshrink.watch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a tree and reports every regular file with the stat the walk read anyway (no extra I/O, no
 * hashing of contents), so that rescanning a large hot folder stays cheap. Symbolic links are never
 * followed: a link could lead out of the hot folder (to /etc, say) or into a loop.
 */
final class TreeScanner {
  private static final Logger log = LoggerFactory.getLogger(TreeScanner.class);

  private TreeScanner() {}

  /**
   * @return the number of files reported
   */
  static long scan(Path root, Path start, BiConsumer<Path, FileProbe.Stat> onFile)
      throws IOException {
    long[] count = {0};
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && NameFilter.ignoredDirectory(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
            if (a.isSymbolicLink()) {
              log.info("ignored {}: symbolic links are not followed", root.relativize(file));
            } else if (a.isRegularFile()) {
              count[0]++;
              onFile.accept(file, new FileProbe.Stat(a.size(), a.lastModifiedTime().toMillis()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            // A file or folder that vanished or cannot be read: skip it, the next scan retries.
            log.debug("cannot visit {}: {}", file, e.toString());
            return FileVisitResult.CONTINUE;
          }
        });
    return count[0];
  }
}
