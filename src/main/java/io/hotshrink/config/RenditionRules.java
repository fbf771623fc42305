package io.hotshrink.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code hotshrink.renditions}: a list of objects that reference.conf cannot describe key by
 * key, so this class checks their keys itself, then each rendition's name, size, quality and path
 * template, then that no two renditions share a name or an output file.
 */
final class RenditionRules {
  private static final String KEY = SettingsLoader.ROOT + ".renditions";
  private static final Set<String> RENDITION_KEYS =
      Set.of("name", "scale", "fit", "quality", "path");
  private static final Pattern FIT = Pattern.compile("(\\d+)\\s*[xX]\\s*(\\d+)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
  private static final Set<String> PLACEHOLDERS = Set.of("dir", "stem", "rendition");
  static final int DEFAULT_QUALITY = 85;

  private final Values v;

  RenditionRules(Values v) {
    this.v = v;
  }

  /** The renditions that are valid; a problem for each one that is not. */
  List<Settings.Rendition> read() {
    List<Settings.Rendition> result = new ArrayList<>();
    ConfigList list;
    try {
      list = v.config().getList(KEY);
    } catch (ConfigException e) {
      v.problem(KEY, "must be a list of { name = ..., scale = ... } objects");
      return result;
    }
    if (list.isEmpty()) {
      v.problem(KEY, "must name at least one rendition");
      return result;
    }
    Set<String> names = new HashSet<>();
    Set<String> paths = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue item = list.get(i);
      String at = KEY + "[" + i + "]";
      if (item.valueType() != ConfigValueType.OBJECT) {
        v.problems()
            .add(
                Values.problemAt(
                    item.origin(), at, "must be an object { name = ..., scale = ... }"));
        continue;
      }
      Settings.Rendition r = rendition((ConfigObject) item, at, list.size());
      if (r == null) {
        continue;
      }
      if (!names.add(r.name())) {
        v.problems()
            .add(
                Values.problemAt(
                    item.origin(), at + ".name", "duplicate name \"" + r.name() + "\""));
      }
      // Two renditions writing the same file would overwrite each other.
      if (!paths.add(r.pathTemplate().replace("{rendition}", r.name()))) {
        v.problems()
            .add(
                Values.problemAt(
                    item.origin(),
                    at + ".path",
                    "\"" + r.pathTemplate() + "\" is also used by another rendition"));
      }
      result.add(r);
    }
    return result;
  }

  /** One rendition, or null when anything in it is wrong (each thing reported). */
  private Settings.Rendition rendition(ConfigObject obj, String at, int count) {
    List<ConfigProblem> problems = v.problems();
    int before = problems.size();
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      if (!RENDITION_KEYS.contains(e.getKey())) {
        problems.add(
            Values.problemAt(
                e.getValue().origin(),
                at + "." + e.getKey(),
                "unknown key (a rendition has "
                    + String.join(", ", new TreeSet<>(RENDITION_KEYS))
                    + ")"));
      }
    }
    Values r = new Values(obj.toConfig(), problems);
    String name = obj.containsKey("name") ? r.string("name") : null;
    if (name == null) {
      problems.add(Values.problemAt(obj.origin(), at + ".name", "is missing"));
    } else if (!NAME.matcher(name).matches()) {
      problems.add(
          Values.problemAt(
              obj.get("name").origin(),
              at + ".name",
              "must be letters, digits, '-', '_' or '.', got \"" + name + "\""));
    }
    Settings.Sizing sizing = sizing(obj, at);
    int quality =
        obj.containsKey("quality")
            ? orDefault(r.integer("quality", 1, 100), DEFAULT_QUALITY)
            : DEFAULT_QUALITY;
    // With one rendition the output keeps the input's name; with several, each needs its own.
    String template =
        obj.containsKey("path")
            ? r.string("path")
            : count == 1 ? "{dir}/{stem}.jpg" : "{dir}/{stem}-{rendition}.jpg";
    if (template != null) {
      String problem = checkTemplate(template);
      if (problem != null) {
        problems.add(Values.problemAt(obj.get("path").origin(), at + ".path", problem));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return Settings.Rendition.builder()
        .name(name)
        .sizing(sizing)
        .quality(quality)
        .pathTemplate(template)
        .build();
  }

  /** Exactly one of {@code scale} (0 < scale <= 1) and {@code fit} ("WxH"); null when wrong. */
  private Settings.Sizing sizing(ConfigObject obj, String at) {
    List<ConfigProblem> problems = v.problems();
    if (obj.containsKey("scale") == obj.containsKey("fit")) {
      problems.add(Values.problemAt(obj.origin(), at, "needs exactly one of scale or fit"));
      return null;
    }
    if (obj.containsKey("scale")) {
      ConfigValue sv = obj.get("scale");
      Double s = null;
      try {
        s = obj.toConfig().getDouble("scale");
      } catch (ConfigException e) {
        // reported below
      }
      if (s == null || !(s > 0 && s <= 1)) {
        problems.add(
            Values.problemAt(
                sv.origin(),
                at + ".scale",
                "must be a number with 0 < scale <= 1, got " + Values.render(sv)));
        return null;
      }
      return Settings.Sizing.scale(s);
    }
    ConfigValue fv = obj.get("fit");
    Matcher m = FIT.matcher(fv.unwrapped().toString().trim());
    if (fv.valueType() != ConfigValueType.STRING
        || !m.matches()
        || Integer.parseInt(m.group(1)) < 1
        || Integer.parseInt(m.group(2)) < 1) {
      problems.add(
          Values.problemAt(
              fv.origin(),
              at + ".fit",
              "must be \"WIDTHxHEIGHT\" such as \"1600x1600\", got " + Values.render(fv)));
      return null;
    }
    return Settings.Sizing.fit(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  private static int orDefault(Integer i, int d) {
    return i == null ? d : i;
  }

  /** What is wrong with a path template, or null when nothing is. */
  static String checkTemplate(String t) {
    Matcher m = PLACEHOLDER.matcher(t);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        return "unknown placeholder {" + m.group(1) + "} (use {dir}, {stem}, {rendition})";
      }
    }
    if (!t.contains("{stem}")) {
      return "must contain {stem}, or every input would be written to the same file";
    }
    for (String part : t.split("/")) {
      if (part.equals("..")) {
        return "must not contain '..': outputs stay inside the output folder";
      }
    }
    if (t.startsWith("/")) {
      return "must be relative to the output folder";
    }
    return null;
  }
}
