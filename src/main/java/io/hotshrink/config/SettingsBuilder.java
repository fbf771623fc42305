package io.hotshrink.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@link Settings} part by part, so that input, output and failed (three paths in a row)
 * cannot be swapped unnoticed. No defaults: the loader sets every part; only {@code source} starts
 * empty, {@code renditions} as none and {@code cluster} as {@link Settings.Cluster#LOCAL} (so that
 * code and tests from before cluster mode build one-host settings unchanged).
 */
public final class SettingsBuilder {
  private Optional<Path> source = Optional.empty();
  private Path input;
  private Path output;
  private Path failed;
  private List<Settings.Rendition> renditions = List.of();
  private Settings.Watch watch;
  private Settings.Pool pool;
  private Settings.Resize resize;
  private Settings.Lifecycle lifecycle;
  private Settings.Http http;
  private Settings.Cluster cluster = Settings.Cluster.LOCAL;
  private List<Settings.Folder> folders = List.of();

  SettingsBuilder() {}

  SettingsBuilder(Settings s) {
    source = s.source();
    input = s.input();
    output = s.output();
    failed = s.failed();
    renditions = s.renditions();
    watch = s.watch();
    pool = s.pool();
    resize = s.resize();
    lifecycle = s.lifecycle();
    http = s.http();
    cluster = s.cluster();
    folders = s.declaredFolders();
  }

  public SettingsBuilder source(Optional<Path> source) {
    this.source = source;
    return this;
  }

  public SettingsBuilder input(Path input) {
    this.input = input;
    return this;
  }

  public SettingsBuilder output(Path output) {
    this.output = output;
    return this;
  }

  public SettingsBuilder failed(Path failed) {
    this.failed = failed;
    return this;
  }

  public SettingsBuilder renditions(List<Settings.Rendition> renditions) {
    this.renditions = renditions;
    return this;
  }

  public SettingsBuilder watch(Settings.Watch watch) {
    this.watch = watch;
    return this;
  }

  public SettingsBuilder pool(Settings.Pool pool) {
    this.pool = pool;
    return this;
  }

  public SettingsBuilder resize(Settings.Resize resize) {
    this.resize = resize;
    return this;
  }

  public SettingsBuilder lifecycle(Settings.Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
    return this;
  }

  public SettingsBuilder http(Settings.Http http) {
    this.http = http;
    return this;
  }

  /** Cluster mode; {@link Settings.Cluster#LOCAL} unless set. */
  public SettingsBuilder cluster(Settings.Cluster cluster) {
    this.cluster = cluster;
    return this;
  }

  /** The folders of {@code hotshrink.folders}; none (the default) means one, the top level. */
  public SettingsBuilder folders(List<Settings.Folder> folders) {
    this.folders = folders;
    return this;
  }

  public Settings build() {
    return new Settings(
        source,
        input,
        output,
        failed,
        renditions,
        watch,
        pool,
        resize,
        lifecycle,
        http,
        cluster,
        folders);
  }
}
