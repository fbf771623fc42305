package io.hotshrink.job;

import io.hotshrink.input.Source;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a job goes that cannot be finished for now, for a reason that is not its input's fault: the
 * output disk is full, the drop folder cannot be written, the input cannot be read for the moment,
 * an internal error. The daemon tries it again later ({@link RetryScheduler}); {@code batch}
 * reports it.
 */
public interface Retries {
  /** Puts the job off; the caller returns {@code RETRY}. */
  default void later(Source src, String why) {
    later(src, why, null);
  }

  /**
   * As {@link #later(Source, String)}, with what to do at the next attempt ({@code null}: the job
   * again).
   */
  void later(Source src, String why, Consumer<Source> again);

  /** How many times this input has been put off so far (0 the first time it runs). */
  int attempts(Source src);

  /** For {@code batch}: no second attempt, each one logged. */
  Retries LOG_ONLY =
      new Retries() {
        private final Logger log = LoggerFactory.getLogger(Retries.class);

        @Override
        public void later(Source src, String why, Consumer<Source> again) {
          log.warn("{}: cannot be done now: {}", src.relative(), why);
        }

        @Override
        public int attempts(Source src) {
          return 0;
        }
      };
}
