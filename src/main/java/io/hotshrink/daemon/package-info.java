/**
 * The long-running service: {@link io.hotshrink.daemon.HotshrinkDaemon} (the entry class: start,
 * reload, stop) wires the watcher, the job lifecycle, the pool, the journal and the monitoring
 * together, and {@link io.hotshrink.daemon.HotshrinkService} adapts it to commons-daemon (jsvc,
 * procrun). Beside them: the hot folders ({@code FolderSet}: those in force, the route of their
 * jobs, adding and removing them on a reload), each folder's runtime ({@code FolderRuntime}: its
 * watcher, pipeline and retries; {@code FolderJournal}: its journal; {@code Drain}: its jobs in
 * flight), signals, configuration reloads ({@code ConfigReloader}, {@code ReloadPlan}, {@code
 * Reload}), the background chores ({@code Upkeep}), the glue of metrics and status ({@code
 * Monitoring}, {@code DaemonLive}), the start-up summary, and what the command line shares with the
 * adapter, the {@code -c FILE} option ({@code ConfigOption}), the cluster section as the claim
 * store takes it ({@code ClusterSettingsFrom}) and the {@code Version}. In cluster mode, {@code
 * ClusterRuntime} (with {@code ClusterOffers}, {@code ClaimFence}, {@code RefusedHere}) offers
 * settled files to the claim database and runs what this host claims. May import: {@code
 * io.hotshrink}, {@code cluster}, {@code config}, {@code input}, {@code job}, {@code journal},
 * {@code logging}, {@code metrics}, {@code pool}, {@code publish}, {@code resize}, {@code watch}.
 */
package io.hotshrink.daemon;
