package io.hotshrink.job;

import io.hotshrink.input.Source;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one job per input file at a time. A file rewritten while its job runs settles again and
 * comes back as a new version; that version waits for the running job and then runs, so its output
 * is published last and replaces whatever the older job left. Only the newest waiting version is
 * kept: older ones would be replaced anyway.
 *
 * <p>Files are told apart by their hot folder's name and their path: one gate serves every folder
 * of the daemon, and two folders never share a job even if a reload points one at the other's input
 * while the old jobs still run.
 */
public final class OneJobPerFile {
  private static final Logger log = LoggerFactory.getLogger(OneJobPerFile.class);

  private record Key(String folder, Path path) {}

  private final BiFunction<String, Source, CompletableFuture<?>> job;
  private final BiConsumer<String, Source> superseded;
  private final Set<Key> running = new HashSet<>();
  private final Map<Key, Source> waiting = new HashMap<>();

  /**
   * One gate for the jobs of several hot folders.
   *
   * @param job runs the job of a file of the named folder
   * @param superseded told about each waiting version dropped for a newer one (it never runs)
   */
  public OneJobPerFile(
      BiFunction<String, Source, CompletableFuture<?>> job, BiConsumer<String, Source> superseded) {
    this.job = job;
    this.superseded = superseded;
  }

  /** A gate for one folder's jobs (its name is ""). */
  public OneJobPerFile(Function<Source, CompletableFuture<?>> job, Consumer<Source> superseded) {
    this((folder, src) -> job.apply(src), (folder, src) -> superseded.accept(src));
  }

  /** As {@link #submit(String, Source)} in the folder named "". */
  public void submit(Source src) {
    submit("", src);
  }

  /** Runs {@code src}'s job now, or after the job of its file in {@code folder} that runs. */
  public void submit(String folder, Source src) {
    Key key = new Key(folder, src.path());
    Source dropped;
    synchronized (this) {
      if (running.add(key)) {
        dropped = null;
      } else {
        dropped = waiting.put(key, src);
        log.debug("{} changed while its job runs: it runs again afterwards", src.relative());
        if (dropped == null) {
          return;
        }
      }
    }
    if (dropped != null) {
      superseded.accept(folder, dropped);
      return;
    }
    start(key, src);
  }

  /** Files with a job running now (or about to run again). */
  public synchronized int active() {
    return running.size();
  }

  private void start(Key key, Source src) {
    CompletableFuture<?> f;
    try {
      f = job.apply(key.folder(), src);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((ok, e) -> done(key));
  }

  private void done(Key key) {
    Source next;
    synchronized (this) {
      next = waiting.remove(key);
      if (next == null) {
        running.remove(key);
      }
    }
    if (next != null) {
      start(key, next);
    }
  }
}
