/**
 * What the daemon tells about itself: {@link io.hotshrink.metrics.Metrics} (the entry class) is the
 * {@code hotshrink_*} registry, fed by the job lifecycle ({@code JobRecorder}), the pool and the
 * watcher (as their listener) and reading the daemon's state at each scrape ({@code Live}); {@code
 * HttpEndpoint} serves {@code /health} and {@code /metrics}; {@code FailureReason} bounds the
 * reason labels; {@code Exposition} reads a scrape back, for {@code status}. May import: {@code
 * io.hotshrink}, {@code config}, {@code input}, {@code pool}, {@code resize}, {@code watch}.
 */
package io.hotshrink.metrics;
