package io.hotshrink.testing;

/**
 * The watch modes integration tests run under: every watching test passes in both. Poll mode polls
 * every 300 ms here, so that tests stay quick; nothing else differs from production.
 */
public final class WatchModes {
  private WatchModes() {}

  /** HOCON (inside {@code hotshrink { }}) selecting {@code mode}: "events" or "poll". */
  public static String conf(String mode) {
    return switch (mode) {
      case "events" -> "watch.mode = events\n";
      case "poll" -> "watch { mode = poll, poll-interval = 300ms }\n";
      default -> throw new IllegalArgumentException(mode);
    };
  }
}
