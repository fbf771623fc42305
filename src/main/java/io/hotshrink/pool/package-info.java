/**
 * The child JVMs: {@link io.hotshrink.pool.WorkerPool} (the entry class) starts, feeds, watches,
 * recycles, times out and replaces them, with the queue of jobs (one lane per hot folder, lanes in
 * turn by priority, largest first within a lane, none starved), one child's process, its stderr and
 * its resident memory, and the launcher that makes a child's command line ({@code JvmLauncher},
 * which names {@code worker}'s main class). It talks to a child only through {@code protocol} and
 * knows nothing of images. May import: {@code io.hotshrink}, {@code config}, {@code protocol},
 * {@code worker}.
 */
package io.hotshrink.pool;
