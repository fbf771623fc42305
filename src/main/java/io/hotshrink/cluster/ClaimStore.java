package io.hotshrink.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's claim authority: which host works on which input, kept in PostgreSQL so that, with
 * several hosts on one shared hot folder, every input still ends exactly once.
 *
 * <p>The life of an input version: {@link #offer} once it has settled (by any host, any number of
 * times) → {@link #claim} by one node (a lease, renewed in the background) → {@link #confirm} just
 * before the publisher's renames → {@link #commit} the result after them → {@link #confirm} again →
 * dispose of the source (archive, delete, move to failed) → {@link #done}. A claim of a committed
 * input whose holder died says so ({@link Claim#task}): only its disposition is left. Every call on
 * a claim is checked against its epoch in the database: a node that was paused past its lease finds
 * itself {@link Outcome#FENCED} and discards its work. A node that cannot reach the database for
 * lease − margin is told to {@link ClusterListener#abandon abandon} its in-flight work, and claims
 * nothing until it can. Unfinished claims go back with {@link #release}.
 *
 * <p>{@link #open} connects lazily; {@link #status} and {@link #init} need no {@link #start}.
 * Thread-safe: calls from several threads take turns on one connection.
 */
public final class ClaimStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaimStore.class);

  private final ClusterSettings settings;
  private final String run;
  private final Db work;
  private final Db control;
  private final Renewer renewer;
  private final Migrations migrations = new Migrations(Sql.MIGRATIONS);
  private volatile boolean started;
  private volatile boolean closed;

  private ClaimStore(
      ClusterSettings settings, ClusterListener listener, LongSupplier ticker, String run) {
    this.settings = Objects.requireNonNull(settings);
    this.run = Objects.requireNonNull(run);
    this.work = new Db(settings, "work");
    this.control = new Db(settings, "renewals");
    this.renewer = new Renewer(settings, control, listener, ticker);
  }

  /** A store that hears nothing of its renewals (for {@code status}, {@code db init}). */
  public static ClaimStore open(ClusterSettings settings) {
    return open(settings, ClusterListener.NONE, System::nanoTime);
  }

  /**
   * @param ticker this host's monotonic clock in nanoseconds ({@code System::nanoTime}), which
   *     times the renewal watchdog; lease expiry itself is always the database's time
   */
  public static ClaimStore open(
      ClusterSettings settings, ClusterListener listener, LongSupplier ticker) {
    return open(settings, listener, ticker, UUID.randomUUID().toString());
  }

  /**
   * As above, with this run's id as the node registers it: the daemon gives the mark its temp files
   * carry, so that any host can tell the temp files of a live run from those a crashed run left
   * ({@link #liveRuns}).
   */
  public static ClaimStore open(
      ClusterSettings settings, ClusterListener listener, LongSupplier ticker, String run) {
    return new ClaimStore(settings, listener, ticker, run);
  }

  /** The runs of the nodes alive now (heard from within their lease, not stopped). */
  public Set<String> liveRuns() {
    return work.call("reading the live runs", Queries::liveRuns);
  }

  public ClusterSettings settings() {
    return settings;
  }

  /** Creates or migrates the schema ({@code hotshrink db init}); returns its version. */
  public int init() {
    return migrations.migrate(work);
  }

  /**
   * Joins the cluster: migrates the schema, registers this node and starts renewing. If a daemon
   * that is still alive uses this node's name (a restart right after a crash: the old run's
   * heartbeat is still fresh), waits until it has been silent for its lease; fails if it is not.
   */
  public synchronized void start() {
    if (started) {
      return;
    }
    int version = init();
    renewer.join(run);
    started = true;
    log.info(
        "joined the cluster as '{}' at {} (schema version {}, lease {} s)",
        settings.node(),
        settings.server(),
        version,
        settings.lease().toSeconds());
  }

  /**
   * Records settled input versions of {@code folder} (a rescan may offer thousands at once; any
   * host may offer the same ones). Returns how many were new.
   */
  public int offer(String folder, Collection<InputVersion> inputs) {
    Objects.requireNonNull(folder, "folder");
    List<InputVersion> list = List.copyOf(inputs);
    if (list.isEmpty()) {
      return 0;
    }
    return work.call("offering inputs", c -> Queries.offer(c, folder, list));
  }

  /** Claims up to the settings' claim batch; see {@link #claim(Collection, int)}. */
  public List<Claim> claim(Collection<String> folders) {
    return claim(folders, settings.claimBatch());
  }

  /**
   * Claims up to {@code max} inputs of {@code folders}, oldest first: new ones, and those whose
   * holder's lease ran out (a takeover: {@link Claim#takenOverFrom}, counted). Never waits for rows
   * other nodes are claiming. Throws {@link ClusterUnavailableException} while the node is
   * abandoned.
   */
  public List<Claim> claim(Collection<String> folders, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: at least 1, got " + max);
    }
    if (!started || closed) {
      throw new IllegalStateException("the node has not joined the cluster (start()) or has left");
    }
    if (renewer.standing() == Standing.ABANDONED) {
      throw new ClusterUnavailableException(
          "not claiming: leases could not be renewed for too long (waiting for PostgreSQL)");
    }
    String node = settings.node();
    long leaseMs = settings.lease().toMillis();
    Set<String> names = Set.copyOf(folders);
    // a claim whose answer is lost (the connection broke after the server ran it) is not known
    // here: its rows are not renewed and are taken over once their leases run out
    List<Claim> claims =
        work.call("claiming inputs", c -> Queries.claim(c, names, max, node, leaseMs));
    if (!renewer.claims().hold(claims)) {
      throw new ClusterUnavailableException("not claiming: the node abandoned its work meanwhile");
    }
    for (Claim c : claims) {
      if (c.isTakeover()) {
        log.info(
            "took over {}/{} (epoch {}) from '{}', whose lease had run out",
            c.folder(),
            c.input().path(),
            c.epoch(),
            c.takenOverFrom());
      }
    }
    return claims;
  }

  /**
   * The fence check, just before the publisher's renames and again before the source's disposition:
   * true if the claim still holds (its epoch is the row's and its lease has not run out by the
   * database's clock), and then its lease is renewed for a full lease from now. False: discard the
   * work, touch nothing — the input was taken over (counted as fenced), or this node abandoned the
   * claim.
   */
  public boolean confirm(Claim claim) {
    if (abandoned(claim)) {
      return false;
    }
    long leaseMs = settings.lease().toMillis();
    Outcome o =
        work.call("confirming a claim", c -> Queries.confirm(c, claim, settings.node(), leaseMs));
    return settled(claim, o) == Outcome.COMMITTED;
  }

  /**
   * Records how a {@link Claim.Task#PROCESS} claim ended, after the renames (published) or once the
   * failure is decided; the lease is renewed for the source's disposition, which may follow only on
   * {@link Outcome#COMMITTED}. Safe to repeat after an exception.
   *
   * @param reason why it failed (kept for a node that finishes the disposition), or null
   */
  public Outcome commit(Claim claim, Result result, String reason) {
    if (claim.task() != Claim.Task.PROCESS) {
      throw new IllegalStateException(
          "the result of " + claim.input().path() + " is already committed: " + claim.task());
    }
    if (abandoned(claim)) {
      return Outcome.FENCED;
    }
    long leaseMs = settings.lease().toMillis();
    Outcome o =
        work.call(
            "committing a result",
            c -> Queries.commit(c, claim, settings.node(), leaseMs, result, reason));
    return settled(claim, o);
  }

  /** Records that the source's disposition is done: the input is finished. Safe to repeat. */
  public Outcome done(Claim claim) {
    Outcome o = work.call("finishing an input", c -> Queries.done(c, claim, settings.node()));
    renewer.claims().drop(claim);
    return o == Outcome.FENCED ? settled(claim, o) : o;
  }

  /**
   * Gives up a {@link Claim.Task#PROCESS} claim whose input version is gone from the hot folder or
   * was replaced before it was processed: its row goes (the new version has its own). Safe to
   * repeat.
   */
  public Outcome drop(Claim claim) {
    if (abandoned(claim)) {
      return Outcome.FENCED;
    }
    Outcome o = work.call("dropping an input", c -> Queries.drop(c, claim, settings.node()));
    renewer.claims().drop(claim);
    return settled(claim, o);
  }

  /**
   * True for a claim this node no longer holds (abandoned when the database was away, found taken
   * over, released): refused here, without asking the database, since the daemon was told to drop
   * that work and the claim may be given back to the cluster at any moment.
   */
  private boolean abandoned(Claim claim) {
    if (renewer.claims().holds(claim)) {
      return false;
    }
    log.info(
        "{}/{} (epoch {}): this node gave the claim up; the work is discarded",
        claim.folder(),
        claim.input().path(),
        claim.epoch());
    return true;
  }

  private Outcome settled(Claim claim, Outcome o) {
    if (o == Outcome.FENCED) {
      renewer.claims().drop(claim);
      log.warn(
          "{}/{} (epoch {}) was taken over by another node: this node's work on it is discarded",
          claim.folder(),
          claim.input().path(),
          claim.epoch());
    }
    return o;
  }

  /**
   * Gives claims back unfinished (a job given up, the daemon stopping): any node may claim them at
   * once. A committed input stays committed, for its disposition. They are no longer renewed either
   * way: if this throws, their leases run out and they are taken over.
   */
  public void release(Collection<Claim> claims) {
    List<Claim> list = List.copyOf(claims);
    if (list.isEmpty()) {
      return;
    }
    list.forEach(renewer.claims()::drop);
    work.call("releasing claims", c -> Queries.release(c, list, settings.node()));
  }

  /**
   * Forgets finished inputs of {@code folder} at these paths (they have left the hot folder), so
   * that the table does not grow forever. Returns how many rows went.
   */
  public int forget(String folder, Collection<String> paths) {
    List<String> list = List.copyOf(paths);
    return list.isEmpty()
        ? 0
        : work.call("forgetting inputs", c -> Queries.forget(c, folder, list));
  }

  /** Nodes, their claims, takeovers and fenced results, and counts per folder, from any host. */
  public ClusterStatus status() {
    return work.call("reading the cluster status", Queries::status);
  }

  /** This node's contact with the database. */
  public Standing standing() {
    return started && !closed ? renewer.standing() : Standing.IDLE;
  }

  /** The claims this node holds and renews. */
  public List<Claim> held() {
    return renewer.claims().snapshot();
  }

  /**
   * Leaves the cluster: stops renewing, releases the claims still held (so that other nodes take
   * them without waiting for their leases) and marks the node stopped. Best effort: with the
   * database away, the leases simply run out.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (started) {
      renewer.leave(run);
    }
    control.close();
    work.close();
  }

  /** Stops renewing without a word to the database, as a paused or killed node would (tests). */
  void haltRenewals() {
    renewer.halt();
  }
}
