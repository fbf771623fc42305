/**
 * A child JVM: {@link io.hotshrink.worker.WorkerMain} (the entry class, the child's main) and
 * {@code WorkerLoop} read requests on stdin, resize, answer on stdout and exit at the end of input;
 * {@code ParentWatchdog} ends the child when its parent is gone; {@code FaultHook} is fault
 * injection for tests. Stdout is the protocol; the log goes to stderr ({@code logging}'s {@code
 * WorkerLogConfigurator}). May import: {@code io.hotshrink}, {@code logging}, {@code protocol},
 * {@code resize}.
 */
package io.hotshrink.worker;
