package io.hotshrink.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds a {@link Settings.Lifecycle}, starting from reference.conf's defaults (keep, replace,
 * retries at most 5 minutes apart). The archive and state folders have no default here: the ones in
 * reference.conf are relative, and only the loader knows what they are relative to.
 */
public final class LifecycleBuilder {
  private Settings.Lifecycle.AfterSuccess afterSuccess = Settings.Lifecycle.AfterSuccess.KEEP;
  private Path archive;
  private Path state;
  private Settings.Lifecycle.OnConflict onConflict = Settings.Lifecycle.OnConflict.REPLACE;
  private Duration retryMaxDelay = Duration.ofMinutes(5);

  LifecycleBuilder() {}

  public LifecycleBuilder afterSuccess(Settings.Lifecycle.AfterSuccess afterSuccess) {
    this.afterSuccess = afterSuccess;
    return this;
  }

  public LifecycleBuilder archive(Path archive) {
    this.archive = archive;
    return this;
  }

  public LifecycleBuilder state(Path state) {
    this.state = state;
    return this;
  }

  public LifecycleBuilder onConflict(Settings.Lifecycle.OnConflict onConflict) {
    this.onConflict = onConflict;
    return this;
  }

  public LifecycleBuilder retryMaxDelay(Duration retryMaxDelay) {
    this.retryMaxDelay = retryMaxDelay;
    return this;
  }

  public Settings.Lifecycle build() {
    return new Settings.Lifecycle(afterSuccess, archive, state, onConflict, retryMaxDelay);
  }
}
