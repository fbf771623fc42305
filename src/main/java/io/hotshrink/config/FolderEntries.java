package io.hotshrink.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code hotshrink.folders}: which keys an entry may set, its name and priority, and its
 * settings, built from the entry laid over the top level (which holds the defaults of every entry).
 * A problem inside an entry is named {@code hotshrink.folders[I].key}, I counted from 0 as in
 * {@code hotshrink.renditions[I]}; a problem with a value the entry inherits keeps its top-level
 * name, since that is where it has to be fixed.
 */
final class FolderEntries {
  static final String KEY = SettingsLoader.ROOT + ".folders";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final int MAX_PRIORITY = 1000;

  /** One entry, read. */
  record Entry(
      int index, String name, int priority, ConfigObject raw, Values values, Settings settings) {
    String prefix() {
      return KEY + "[" + index + "]";
    }

    /** True when the entry itself sets {@code sub} (a path under {@code hotshrink}). */
    boolean sets(String sub) {
      return sets(raw, sub);
    }

    static boolean sets(ConfigObject raw, String sub) {
      try {
        return raw.toConfig().hasPathOrNull(sub);
      } catch (ConfigException e) {
        return false;
      }
    }

    Settings.Folder folder() {
      return new Settings.Folder(name, priority, settings);
    }
  }

  private final Values top;
  private final Config reference;
  private final Function<Values, Settings> build;

  /**
   * @param top the merged configuration; problems go to its list
   * @param reference reference.conf, for the keys an entry may set
   * @param build builds one folder's settings from its configuration
   */
  FolderEntries(Values top, Config reference, Function<Values, Settings> build) {
    this.top = top;
    this.reference = reference;
    this.build = build;
  }

  /** Every entry that could be read (the load fails anyway when one could not). */
  List<Entry> read() {
    Config c = top.config();
    ConfigList list;
    try {
      list = c.getList(KEY);
    } catch (ConfigException e) {
      top.problem(KEY, "must be a list of { name = ..., input = ..., output = ... } objects");
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    Config defaults = c.withoutPath(KEY);
    for (int i = 0; i < list.size(); i++) {
      ConfigValue item = list.get(i);
      String at = KEY + "[" + i + "]";
      if (item.valueType() != ConfigValueType.OBJECT) {
        problem(item, at, "must be an object { name = ..., input = ..., output = ... }");
        continue;
      }
      ConfigObject raw = (ConfigObject) item;
      String name = name(raw, at, list.size());
      if (name != null && names.putIfAbsent(name, i) != null) {
        problem(
            raw.get("name"),
            at + ".name",
            "duplicate name \"" + name + "\" (also " + KEY + "[" + names.get(name) + "].name)");
      }
      int priority = priority(raw, at);
      boolean complete = true;
      for (String required : List.of("input", "output")) {
        if (raw.get(required) == null) {
          problem(raw, at + "." + required, "is required in every entry of " + KEY);
          complete = false;
        }
      }
      ConfigObject own = ownKeys(raw, at);
      List<ConfigProblem> found = new ArrayList<>();
      Values values =
          new Values(own.toConfig().atPath(SettingsLoader.ROOT).withFallback(defaults), found);
      Settings settings = build.apply(values);
      for (ConfigProblem p : found) {
        top.problems().add(rename(p, raw, at));
      }
      if (complete && name != null) {
        entries.add(new Entry(i, name, priority, raw, values, settings));
      }
    }
    return entries;
  }

  /**
   * The entry without its name and priority and without what an entry may not set (each such key
   * reported); unknown keys are reported with the nearest known one.
   */
  private ConfigObject ownKeys(ConfigObject raw, String at) {
    ConfigObject own = raw.withoutKey("name").withoutKey("priority");
    for (String k : List.of("pool", "http", "cluster", "folders")) {
      if (own.get(k) != null) {
        problem(
            own.get(k),
            at + "." + k,
            switch (k) {
              case "folders" -> "folders cannot be nested";
              // one database decides for every folder of every host
              case "cluster" -> "is daemon-wide, set it at the top level";
              default -> "is pool-wide, set it at the top level";
            });
        own = own.withoutKey(k);
      }
    }
    if (own.get("resize") instanceof ConfigObject resize && resize.get("engine") != null) {
      // Every child runs one engine, whichever folder the job comes from.
      problem(resize.get("engine"), at + ".resize.engine", "is pool-wide, set it at the top level");
      own = own.withValue("resize", resize.withoutKey("engine"));
    }
    UnknownKeys.checkEntry(own, at, reference, top.problems());
    return own;
  }

  private String name(ConfigObject raw, String at, int count) {
    ConfigValue n = raw.get("name");
    if (n == null) {
      if (count == 1) {
        return Settings.DEFAULT_FOLDER;
      }
      problem(raw, at + ".name", "is required when there are several folders");
      return null;
    }
    String s = String.valueOf(n.unwrapped());
    if (n.valueType() == ConfigValueType.OBJECT
        || n.valueType() == ConfigValueType.LIST
        || !NAME.matcher(s).matches()) {
      problem(
          n,
          at + ".name",
          "must be a short word of letters, digits, _ and -, got " + Values.render(n));
      return null;
    }
    return s;
  }

  private int priority(ConfigObject raw, String at) {
    ConfigValue p = raw.get("priority");
    if (p == null) {
      return 1;
    }
    if (p.valueType() == ConfigValueType.NUMBER
        && p.unwrapped() instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue())
        && n.longValue() >= 1
        && n.longValue() <= MAX_PRIORITY) {
      return n.intValue();
    }
    problem(
        p,
        at + ".priority",
        "must be a whole number between 1 and " + MAX_PRIORITY + ", got " + Values.render(p));
    return 1;
  }

  private void problem(ConfigValue where, String key, String message) {
    top.problems().add(Values.problemAt(where.origin(), key, message));
  }

  /** A problem found in a folder's settings, named after the entry when the entry set the key. */
  static ConfigProblem rename(ConfigProblem p, ConfigObject raw, String at) {
    String rootDot = SettingsLoader.ROOT + ".";
    if (!p.key().startsWith(rootDot)) {
      return p;
    }
    String sub = p.key().substring(rootDot.length());
    int bracket = sub.indexOf('[');
    String head = bracket < 0 ? sub : sub.substring(0, bracket);
    return Entry.sets(raw, head)
        ? new ConfigProblem(p.file(), p.line(), at + "." + sub, p.message())
        : p;
  }
}
