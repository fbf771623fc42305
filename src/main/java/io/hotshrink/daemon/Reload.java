package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a reload's {@link ReloadPlan} on the folder's runtime and the HTTP endpoint, in an
 * order that can be undone: the new folders are created, the endpoint moves, the journal moves,
 * jobs start with the new settings, the watcher restarts. When a step fails, the steps before it
 * are undone and the reason thrown: the daemon goes on as it was. The pool is left to the daemon,
 * which adjusts or replaces the children once everything here has gone through.
 */
final class Reload {
  private static final Logger log = LoggerFactory.getLogger(HotshrinkDaemon.class);

  private final Monitoring monitoring;
  private final FolderRuntime folder;

  Reload(Monitoring monitoring, FolderRuntime folder) {
    this.monitoring = monitoring;
    this.folder = folder;
  }

  /**
   * From {@code from} to {@code next}, as {@code plan} says.
   *
   * @throws IOException when a new folder cannot be created, the endpoint cannot listen at its new
   *     address, the journal cannot be opened in its new place or the watcher cannot start there;
   *     nothing has been changed then
   */
  void apply(Settings from, Settings next, ReloadPlan plan) throws IOException {
    FolderRuntime.createFolders(next);
    boolean moveEndpoint = !next.http().equals(from.http());
    if (moveEndpoint) {
      monitoring.move(from.http(), next.http()); // throws, with nothing changed, if it cannot
    }
    try {
      folder.moveJournal(from, next);
    } catch (IOException | RuntimeException e) {
      if (moveEndpoint) {
        moveEndpointBack(next, from);
      }
      throw e;
    }
    folder.startJobsWith(next);
    if (plan.restartWatcher()) {
      try {
        folder.restartWatcher(next);
      } catch (IOException | RuntimeException e) {
        // Undo: back to the previous settings, watching where we did.
        folder.moveJournal(next, from);
        folder.startJobsWith(from);
        if (moveEndpoint) {
          moveEndpointBack(next, from);
        }
        folder.watchAgain(from);
        throw e;
      }
    }
  }

  /** After a failed reload: the endpoint goes back where it was (logged if it cannot). */
  private void moveEndpointBack(Settings next, Settings from) {
    try {
      monitoring.move(next.http(), from.http());
    } catch (IOException again) {
      log.error("{}", again.getMessage());
    }
  }
}
