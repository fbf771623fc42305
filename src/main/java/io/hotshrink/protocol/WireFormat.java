package io.hotshrink.protocol;

import io.hotshrink.resize.Options;
import io.hotshrink.resize.Resampler;
import io.hotshrink.resize.ResizeException;
import io.hotshrink.resize.ResizeResult;
import io.hotshrink.resize.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a resize job and its result travel as protocol fields. Both ends (the parent's pipeline and
 * the child's worker loop) use this one class, so the names cannot drift apart.
 */
public final class WireFormat {
  private WireFormat() {}

  public static Map<String, String> request(Path source, List<Target> targets) {
    return request(source, targets, Options.DEFAULT);
  }

  public static Map<String, String> request(Path source, List<Target> targets, Options o) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("source", source.toString());
    f.put("mode", Options.name(o.mode()));
    f.put("filter", Options.name(o.filter()));
    f.put("color", Options.name(o.color()));
    f.put("metadata", Options.name(o.metadata()));
    f.put("max_pixels", Long.toString(o.maxPixels()));
    f.put("max_file_size", Long.toString(o.maxFileSize()));
    f.put("targets", Integer.toString(targets.size()));
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      String p = "t." + i + ".";
      f.put(p + "name", t.name());
      f.put(p + "file", t.file().toString());
      f.put(p + "scale", Double.toString(t.scale()));
      f.put(p + "fit", t.fitWidth() + "x" + t.fitHeight());
      f.put(p + "quality", Integer.toString(t.quality()));
      f.put(p + "subsampling", Integer.toString(t.subsampling()));
      f.put(p + "progressive", Boolean.toString(t.progressive()));
      f.put(p + "enlarge", Boolean.toString(t.enlarge()));
    }
    return f;
  }

  public static Path source(Map<String, String> f) {
    return Path.of(required(f, "source"));
  }

  /** The job's options; fields an older parent did not send take their defaults. */
  public static Options options(Map<String, String> f) {
    Options d = Options.DEFAULT;
    return new Options(
        f.containsKey("mode") ? Options.parse(Options.Mode.class, f.get("mode")) : d.mode(),
        f.containsKey("filter")
            ? Options.parse(Resampler.Filter.class, f.get("filter"))
            : d.filter(),
        f.containsKey("color") ? Options.parse(Options.Color.class, f.get("color")) : d.color(),
        f.containsKey("metadata")
            ? Options.parse(Options.Meta.class, f.get("metadata"))
            : d.metadata(),
        Long.parseLong(f.getOrDefault("max_pixels", Long.toString(d.maxPixels()))),
        Long.parseLong(f.getOrDefault("max_file_size", Long.toString(d.maxFileSize()))));
  }

  public static List<Target> targets(Map<String, String> f) {
    int n = Integer.parseInt(required(f, "targets"));
    List<Target> targets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String p = "t." + i + ".";
      String[] fit = required(f, p + "fit").split("x");
      targets.add(
          new Target(
              required(f, p + "name"),
              Path.of(required(f, p + "file")),
              Double.parseDouble(required(f, p + "scale")),
              Integer.parseInt(fit[0]),
              Integer.parseInt(fit[1]),
              Integer.parseInt(required(f, p + "quality")),
              Integer.parseInt(f.getOrDefault(p + "subsampling", "420")),
              Boolean.parseBoolean(f.getOrDefault(p + "progressive", "false")),
              Boolean.parseBoolean(f.getOrDefault(p + "enlarge", "false"))));
    }
    return targets;
  }

  public static Map<String, String> result(ResizeResult r) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("engine", r.engine());
    f.put("width", Integer.toString(r.width()));
    f.put("height", Integer.toString(r.height()));
    f.put("decode_ms", Long.toString(r.decodeMillis()));
    f.put("resize_ms", Long.toString(r.resizeMillis()));
    f.put("encode_ms", Long.toString(r.encodeMillis()));
    if (r.warning() != null) {
      f.put("warning", r.warning());
    }
    f.put("outputs", Integer.toString(r.outputs().size()));
    for (int i = 0; i < r.outputs().size(); i++) {
      ResizeResult.Output o = r.outputs().get(i);
      String p = "o." + i + ".";
      f.put(p + "name", o.name());
      f.put(p + "width", Integer.toString(o.width()));
      f.put(p + "height", Integer.toString(o.height()));
      f.put(p + "bytes", Long.toString(o.bytes()));
    }
    return f;
  }

  public static ResizeResult result(Map<String, String> f) {
    int n = Integer.parseInt(required(f, "outputs"));
    List<ResizeResult.Output> outputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String p = "o." + i + ".";
      outputs.add(
          new ResizeResult.Output(
              required(f, p + "name"),
              Integer.parseInt(required(f, p + "width")),
              Integer.parseInt(required(f, p + "height")),
              Long.parseLong(required(f, p + "bytes"))));
    }
    return new ResizeResult(
        required(f, "engine"),
        Integer.parseInt(required(f, "width")),
        Integer.parseInt(required(f, "height")),
        outputs,
        Long.parseLong(required(f, "decode_ms")),
        Long.parseLong(required(f, "resize_ms")),
        Long.parseLong(required(f, "encode_ms")),
        f.get("warning"));
  }

  /** A failure as fields: which kind, the exception's class and its message. */
  public static Map<String, String> failure(ResizeException.Kind kind, Throwable e) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("kind", kind.name());
    Throwable root = e.getCause() != null ? e.getCause() : e;
    f.put("error", root.getClass().getName());
    f.put("message", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    return f;
  }

  private static String required(Map<String, String> f, String key) {
    String v = f.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing field " + key);
    }
    return v;
  }
}
