package io.hotshrink.metrics;

import io.hotshrink.config.Settings;
import io.hotshrink.pool.ChildInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * What the running daemon looks like now: read at each scrape and health check, on the endpoint's
 * thread. Each method must be cheap and must not block for long.
 */
public interface Live {
  /** The settings in force (they change on a reload). */
  Settings settings();

  /** The resize engine the children use: "turbojpeg" or "java". */
  String engine();

  /** True while the hot folder is there and changes in it are noticed. */
  boolean watching();

  /** True once shutdown has begun. */
  boolean stopping();

  /** Files the watcher holds that are not yet jobs (being written, settling). */
  int settling();

  /** Jobs waiting for a child. */
  int queued();

  /** Jobs running on children. */
  int inFlight();

  /**
   * Since when (clock millis) the oldest input not yet done has looked as it does now — settling,
   * queued or running — or -1 when nothing waits.
   */
  long oldestWaitingSinceMillis();

  /** The children now alive. */
  List<ChildInfo> children();

  /** True when some child can run jobs (see {@code WorkerPool.hasLiveChild}). */
  boolean hasLiveChild();

  /**
   * One hot folder as it is now.
   *
   * @param queued its jobs waiting for a child
   * @param oldestWaitingSinceMillis as {@link Live#oldestWaitingSinceMillis}, of this folder
   */
  record Folder(
      String name,
      Path input,
      boolean watching,
      int settling,
      int queued,
      int inFlight,
      long oldestWaitingSinceMillis) {}

  /**
   * Each hot folder, in the order of the configuration. By default the one folder of a daemon that
   * has one, named after the settings' first folder, with the daemon's figures.
   */
  default List<Folder> folders() {
    return List.of(
        new Folder(
            settings().folders().get(0).name(),
            settings().input(),
            watching(),
            settling(),
            queued(),
            inFlight(),
            oldestWaitingSinceMillis()));
  }

  /**
   * Cluster mode as last read from the claim database; null on one host ({@code store = local}).
   */
  default ClusterView cluster() {
    return null;
  }
}
