package io.hotshrink.config;

/**
 * One thing wrong with a configuration, located in its file. Printed as {@code FILE: LINE: key:
 * what is wrong}, the form an editor can jump to.
 */
public record ConfigProblem(String file, int line, String key, String message) {
  /** A problem with no line to point at (a missing file, an error Typesafe could not place). */
  static ConfigProblem withoutLine(String file, String key, String message) {
    return new ConfigProblem(file, 0, key, message);
  }

  @Override
  public String toString() {
    return file + ": " + (line > 0 ? line : "-") + ": " + key + ": " + message;
  }
}
