package io.hotshrink.config;

/**
 * One thing wrong with a configuration, located in its file. Printed as {@code FILE: LINE: key:
 * what is wrong}, the form an editor can jump to.
 */
public record ConfigProblem(String file, int line, String key, String message) {
  @Override
  public String toString() {
    return file + ": " + (line > 0 ? line : "-") + ": " + key + ": " + message;
  }
}
