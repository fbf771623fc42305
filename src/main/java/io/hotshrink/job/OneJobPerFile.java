package io.hotshrink.job;

import io.hotshrink.input.Source;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one job per input file at a time. A file rewritten while its job runs settles again and
 * comes back as a new version; that version waits for the running job and then runs, so its output
 * is published last and replaces whatever the older job left. Only the newest waiting version is
 * kept: older ones would be replaced anyway.
 */
public final class OneJobPerFile {
  private static final Logger log = LoggerFactory.getLogger(OneJobPerFile.class);

  private final Function<Source, CompletableFuture<?>> job;
  private final Consumer<Source> superseded;
  private final Set<Path> running = new HashSet<>();
  private final Map<Path, Source> waiting = new HashMap<>();

  /**
   * @param superseded told about each waiting version dropped for a newer one (it never runs)
   */
  public OneJobPerFile(Function<Source, CompletableFuture<?>> job, Consumer<Source> superseded) {
    this.job = job;
    this.superseded = superseded;
  }

  public void submit(Source src) {
    Source dropped;
    synchronized (this) {
      if (running.add(src.path())) {
        dropped = null;
      } else {
        dropped = waiting.put(src.path(), src);
        log.debug("{} changed while its job runs: it runs again afterwards", src.relative());
        if (dropped == null) {
          return;
        }
      }
    }
    if (dropped != null) {
      superseded.accept(dropped);
      return;
    }
    start(src);
  }

  /** Files with a job running now (or about to run again). */
  public synchronized int active() {
    return running.size();
  }

  private void start(Source src) {
    CompletableFuture<?> f;
    try {
      f = job.apply(src);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((ok, e) -> done(src.path()));
  }

  private void done(Path path) {
    Source next;
    synchronized (this) {
      next = waiting.remove(path);
      if (next == null) {
        running.remove(path);
      }
    }
    if (next != null) {
      start(next);
    }
  }
}
