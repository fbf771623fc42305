package io.hotshrink.job;

import io.hotshrink.input.Source;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries put-off jobs again with exponential backoff: 1 s, 2 s, 4 s, ... at most {@code
 * retry.max-delay} apart, for as long as it takes (an output disk may be full for hours). The
 * source stays where it is meanwhile. Before each attempt the input is looked at again: one that is
 * gone, or is another version now, is dropped here (the watcher hands on the new version).
 *
 * <p>The log tells the story once per episode, not once per attempt: a warning when the first job
 * is put off, a reminder every {@value #REMINDER_MINUTES} minutes while any is waiting, and a line
 * when the last one is through. A disk that fills up under a flood of photos makes three lines, not
 * thousands.
 */
public final class RetryScheduler implements Retries {
  private static final Logger log = LoggerFactory.getLogger(RetryScheduler.class);

  static final long FIRST_DELAY_MILLIS = 1000;
  static final long REMINDER_MINUTES = 10;

  /** Runs a task after a delay (the daemon's housekeeping thread; a fake in tests). */
  public interface Timer {
    void schedule(Runnable task, long delayMillis);
  }

  private static final class Waiting {
    int attempts;
    String why;
  }

  private final Clock clock;
  private final Timer timer;
  private final Consumer<Source> resubmit;
  private final Predicate<Source> sameVersionThere;
  private volatile Duration maxDelay;

  private final Map<Path, Waiting> waiting = new HashMap<>();
  private long episodeSince = -1;
  private long lastReminder;
  private int episodeInputs;
  private boolean closed;

  private RetryScheduler(Builder b) {
    this.maxDelay = b.maxDelay;
    this.clock = b.clock;
    this.timer = b.timer;
    this.resubmit = b.resubmit;
    this.sameVersionThere = b.sameVersionThere;
  }

  /** Max delay, timer and resubmit must be given; see {@link Builder} for the rest. */
  public static Builder builder() {
    return new Builder();
  }

  /** A reload may change {@code retry.max-delay}: it applies from the next attempt on. */
  public void maxDelay(Duration d) {
    this.maxDelay = d;
  }

  @Override
  public void later(Source src, String why, Consumer<Source> again) {
    Consumer<Source> next = again == null ? resubmit : again;
    long delay;
    synchronized (this) {
      if (closed) {
        return; // shutting down: the next start picks the input up
      }
      long now = clock.millis();
      Waiting w = waiting.get(src.path());
      if (w == null) {
        w = new Waiting();
        waiting.put(src.path(), w);
        episodeInputs++;
      }
      w.attempts++;
      w.why = why;
      delay = delay(w.attempts);
      if (episodeSince < 0) {
        episodeSince = now;
        lastReminder = now;
        log.warn(
            "{}: {}. Trying again with growing pauses (1 s, 2 s, 4 s, ... at most {} s); the"
                + " source stays where it is. Until every such job is through, this is not"
                + " logged again for each file (a reminder every {} minutes)",
            src.relative(),
            why,
            maxDelay.toSeconds(),
            REMINDER_MINUTES);
      } else if (now - lastReminder >= Duration.ofMinutes(REMINDER_MINUTES).toMillis()) {
        lastReminder = now;
        log.warn(
            "still trying again: {} inputs waiting, the first for {} s; the latest: {}: {}",
            waiting.size(),
            (now - episodeSince) / 1000,
            src.relative(),
            why);
      } else {
        log.debug("{}: {} (attempt {}, next in {} ms)", src.relative(), why, w.attempts, delay);
      }
    }
    timer.schedule(() -> attempt(src, next), delay);
  }

  /** The pause after the n-th failed attempt: 1 s doubling, at most {@code retry.max-delay}. */
  long delay(int attempts) {
    long max = Math.max(1, maxDelay.toMillis());
    long d = FIRST_DELAY_MILLIS << Math.min(attempts - 1, 30);
    return Math.min(d, max);
  }

  private void attempt(Source src, Consumer<Source> again) {
    synchronized (this) {
      if (closed || !waiting.containsKey(src.path())) {
        return;
      }
    }
    if (!sameVersionThere.test(src)) {
      log.debug("{} is gone or changed while it waited to be tried again", src.relative());
      done(src);
      return;
    }
    try {
      again.accept(src);
    } catch (RuntimeException e) {
      log.error("{}: trying it again failed", src.relative(), e);
      later(src, e.toString(), again);
    }
  }

  @Override
  public synchronized int attempts(Source src) {
    Waiting w = waiting.get(src.path());
    return w == null ? 0 : w.attempts;
  }

  /** The input's job ended some other way than being put off (or it went away). */
  public synchronized void done(Source src) {
    if (waiting.remove(src.path()) == null || !waiting.isEmpty() || episodeSince < 0) {
      return;
    }
    log.info(
        "every job that had to be tried again is through ({} inputs, over {} s)",
        episodeInputs,
        (clock.millis() - episodeSince) / 1000);
    episodeSince = -1;
    episodeInputs = 0;
  }

  /** Inputs waiting to be tried again. */
  synchronized int waiting() {
    return waiting.size();
  }

  /** No more attempts (shutdown): what waits is picked up at the next start. */
  public synchronized void close() {
    closed = true;
    if (!waiting.isEmpty()) {
      log.info(
          "{} inputs were waiting to be tried again: the next start takes them", waiting.size());
    }
    waiting.clear();
  }

  /** What a scheduler is made of; the defaults are the production ones. */
  public static final class Builder {
    private Duration maxDelay;
    private Clock clock = Clock.systemUTC();
    private Timer timer;
    private Consumer<Source> resubmit;
    private Predicate<Source> sameVersionThere = src -> !Pipeline.changedOnDisk(src);

    private Builder() {}

    /** {@code retry.max-delay}: the longest pause between two attempts. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Runs the attempts when their time comes (the daemon's upkeep thread). */
    public Builder timer(Timer timer) {
      this.timer = timer;
      return this;
    }

    /** Runs a job again (through the one-job-per-file gate). */
    public Builder resubmit(Consumer<Source> resubmit) {
      this.resubmit = resubmit;
      return this;
    }

    /**
     * True while the input is still there, as it was when it settled (default: its size and mtime
     * on disk are those it settled with).
     */
    public Builder sameVersionThere(Predicate<Source> sameVersionThere) {
      this.sameVersionThere = sameVersionThere;
      return this;
    }

    public RetryScheduler build() {
      Objects.requireNonNull(maxDelay, "maxDelay");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(timer, "timer");
      Objects.requireNonNull(resubmit, "resubmit");
      Objects.requireNonNull(sameVersionThere, "sameVersionThere");
      return new RetryScheduler(this);
    }
  }
}
