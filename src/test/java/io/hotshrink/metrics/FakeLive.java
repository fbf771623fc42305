package io.hotshrink.metrics;

import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsException;
import io.hotshrink.config.SettingsLoader;
import io.hotshrink.pool.ChildInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A daemon's state, set by the test. */
final class FakeLive implements Live {
  Settings settings;
  String engine = "turbojpeg";
  boolean watching = true;
  boolean stopping;
  int settling;
  int queued;
  int inFlight;
  long oldestWaitingSince = -1;
  final List<ChildInfo> children = new ArrayList<>();
  boolean liveChild = true;

  FakeLive() {
    try {
      settings = new SettingsLoader(Path.of("/srv/photos"), Map.of(), 2).load(Optional.empty());
    } catch (SettingsException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public String engine() {
    return engine;
  }

  @Override
  public boolean watching() {
    return watching;
  }

  @Override
  public boolean stopping() {
    return stopping;
  }

  @Override
  public int settling() {
    return settling;
  }

  @Override
  public int queued() {
    return queued;
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public long oldestWaitingSinceMillis() {
    return oldestWaitingSince;
  }

  @Override
  public List<ChildInfo> children() {
    return List.copyOf(children);
  }

  @Override
  public boolean hasLiveChild() {
    return liveChild;
  }
}
