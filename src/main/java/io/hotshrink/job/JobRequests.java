package io.hotshrink.job;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.protocol.WireFormat;
import io.hotshrink.publish.Planned;
import io.hotshrink.resize.Options;
import io.hotshrink.resize.Resampler;
import io.hotshrink.resize.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a child is asked to do for one input under one pipeline's settings: a {@link Target} per
 * rendition (its temp file, its size, its JPEG settings) and the per-job {@link Options}, written
 * as {@link WireFormat}'s fields. The options are worked out once, since a pipeline's settings
 * never change (a reload makes a new pipeline).
 */
final class JobRequests {
  private final Settings settings;
  private final Options options;

  JobRequests(Settings settings) {
    this.settings = settings;
    this.options = options(settings.resize());
  }

  /** The per-job part of the resize settings, as the children receive it. */
  static Options options(Settings.Resize r) {
    return new Options(
        Options.parse(Options.Mode.class, r.mode()),
        Options.parse(Resampler.Filter.class, r.filter()),
        Options.parse(Options.Color.class, r.color()),
        Options.parse(Options.Meta.class, r.metadata()),
        r.limits().maxPixels(),
        r.limits().maxFileSize());
  }

  /**
   * The request for {@code src}.
   *
   * @param planned where each rendition goes, in the order of the settings' renditions
   */
  Map<String, String> request(Source src, List<Planned> planned) {
    Settings.Resize rs = settings.resize();
    List<Target> targets = new ArrayList<>(planned.size());
    for (int i = 0; i < planned.size(); i++) {
      Settings.Rendition r = settings.renditions().get(i);
      Settings.Sizing s = r.sizing();
      targets.add(
          new Target(
              r.name(),
              planned.get(i).temp(),
              s.scale(),
              s.fitWidth(),
              s.fitHeight(),
              r.quality(),
              rs.subsampling(),
              rs.progressive(),
              rs.enlarge()));
    }
    return WireFormat.request(src.path(), targets, options);
  }
}
