package io.hotshrink.resize;

/** Picks the engine named in the configuration. */
public final class Engines {
  private Engines() {}

  public static Resizer create(String name) {
    return switch (name) {
      case "java" -> new JavaEngine();
      default -> throw new IllegalArgumentException("unknown engine " + name);
    };
  }
}
