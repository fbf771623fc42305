package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import java.io.IOException;

/**
 * Carries out a reload's {@link ReloadPlan} on one hot folder's runtime, in an order that can be
 * undone: the new folders are created, the journal moves, jobs start with the new settings, the
 * watcher restarts. When a step fails, the steps before it are undone and the reason thrown: the
 * folder goes on as it was. The endpoint, the pool and the folders a reload adds or removes are
 * left to the daemon.
 */
final class Reload {
  private final FolderRuntime folder;

  Reload(FolderRuntime folder) {
    this.folder = folder;
  }

  /**
   * From {@code from} to {@code next}, as {@code plan} says.
   *
   * @throws IOException when a new folder cannot be created, the journal cannot be opened in its
   *     new place or the watcher cannot start there; nothing has been changed then
   */
  void apply(Settings from, Settings next, ReloadPlan plan) throws IOException {
    FolderRuntime.createFolders(next);
    folder.moveJournal(from, next); // throws with nothing changed
    folder.startJobsWith(next);
    if (plan.restartWatcher()) {
      try {
        folder.restartWatcher(next);
      } catch (IOException | RuntimeException e) {
        // Undo: back to the previous settings, watching where we did.
        folder.moveJournal(next, from);
        folder.startJobsWith(from);
        folder.watchAgain(from);
        throw e;
      }
    }
  }
}
