package io.hotshrink.daemon;

import io.hotshrink.cluster.Claim;
import io.hotshrink.cluster.ClaimStore;
import io.hotshrink.cluster.InputVersion;
import io.hotshrink.input.Source;
import io.hotshrink.job.Pipeline;
import io.hotshrink.watch.Refusal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: the claims this host works on, each run on its folder's pipeline behind its {@link
 * ClaimFence}, and what each job's end means for its row (finished, dropped, given back, or kept
 * for a retry). {@link ClusterRuntime} claims; this runs.
 */
final class ClaimedJobs {
  private static final Logger log = LoggerFactory.getLogger(ClusterRuntime.class);

  private final ClaimStore store;
  private final Function<String, FolderRuntime> route;
  private final ClusterOffers offers;
  private final Runnable wake;
  // Running, or waiting for a retry (which comes back through retry()).
  private final Map<FolderInput, Working> working = new ConcurrentHashMap<>();
  private final RefusedHere refused = new RefusedHere(10_000);

  /**
   * @param route the folder of a name, or null when this host does not serve it (any more)
   * @param offers where finished inputs that left the hot folder are queued to be forgotten
   * @param wake tells the claiming thread that room was made
   */
  ClaimedJobs(
      ClaimStore store,
      Function<String, FolderRuntime> route,
      ClusterOffers offers,
      Runnable wake) {
    this.store = store;
    this.route = route;
    this.offers = offers;
    this.wake = wake;
  }

  /** Claims this host works on now. */
  int size() {
    return working.size();
  }

  /**
   * The retry of a job whose claim this host keeps, run again now; null when {@code src} is no such
   * job (then it is a file to offer).
   */
  CompletableFuture<Pipeline.Outcome> retry(String folder, Source src) {
    Working w = working.get(new FolderInput(folder, src.key()));
    return w != null && w.idle() ? run(w) : null;
  }

  /** Why this host's watcher refused a version, for when this host claims it. */
  void refused(String folder, Source src, Refusal reason) {
    refused.put(folder, src.key(), reason);
  }

  /** Starts the job a fresh claim asks for (or drops it at once if its version is gone). */
  void start(Claim c) {
    FolderRuntime f = route.apply(c.folder());
    ClaimFence fence = new ClaimFence(store, c);
    if (f == null) {
      fence.giveBack(); // a folder this host no longer serves (a reload removed it)
      return;
    }
    InputVersion v = c.input();
    Source src =
        new Source(
            f.settings().input().resolve(v.path()), Path.of(v.path()), v.size(), v.mtimeMillis());
    if (c.task() == Claim.Task.PROCESS && Pipeline.changedOnDisk(src)) {
      log.debug("{}/{}: gone or replaced before it was claimed", c.folder(), v.path());
      fence.drop();
      return;
    }
    Working w = new Working(f.name(), src, fence);
    working.put(w.key(), w);
    run(w);
  }

  private CompletableFuture<Pipeline.Outcome> run(Working w) {
    w.running = true;
    FolderRuntime f = route.apply(w.folder);
    CompletableFuture<Pipeline.Outcome> job;
    if (f == null) {
      job = CompletableFuture.completedFuture(Pipeline.Outcome.ABANDONED);
    } else {
      Claim c = w.fence.claim();
      job =
          switch (c.task()) {
            case PROCESS -> {
              Refusal r = refused.get(w.folder, w.src.key());
              yield r != null ? f.refuse(w.src, r, w.fence) : f.process(w.src, w.fence);
            }
            case DISPOSE_PUBLISHED -> f.dispose(w.src, w.fence);
            case DISPOSE_FAILED -> f.failedElsewhere(w.src, c.reason(), w.fence);
          };
    }
    return job.whenComplete((o, e) -> ended(w, e == null ? o : Pipeline.Outcome.ABANDONED));
  }

  private void ended(Working w, Pipeline.Outcome o) {
    w.running = false;
    ClaimFence fence = w.fence;
    switch (o) {
      case RETRY -> {
        return; // the claim is kept (and renewed) for the retry, which comes back by retry()
      }
      case GONE, CHANGED -> finishOrDrop(w);
      case ABANDONED, FENCED -> {
        if (!fence.ended()) {
          fence.giveBack();
        }
      }
      default -> {
        if (!fence.ended()) {
          fence.giveBack();
        } else if (leftTheFolder(w, o)) {
          offers.forgetLater(w.folder, w.src);
        }
      }
    }
    working.remove(w.key());
    refused.remove(w.folder, w.src.key());
    wake.run();
  }

  /**
   * Once committed, the result stands (the source is someone else's business now); else it goes.
   */
  private static void finishOrDrop(Working w) {
    if (w.fence.committed()) {
      w.fence.ended(w.src);
    } else {
      w.fence.drop();
    }
  }

  /** True when the input has left the hot folder (moved aside, archived or deleted). */
  private boolean leftTheFolder(Working w, Pipeline.Outcome o) {
    if (o == Pipeline.Outcome.FAILED) {
      return true;
    }
    FolderRuntime f = route.apply(w.folder);
    return f != null && !f.keepsSources();
  }

  /** A claim kept for a retry whose input went or changed meanwhile: its row goes. */
  void dropVanished() {
    for (Working w : working.values()) {
      if (w.idle() && Pipeline.changedOnDisk(w.src) && working.remove(w.key(), w)) {
        finishOrDrop(w);
      }
    }
  }

  /**
   * Claims the store gave up (abandoned, or taken over): those waiting for a retry are forgotten
   * now; running ones end as fenced, their next question to the store being refused.
   */
  void forget(List<Claim> claims) {
    for (Claim c : claims) {
      working.values().removeIf(w -> w.idle() && w.fence.claim().id() == c.id());
    }
    wake.run();
  }

  /** A claim this host works on. */
  private static final class Working {
    final String folder;
    final Source src;
    final ClaimFence fence;
    volatile boolean running;

    Working(String folder, Source src, ClaimFence fence) {
      this.folder = folder;
      this.src = src;
      this.fence = fence;
    }

    FolderInput key() {
      return new FolderInput(folder, src.key());
    }

    boolean idle() {
      return !running;
    }
  }
}
