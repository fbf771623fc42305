package io.hotshrink.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Map;

/**
 * Every key the user wrote under {@code hotshrink} must exist in {@code reference.conf}: a misspelt
 * key would otherwise be ignored, and the default it was meant to replace would stay in force
 * without a word. Checked on the user's file alone, before the merge, so that each problem points
 * into that file. A near miss is named ({@code setle}: did you mean {@code settle}?).
 */
final class UnknownKeys {
  /** A suggestion further than this from what was written would be a guess, not a correction. */
  private static final int MAX_DISTANCE = 3;

  private UnknownKeys() {}

  static void check(Config user, Config reference, List<ConfigProblem> problems) {
    String root = SettingsLoader.ROOT;
    if (!user.hasPath(root)) {
      return;
    }
    ConfigValue value = user.getValue(root);
    if (value.valueType() != ConfigValueType.OBJECT) {
      problems.add(Values.problemAt(value.origin(), root, "must be an object { ... }"));
      return;
    }
    checkObject((ConfigObject) value, root, root, reference, problems);
  }

  /**
   * Checks the keys of an entry of {@code hotshrink.folders} against the top level's; {@code
   * shownPrefix} is how problems name the entry ({@code hotshrink.folders[1]}).
   */
  static void checkEntry(
      ConfigObject entry, String shownPrefix, Config reference, List<ConfigProblem> problems) {
    checkObject(entry, SettingsLoader.ROOT, shownPrefix, reference, problems);
  }

  private static void checkObject(
      ConfigObject object,
      String prefix,
      String shownPrefix,
      Config reference,
      List<ConfigProblem> problems) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String part = ConfigUtil.joinPath(e.getKey());
      String key = prefix + "." + part;
      String shown = shownPrefix + "." + part;
      if (!reference.hasPathOrNull(key)) {
        problems.add(
            Values.problemAt(
                e.getValue().origin(), shown, "unknown key" + suggestion(key, reference)));
        continue;
      }
      // A key whose default is null (failed, archive, state: derived when unset) has no children.
      if (reference.hasPath(key)
          && reference.getValue(key).valueType() == ConfigValueType.OBJECT
          && e.getValue().valueType() == ConfigValueType.OBJECT) {
        checkObject((ConfigObject) e.getValue(), key, shown, reference, problems);
      }
    }
  }

  private static String suggestion(String key, Config reference) {
    int dot = key.lastIndexOf('.');
    String parent = key.substring(0, dot);
    String leaf = key.substring(dot + 1);
    if (!reference.hasPath(parent)) {
      return "";
    }
    String best = null;
    int bestDistance = MAX_DISTANCE;
    for (String candidate : reference.getObject(parent).keySet()) {
      int d = editDistance(leaf, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  /** Levenshtein distance, two rows at a time. */
  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
