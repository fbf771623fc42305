package io.hotshrink.watch;

import io.hotshrink.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a change source on the hot folder, the first time and each time it is watched afresh
 * (after lost events, a watcher that stopped, a folder that came back): chooses events or polling
 * for its file system ({@link WatchMode}), falls back to polling when events cannot work (the
 * inotify limit, say), and says in the log how the folder is watched. Separate from {@link
 * RootWatch}, which decides <em>when</em> to start afresh, because this is <em>how</em>, with its
 * own fallback. Holds nothing that changes: safe from any thread (the scan thread calls it).
 */
final class SourceStarter {
  // The watcher's lines keep the logger name they have always had (HotFolder).
  private static final Logger log = LoggerFactory.getLogger(HotFolder.class);

  private final Settings.Watch settings;
  private final Function<Path, String> fileSystemType;
  private final Function<Settings.Watch.Mode, ChangeSource> sources;

  SourceStarter(
      Settings.Watch settings,
      Function<Path, String> fileSystemType,
      Function<Settings.Watch.Mode, ChangeSource> sources) {
    this.settings = settings;
    this.fileSystemType = fileSystemType;
    this.sources = sources;
  }

  /**
   * Starts a change source on {@code r}; falls back to polling when events cannot work.
   *
   * @param changes where a source reports, made for that source
   * @param started told of the source that runs before the line saying how {@code r} is watched
   */
  void start(
      Root r,
      Function<ChangeSource, ChangeSource.Changes> changes,
      Consumer<ChangeSource> started) {
    WatchMode.Choice choice = WatchMode.choose(settings.mode(), fileSystemType.apply(r.real()));
    ChangeSource s = sources.apply(choice.mode());
    try {
      s.start(r.real(), changes.apply(s));
    } catch (IOException | RuntimeException e) {
      s.close();
      log.warn(
          "cannot watch {} for events ({}); polling it every {} ms instead (raise"
              + " fs.inotify.max_user_watches if it is the limit on watched folders)",
          r.real(),
          e.toString(),
          settings.pollInterval().toMillis());
      Polling polling = new Polling(settings.pollInterval());
      polling.start(r.real(), changes.apply(polling));
      s = polling;
      choice = new WatchMode.Choice(Settings.Watch.Mode.POLL, "events failed");
    }
    started.accept(s);
    String how =
        s instanceof Polling
            ? "polling every " + settings.pollInterval().toMillis() + " ms"
            : "with file-system events, rescanning every "
                + settings.rescanInterval().toSeconds()
                + " s";
    log.info(
        "watching {} {} ({}); settle {} ms",
        r.real(),
        how,
        choice.why(),
        settings.settle().toMillis());
  }
}
