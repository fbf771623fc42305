package io.hotshrink.watch;

import io.hotshrink.input.Source;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a tree and reports every regular file with the stat the walk read anyway (no extra I/O, no
 * hashing of contents), so that rescanning a large hot folder stays cheap. Symbolic links are never
 * followed: a link could lead out of the hot folder (to /etc, say) or into a loop.
 *
 * <p>Public for one thing: {@link #scanOnce}, the one-off scan of {@code batch}.
 */
public final class TreeScanner {
  private static final Logger log = LoggerFactory.getLogger(TreeScanner.class);

  // The one-off scan's line about links keeps the logger name it has always had (HotFolder).
  private static final Logger watcherLog = LoggerFactory.getLogger(HotFolder.class);

  private TreeScanner() {}

  /**
   * What a walk found.
   *
   * @param files regular files reported
   * @param complete false when some folder could not be read: files missing from the walk may still
   *     exist
   */
  record Result(long files, boolean complete) {}

  /**
   * @param onLink told about each symbolic link met (never followed)
   * @throws IOException when {@code start} itself cannot be walked (gone, unreadable)
   */
  static Result scan(
      Path root, Path start, BiConsumer<Path, FileProbe.Stat> onFile, Consumer<Path> onLink)
      throws IOException {
    long[] count = {0};
    boolean[] complete = {true};
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
              onLink.accept(file);
            } else if (a.isRegularFile()) {
              count[0]++;
              onFile.accept(file, new FileProbe.Stat(a.size(), a.lastModifiedTime().toMillis()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (file.equals(start)) {
              // The whole tree is missing: say so, rather than report an empty tree (which would
              // make the caller forget every file it has handed on).
              throw e;
            }
            // Vanished during the walk: nothing lost. Unreadable: skip it, the next scan retries,
            // and the walk does not count as complete.
            if (!(e instanceof NoSuchFileException)) {
              complete[0] = false;
            }
            log.debug("cannot visit {}: {}", file, e.toString());
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              if (dir.equals(start)) {
                throw e;
              }
              complete[0] = false;
              log.debug("cannot list {}: {}", dir, e.toString());
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Result(count[0], complete[0]);
  }

  /**
   * Every JPEG under {@code root} as it is now, by the same rules as the watcher (hidden and
   * temporary names skipped, content must start like a JPEG), without waiting for anything to
   * settle. For one-off runs ({@code batch}).
   *
   * @param rejected told about each file named like a JPEG that is not one (or cannot be read),
   *     with the reason
   */
  public static void scanOnce(
      Path root, Consumer<Source> sink, BiConsumer<Source, Refusal> rejected) throws IOException {
    Path real = root.toRealPath();
    scan(
        real,
        real,
        (file, stat) -> {
          Path rel = real.relativize(file);
          if (NameFilter.ignored(rel)) {
            return;
          }
          Source src = new Source(file, rel, stat.size(), stat.mtimeMillis());
          try {
            if (FileProbe.DISK.startsLikeJpeg(file)) {
              sink.accept(src);
            } else if (NameFilter.jpegName(file.getFileName().toString())) {
              rejected.accept(src, ContentKind.notJpeg(FileProbe.DISK, file));
            }
          } catch (IOException e) {
            rejected.accept(src, new Refusal(Refusal.Kind.UNREADABLE, "cannot read: " + e));
          }
        },
        link ->
            watcherLog.info("ignored {}: symbolic links are not followed", real.relativize(link)));
  }
}
