package io.hotshrink.pool;

/** A snapshot of one child, for logs, tests and monitoring. */
public record ChildInfo(
    String id,
    long pid,
    int budget,
    int jobsDone,
    int inFlight,
    long rssBytes,
    long peakRssBytes,
    long startedAtMillis) {}
