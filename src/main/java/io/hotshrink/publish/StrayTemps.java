package io.hotshrink.publish;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temp files ({@code .x.jpg.<run>-<job>.hstmp}) that earlier runs left behind: a crash
 * or {@code kill -9} between a child writing its output and the parent renaming it. Those of the
 * running process are recognised by its run id and left alone, so this can run while jobs do.
 */
public final class StrayTemps {
  private static final Logger log = LoggerFactory.getLogger(StrayTemps.class);

  private StrayTemps() {}

  /**
   * Walks each folder (missing ones are skipped; links are not followed).
   *
   * @return how many files were removed
   */
  public static int remove(List<Path> roots) {
    return remove(roots, run -> false);
  }

  /**
   * As {@link #remove(List)}, sparing the temp files of runs {@code live} names: in cluster mode
   * the drop folder is shared, and the runs of the other hosts' daemons alive now are writing
   * theirs (the claim database knows them); those of runs that are not alive were left by a crash.
   */
  public static int remove(List<Path> roots, Predicate<String> live) {
    int[] removed = {0};
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                String name = file.getFileName().toString();
                if (a.isRegularFile()
                    && OutputLayout.isStray(name)
                    && !live.test(OutputLayout.runOf(name))) {
                  try {
                    Files.deleteIfExists(file);
                    removed[0]++;
                    log.debug("removed {}, left by an earlier run", file);
                  } catch (IOException e) {
                    log.warn("cannot remove {}, left by an earlier run: {}", file, e.toString());
                  }
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        log.warn("cannot look for leftover temp files in {}: {}", root, e.toString());
      }
    }
    if (removed[0] > 0) {
      log.info("removed {} temp files left by an earlier run", removed[0]);
    }
    return removed[0];
  }
}
