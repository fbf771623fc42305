package io.hotshrink.daemon;

import io.hotshrink.cluster.Claim;
import io.hotshrink.cluster.ClaimStore;
import io.hotshrink.cluster.Outcome;
import io.hotshrink.cluster.Result;
import io.hotshrink.input.Source;
import io.hotshrink.publish.Fence;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed input's {@link Fence}: each step of the job's end that another host could also take
 * is first recorded in, or checked against, the claim database, with the claim's epoch. A database
 * that cannot be asked counts as a "no": the work is discarded and the claim given back, so that
 * the input is done again (by any host) rather than twice.
 */
final class ClaimFence implements Fence {
  private static final Logger log = LoggerFactory.getLogger(ClusterRuntime.class);

  private final ClaimStore store;
  private final Claim claim;
  private volatile boolean committed;
  private volatile boolean ended;

  ClaimFence(ClaimStore store, Claim claim) {
    this.store = store;
    this.claim = claim;
    this.committed = claim.task() != Claim.Task.PROCESS;
  }

  Claim claim() {
    return claim;
  }

  /** True once the result is in the database (by this claim, or before it for a disposal). */
  boolean committed() {
    return committed;
  }

  /** True once the database knows the input as finished. */
  boolean ended() {
    return ended;
  }

  @Override
  public boolean mayPublish(Source src) {
    return ask("confirm", () -> store.confirm(claim));
  }

  @Override
  public boolean published(Source src) {
    return commit(Result.PUBLISHED, null);
  }

  @Override
  public boolean failing(Source src, String reason) {
    return commit(Result.FAILED, reason);
  }

  private boolean commit(Result result, String reason) {
    if (claim.task() != Claim.Task.PROCESS) {
      // committed by an earlier holder: this claim only finishes the disposition
      return ask("confirm", () -> store.confirm(claim));
    }
    boolean ok = ask("commit", () -> store.commit(claim, result, reason) == Outcome.COMMITTED);
    committed = ok;
    return ok;
  }

  @Override
  public void ended(Source src) {
    try {
      if (store.done(claim) == Outcome.COMMITTED) {
        ended = true;
      }
    } catch (RuntimeException e) {
      // The row stays committed: once the lease runs out, a host claims it for the disposition
      // alone, finds the source already dealt with, and finishes it.
      log.warn("{}: finished, but the claim database cannot record it: {}", where(), e.toString());
      giveBack();
    }
  }

  /** Gives the claim back to the cluster (best effort: otherwise its lease runs out). */
  void giveBack() {
    try {
      store.release(List.of(claim));
    } catch (RuntimeException e) {
      log.debug("{}: cannot give the claim back: {}", where(), e.toString());
    }
  }

  /** The input version is gone or was replaced before it was processed: its row goes. */
  void drop() {
    try {
      store.drop(claim);
    } catch (RuntimeException e) {
      log.debug("{}: cannot drop the claim: {}", where(), e.toString());
      giveBack();
    }
  }

  private boolean ask(String what, BooleanSupplier call) {
    try {
      return call.getAsBoolean();
    } catch (RuntimeException e) {
      log.warn(
          "{}: the claim database cannot be asked ({}): this host's work on it is discarded, to"
              + " be done again: {}",
          where(),
          what,
          e.toString());
      return false;
    }
  }

  private String where() {
    return claim.folder() + "/" + claim.input().path() + " (epoch " + claim.epoch() + ")";
  }
}
