package io.hotshrink.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The database password, read once, when the settings are built (a missing variable or file fails
 * at start, not at the first claim). {@link #toString()} says where it came from and never what it
 * is, so settings can be logged whole.
 */
public final class Password {
  private final String value;
  private final String source;

  private Password(String value, String source) {
    this.value = Objects.requireNonNull(value);
    this.source = source;
  }

  /** A password given directly (e.g. in the configuration file). */
  public static Password of(String value) {
    return new Password(value, "given");
  }

  /** No password (the server trusts this host, or the URL carries credentials of its own). */
  public static Password none() {
    return new Password("", "none");
  }

  /** The value of the environment variable {@code name}. */
  public static Password fromEnvironment(String name) {
    return fromEnvironment(name, System.getenv());
  }

  /** The value of {@code name} in {@code environment} (tests pass their own). */
  public static Password fromEnvironment(String name, Map<String, String> environment) {
    String v = environment.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(
          "the database password is to come from the environment variable "
              + name
              + ", which is not set");
    }
    return new Password(v, "from environment variable " + name);
  }

  /**
   * The first line of {@code file} (a Docker/Kubernetes secret, a file readable by the service's
   * user only); a trailing line break is not part of it.
   */
  public static Password fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the database password from " + file + ": " + e.getMessage(), e);
    }
    int eol = text.indexOf('\n');
    String v = eol < 0 ? text : text.substring(0, eol);
    if (v.endsWith("\r")) { // written on Windows
      v = v.substring(0, v.length() - 1);
    }
    if (v.isEmpty()) {
      throw new IllegalArgumentException("the database password file " + file + " is empty");
    }
    return new Password(v, "from file " + file);
  }

  /** The secret itself, for the driver only. */
  String value() {
    return value;
  }

  /** Same secret from the same source (a reload can tell whether the settings changed). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Password p && p.value.equals(value) && p.source.equals(source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, source);
  }

  @Override
  public String toString() {
    return "Password[" + source + "]";
  }
}
