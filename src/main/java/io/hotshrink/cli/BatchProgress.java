package io.hotshrink.cli;

import io.hotshrink.Threads;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How far {@code batch} has got, on standard error: a live progress bar on a terminal (count,
 * images/s, time left), otherwise one line every {@code interval} (a log or a CI job would fill
 * with a redrawn bar). Standard output is left to the final summary line.
 */
abstract class BatchProgress implements AutoCloseable {
  /** Images found so far; -1 until the scan for them has finished. */
  private final AtomicLong total = new AtomicLong(-1);

  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** On a terminal, a bar; else a line every {@code interval} on {@code err}. */
  static BatchProgress open(boolean terminal, Duration interval, PrintStream err, Clock clock) {
    return terminal ? new Bar(err) : new Lines(interval, err, clock);
  }

  /** The scan has finished: {@code n} images in all. */
  void total(long n) {
    total.set(n);
    changed();
  }

  /** One more image is finished: published, or not. */
  void finished(boolean ok) {
    (ok ? done : failed).incrementAndGet();
    changed();
  }

  long done() {
    return done.get();
  }

  long failed() {
    return failed.get();
  }

  long total() {
    return total.get();
  }

  abstract void changed();

  @Override
  public abstract void close();

  /**
   * One line: {@code batch: 1200 of 5000 images (24%), 3 failed, 24.1 images/s, about 4m 3s left}.
   */
  static String line(long total, long done, long failed, Duration elapsed) {
    long finished = done + failed;
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    double rate = finished / seconds;
    StringBuilder b = new StringBuilder("batch: ");
    if (total < 0) {
      b.append(finished).append(" images done, still looking for more");
    } else {
      b.append(finished).append(" of ").append(total).append(" images");
      if (total > 0) {
        b.append(" (").append(finished * 100 / total).append("%)");
      }
    }
    b.append(", ").append(failed).append(" failed");
    b.append(String.format(Locale.ROOT, ", %.1f images/s", rate));
    if (total >= 0 && finished < total) {
      b.append(
          rate > 0
              ? ", about "
                  + StatusReport.age(
                      Duration.ofSeconds((long) Math.ceil((total - finished) / rate)))
                  + " left"
              : ", time left not known yet");
    }
    b.append(String.format(Locale.ROOT, ", %s elapsed", StatusReport.age(elapsed)));
    return b.toString();
  }

  /** A line every interval, on its own named thread. */
  static final class Lines extends BatchProgress {
    private final PrintStream err;
    private final Clock clock;
    private final long startMillis;
    private final ScheduledExecutorService timer;

    Lines(Duration interval, PrintStream err, Clock clock) {
      this.err = err;
      this.clock = clock;
      this.startMillis = clock.millis();
      this.timer = Executors.newSingleThreadScheduledExecutor(Threads.named("hotshrink-progress"));
      long every = Math.max(1, interval.toMillis());
      timer.scheduleAtFixedRate(this::print, every, every, TimeUnit.MILLISECONDS);
    }

    private void print() {
      err.println(line(total(), done(), failed(), Duration.ofMillis(clock.millis() - startMillis)));
      err.flush();
    }

    @Override
    void changed() {}

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /** The live bar (me.tongfei:progressbar), redrawn in place. */
  static final class Bar extends BatchProgress {
    private final ProgressBar bar;

    Bar(PrintStream err) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("batch")
              .setInitialMax(-1)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUnit(" img", 1)
              .showSpeed()
              .setUpdateIntervalMillis(250)
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
              .build();
    }

    @Override
    synchronized void changed() {
      long t = total();
      if (t >= 0 && bar.getMax() != t) {
        bar.maxHint(t);
      }
      bar.stepTo(done() + failed());
      bar.setExtraMessage(failed() > 0 ? failed() + " failed" : "");
    }

    @Override
    public void close() {
      bar.close();
    }
  }
}
