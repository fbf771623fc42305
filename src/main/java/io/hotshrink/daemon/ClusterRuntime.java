package io.hotshrink.daemon;

import io.hotshrink.Threads;
import io.hotshrink.cluster.Claim;
import io.hotshrink.cluster.ClaimStore;
import io.hotshrink.cluster.ClusterException;
import io.hotshrink.cluster.ClusterListener;
import io.hotshrink.cluster.ClusterSettings;
import io.hotshrink.cluster.ClusterStatus;
import io.hotshrink.cluster.ClusterUnavailableException;
import io.hotshrink.input.Source;
import io.hotshrink.job.Pipeline;
import io.hotshrink.metrics.ClusterView;
import io.hotshrink.publish.OutputLayout;
import io.hotshrink.watch.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode in the daemon (several hosts on one shared hot folder, {@code cluster.store =
 * postgres}): a settled file is not run here but offered to the claim database; one thread ({@code
 * hotshrink-cluster}) sends the offers, claims as many inputs as this host's pool can work on, and
 * runs each claimed one on its folder's pipeline behind a {@link ClaimFence}. Whichever host claims
 * an input runs it; the database's epochs keep a host that lost its claim from publishing or
 * touching the source.
 *
 * <p>Its life: {@link #start} (joins the cluster: the schema migrated, the node registered, its
 * leases renewed), {@link #stopClaiming} when the daemon stops (jobs in flight finish and commit),
 * then {@link #close} (the claims still held are given back).
 */
final class ClusterRuntime implements ClusterListener {
  private static final Logger log = LoggerFactory.getLogger(ClusterRuntime.class);

  /** How often an idle host asks for work, and how often the status is read for the metrics. */
  private static final Duration POLL = Duration.ofMillis(500);

  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);

  private final ClaimStore store;
  private final Function<String, FolderRuntime> route;
  private final Supplier<List<String>> folders;
  private final IntSupplier room;
  private final Supplier<Monitoring> monitoring;
  private final Consumer<String> fatal;
  private final ClusterOffers offers = new ClusterOffers();
  private final ClaimedJobs jobs;
  private final AtomicReference<ClusterStatus> status = new AtomicReference<>();
  private final OutageLog outage = new OutageLog(System::nanoTime);
  private final Thread thread;
  private volatile boolean claiming = true;
  private volatile boolean stopped;
  private volatile boolean joined;
  private long statusRead;

  private ClusterRuntime(Builder b) {
    // the store tells this runtime of its renewals (abandon, lost), but not before start()
    // registered with the mark of this process's temp files: see Upkeep's sweep
    this.store = ClaimStore.open(b.settings, this, System::nanoTime, OutputLayout.run());
    this.route = b.route;
    this.folders = b.folders;
    this.room = b.room;
    this.monitoring = b.monitoring;
    this.fatal = b.fatal;
    this.jobs = new ClaimedJobs(store, route, offers, this::wake);
    this.thread = Threads.named("hotshrink-cluster").newThread(this::loop);
  }

  static Builder builder() {
    return new Builder();
  }

  /** Joins the cluster (may wait out the lease of this node's previous, crashed run) and starts. */
  void start() {
    try {
      store.start();
      joined = true;
    } catch (ClusterUnavailableException e) {
      // A database that is away at start is one that is away later: watch, offer nothing yet, and
      // join once it answers (a wrong password or URL, which waiting does not cure, fails the
      // start)
      log.warn("{}: joining the cluster once it answers", e.getMessage());
    }
    thread.start();
  }

  /**
   * The runs of the daemons alive on every host: whose temp files in the shared folders to spare.
   */
  Set<String> liveRuns() {
    return store.liveRuns();
  }

  /** For the metrics and {@code /health}: the status last read, or null before the first. */
  ClusterView view() {
    ClusterStatus st = status.get();
    if (st == null) {
      return null;
    }
    List<ClusterView.Node> nodes = new ArrayList<>();
    for (ClusterStatus.Node n : st.nodes()) {
      nodes.add(
          new ClusterView.Node(n.name(), n.alive(), n.claimsHeld(), n.takeovers(), n.fenced()));
    }
    List<ClusterView.Folder> folders = new ArrayList<>();
    for (ClusterStatus.Folder f : st.folders()) {
      folders.add(
          new ClusterView.Folder(
              f.folder(),
              f.ready(),
              f.claimed(),
              f.committed(),
              f.published(),
              f.failed(),
              f.expired()));
    }
    String contact = store.standing().name().toLowerCase(Locale.ROOT);
    return new ClusterView(store.settings().node(), contact, jobs.size(), nodes, folders);
  }

  /** True when nothing settled waits to be offered and this host works on no claim. */
  boolean idle() {
    return jobs.size() == 0 && offers.isEmpty();
  }

  // ---- files from the watchers -----------------------------------------------------------------

  /**
   * A settled file of {@code folder}: offered to the cluster, unless this host holds its claim
   * already (a retry of its job comes back this way), which then runs again.
   */
  CompletableFuture<Pipeline.Outcome> settled(String folder, Source src) {
    CompletableFuture<Pipeline.Outcome> retried = jobs.retry(folder, src);
    if (retried != null) {
      return retried;
    }
    offers.add(folder, src);
    monitoring.get().dropped(folder, src); // not waiting here: any host may take it
    wake();
    return CompletableFuture.completedFuture(Pipeline.Outcome.GONE);
  }

  /**
   * A file the watcher refused (not a JPEG, never ended): offered too, so that exactly one host
   * moves it aside; the reason is remembered for when this host claims it.
   */
  void refused(String folder, Source src, Refusal reason) {
    jobs.refused(folder, src, reason);
    offers.add(folder, src);
    monitoring.get().dropped(folder, src);
    wake();
  }

  // ---- the thread ------------------------------------------------------------------------------

  private void loop() {
    long backoff = 0;
    while (!stopped) {
      try {
        if (backoff > 0) {
          pause(backoff);
        }
        if (!joined) {
          store.start();
          joined = true;
        }
        offers.send(store);
        forgetFinished();
        readStatus();
        jobs.dropVanished();
        int got = claiming ? claimSome() : 0;
        backoff = 0;
        outage
            .answered()
            .ifPresent(
                d -> log.info("the claim database answers again, after {} s", d.toSeconds()));
        if (got == 0) {
          pause(POLL.toMillis());
        }
      } catch (ClusterUnavailableException e) {
        backoff = Math.min(Math.max(backoff * 2, 500), 5_000);
        outage
            .failed(e.getMessage(), backoff)
            .ifPresent(l -> log.warn("the claim database: {}", l));
      } catch (ClusterException e) {
        if (!joined) {
          fatal.accept("cannot join the cluster: " + e.getMessage());
          return;
        }
        backoff = 5_000;
        log.error("the claim database: {} (again in {} ms)", e.getMessage(), backoff);
      } catch (RuntimeException e) {
        backoff = 5_000;
        log.error("cluster loop: unexpected error", e);
      }
    }
  }

  private int claimSome() {
    int free = room.getAsInt() - jobs.size();
    if (free <= 0) {
      return 0;
    }
    List<String> names = folders.get();
    List<Claim> claims = store.claim(names, Math.min(free, store.settings().claimBatch()));
    claims.forEach(jobs::start);
    return claims.size();
  }

  /**
   * Rows of inputs that have left the hot folder go: the table would otherwise grow forever. Rows
   * of inputs that stay ({@code after-success = keep}) are what keeps the cluster from doing them
   * again, and stay.
   */
  private void forgetFinished() {
    offers.sendForgets(store);
  }

  private void readStatus() {
    long now = System.nanoTime();
    if (status.get() == null || now - statusRead > STATUS_EVERY.toNanos()) {
      statusRead = now;
      status.set(store.status());
    }
  }

  private synchronized void pause(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  private synchronized void wake() {
    notifyAll();
  }

  // ---- what the store hears --------------------------------------------------------------------

  @Override
  public void abandon(List<Claim> claims, Duration silentFor) {
    log.error(
        "no contact with the claim database for {} s: {} claims abandoned (their work is"
            + " discarded, other hosts take them over); no new claims until contact returns",
        silentFor.toSeconds(),
        claims.size());
    jobs.forget(claims);
  }

  @Override
  public void resumed() {
    log.info("contact with the claim database is back: claiming again");
    wake();
  }

  @Override
  public void lost(List<Claim> claims) {
    log.warn(
        "{} claims were taken over by other hosts while this one was silent: their work here is"
            + " discarded",
        claims.size());
    jobs.forget(claims);
  }

  // ---- stop ------------------------------------------------------------------------------------

  /** No more claims; offers already made stay in the database for the other hosts. */
  void stopClaiming() {
    claiming = false;
    wake();
  }

  /** After the pool has stopped: the thread ends, claims still held are given back. */
  void close() {
    stopped = true;
    wake();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (joined) {
      try {
        offers.send(store); // what settled last: the other hosts do it
      } catch (RuntimeException e) {
        log.debug("last offers not sent: {}", e.toString());
      }
    }
    store.close();
  }

  /** What the daemon gives its cluster runtime, all required. */
  static final class Builder {
    private ClusterSettings settings;
    private Function<String, FolderRuntime> route;
    private Supplier<List<String>> folders;
    private IntSupplier room;
    private Supplier<Monitoring> monitoring;
    private Consumer<String> fatal;

    private Builder() {}

    /** Told when this host cannot join the cluster for a reason waiting does not cure. */
    Builder fatal(Consumer<String> fatal) {
      this.fatal = fatal;
      return this;
    }

    /** How to reach the claim database, and this node's name and lease. */
    Builder settings(ClusterSettings settings) {
      this.settings = settings;
      return this;
    }

    /** The folder of a name, or null when this host does not serve it (any more). */
    Builder route(Function<String, FolderRuntime> route) {
      this.route = route;
      return this;
    }

    /** The names of the folders this host serves now. */
    Builder folders(Supplier<List<String>> folders) {
      this.folders = folders;
      return this;
    }

    /** How many claims this host may work on at once (its pool's slots, and some waiting). */
    Builder room(IntSupplier room) {
      this.room = room;
      return this;
    }

    /** The daemon's monitoring (made after this runtime, hence a supplier). */
    Builder monitoring(Supplier<Monitoring> monitoring) {
      this.monitoring = monitoring;
      return this;
    }

    ClusterRuntime build() {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(folders, "folders");
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(monitoring, "monitoring");
      Objects.requireNonNull(fatal, "fatal");
      return new ClusterRuntime(this);
    }
  }
}
