package io.hotshrink.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.List;

/**
 * Reads typed values out of a resolved {@link Config}, turning every failure into a {@link
 * ConfigProblem} that names the key and the file and line the value came from, so that one pass
 * reports everything that is wrong rather than the first thing.
 */
final class Values {
  private final Config config;
  private final List<ConfigProblem> problems;

  Values(Config config, List<ConfigProblem> problems) {
    this.config = config;
    this.problems = problems;
  }

  Config config() {
    return config;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  void problem(String key, String message) {
    ConfigOrigin origin = config.hasPath(key) ? config.getValue(key).origin() : config.origin();
    problems.add(problemAt(origin, key, message));
  }

  static ConfigProblem problemAt(ConfigOrigin origin, String key, String message) {
    return new ConfigProblem(describe(origin), origin.lineNumber(), key, message);
  }

  static String describe(ConfigOrigin origin) {
    if (origin.filename() != null) {
      return origin.filename();
    }
    if (origin.resource() != null) {
      return origin.resource();
    }
    return origin.description();
  }

  String string(String key) {
    if (!ofType(key, "a string", ConfigValueType.STRING)) {
      return null;
    }
    return config.getString(key);
  }

  Integer integer(String key, int min, int max) {
    if (!ofType(key, "a whole number", ConfigValueType.NUMBER)) {
      return null;
    }
    Number n = config.getNumber(key);
    if (n.doubleValue() != Math.rint(n.doubleValue())) {
      problem(key, "must be a whole number, got " + n);
      return null;
    }
    long v = n.longValue();
    if (v < min || v > max) {
      problem(key, "must be between " + min + " and " + max + ", got " + v);
      return null;
    }
    return (int) v;
  }

  /** A whole number, or the word {@code auto} (returned as 0). */
  Integer integerOrAuto(String key, int min, int max) {
    if (config.hasPath(key)
        && config.getValue(key).valueType() == ConfigValueType.STRING
        && "auto".equals(config.getString(key))) {
      return 0;
    }
    if (config.hasPath(key) && config.getValue(key).valueType() != ConfigValueType.NUMBER) {
      problem(key, "must be a whole number or auto, got " + render(config.getValue(key)));
      return null;
    }
    return integer(key, min, max);
  }

  Duration duration(String key, Duration min) {
    try {
      Duration d = config.getDuration(key);
      if (d.compareTo(min) < 0) {
        problem(key, "must be at least " + min.toMillis() + "ms, got " + d.toMillis() + "ms");
        return null;
      }
      return d;
    } catch (ConfigException.Missing e) {
      problem(key, "is missing");
    } catch (ConfigException e) {
      problem(key, "must be a duration such as 500ms, 2s, 1m, got " + renderAt(key));
    }
    return null;
  }

  Long bytes(String key, long min) {
    try {
      long b = config.getMemorySize(key).toBytes();
      if (b < min) {
        problem(key, "must be at least " + (min >> 20) + "m, got " + renderAt(key));
        return null;
      }
      return b;
    } catch (ConfigException.Missing e) {
      problem(key, "is missing");
    } catch (ConfigException e) {
      problem(key, "must be a size such as 512m or 2g, got " + renderAt(key));
    }
    return null;
  }

  List<String> strings(String key) {
    try {
      return config.getStringList(key);
    } catch (ConfigException.Missing e) {
      problem(key, "is missing");
    } catch (ConfigException e) {
      problem(key, "must be a list of strings, got " + renderAt(key));
    }
    return null;
  }

  Boolean bool(String key) {
    if (!config.hasPath(key)) {
      problem(key, "is missing");
      return null;
    }
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      problem(key, "must be true or false, got " + renderAt(key));
      return null;
    }
  }

  String oneOf(String key, List<String> allowed) {
    String s = string(key);
    if (s != null && !allowed.contains(s)) {
      problem(key, "must be one of " + String.join(", ", allowed) + ", got \"" + s + "\"");
      return null;
    }
    return s;
  }

  private boolean ofType(String key, String what, ConfigValueType type) {
    if (!config.hasPath(key)) {
      problem(key, "is missing");
      return false;
    }
    ConfigValue v = config.getValue(key);
    if (v.valueType() != type) {
      // HOCON lets an unquoted number be read as a string and vice versa; accept what converts.
      try {
        if (type == ConfigValueType.STRING
            && v.valueType() != ConfigValueType.OBJECT
            && v.valueType() != ConfigValueType.LIST) {
          return true;
        }
        if (type == ConfigValueType.NUMBER) {
          config.getNumber(key);
          return true;
        }
      } catch (ConfigException e) {
        // fall through to the problem below
      }
      problem(key, "must be " + what + ", got " + render(v));
      return false;
    }
    return true;
  }

  private String renderAt(String key) {
    return config.hasPath(key) ? render(config.getValue(key)) : "nothing";
  }

  static String render(ConfigValue v) {
    return v.render(com.typesafe.config.ConfigRenderOptions.concise());
  }
}
