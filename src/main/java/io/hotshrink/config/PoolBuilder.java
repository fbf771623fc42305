package io.hotshrink.config;

import java.time.Duration;
import java.util.List;

/**
 * Builds a {@link Settings.Pool}, starting from reference.conf's defaults. {@code workers} and
 * {@code threads} start at one each: {@code auto} depends on the cores and is the loader's to
 * resolve. {@code maxRssBytes} starts at 1 GiB, what {@code auto} makes of the default heap; it
 * does not follow a heap set here.
 */
public final class PoolBuilder {
  private int workers = 1;
  private int threads = 1;
  private int recycleAfter = 500;
  private int recycleJitter = 50;
  private String heap = "512m";
  private List<String> jvmOptions = List.of();
  private Duration jobTimeout = Duration.ofMinutes(2);
  private Duration shutdownGrace = Duration.ofSeconds(30);
  private long maxRssBytes = 1L << 30;
  private int maxBootFailures = 5;

  PoolBuilder() {}

  public PoolBuilder workers(int workers) {
    this.workers = workers;
    return this;
  }

  public PoolBuilder threads(int threads) {
    this.threads = threads;
    return this;
  }

  public PoolBuilder recycleAfter(int recycleAfter) {
    this.recycleAfter = recycleAfter;
    return this;
  }

  public PoolBuilder recycleJitter(int recycleJitter) {
    this.recycleJitter = recycleJitter;
    return this;
  }

  /** In the JVM's {@code -Xmx} form, e.g. {@code 512m}. */
  public PoolBuilder heap(String heap) {
    this.heap = heap;
    return this;
  }

  public PoolBuilder jvmOptions(List<String> jvmOptions) {
    this.jvmOptions = jvmOptions;
    return this;
  }

  public PoolBuilder jobTimeout(Duration jobTimeout) {
    this.jobTimeout = jobTimeout;
    return this;
  }

  public PoolBuilder shutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
    return this;
  }

  public PoolBuilder maxRssBytes(long maxRssBytes) {
    this.maxRssBytes = maxRssBytes;
    return this;
  }

  public PoolBuilder maxBootFailures(int maxBootFailures) {
    this.maxBootFailures = maxBootFailures;
    return this;
  }

  public Settings.Pool build() {
    return new Settings.Pool(
        workers,
        threads,
        recycleAfter,
        recycleJitter,
        heap,
        jvmOptions,
        jobTimeout,
        shutdownGrace,
        maxRssBytes,
        maxBootFailures);
  }
}
