/**
 * The command line: {@link io.hotshrink.cli.Main} (the entry class, the launcher's main class) and
 * its commands {@code run}, {@code batch}, {@code status}, {@code check-config} and {@code db
 * init}, with what only they need: the exit statuses, batch's progress on standard error, the
 * terminal probe, the rendering of {@code status}. {@code run} hands over to the daemon; {@code
 * batch} drives the job pipeline over a one-off scan itself; {@code db init} creates the cluster's
 * schema through the claim store. For a quick start, a plain {@code run} command line is read
 * without picocli ({@code QuickRun}), and {@code run} and {@code batch} start their first child
 * before the pool asks for it ({@code EarlyChild}). No package imports this one. May import: {@code
 * io.hotshrink}, {@code cluster} (the claim store, for {@code db init}), {@code config}, {@code
 * daemon}, {@code input}, {@code job}, {@code journal} (its ForeignJournalException: run exits 2 on
 * it), {@code metrics}, {@code pool}, {@code watch}.
 */
package io.hotshrink.cli;
