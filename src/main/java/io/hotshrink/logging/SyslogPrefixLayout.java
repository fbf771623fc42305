package io.hotshrink.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A pattern layout for systemd's journal: every line starts with the event's syslog priority,
 * {@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug, which journald
 * strips and keeps as the entry's priority ({@code journalctl -p warning} then works). Each line of
 * a multi-line event (a stack trace, the start-up summary) gets the prefix, as journald reads every
 * line as a separate entry. The pattern should hold no timestamp: the journal adds its own.
 */
public final class SyslogPrefixLayout extends PatternLayout {
  @Override
  public String doLayout(ILoggingEvent event) {
    String text = super.doLayout(event);
    String prefix = prefix(event.getLevel());
    StringBuilder out = new StringBuilder(text.length() + 16);
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      out.append(prefix).append(text, start, end);
      start = end;
    }
    return out.toString();
  }

  static String prefix(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "<3>";
      case Level.WARN_INT -> "<4>";
      case Level.INFO_INT -> "<6>";
      default -> "<7>";
    };
  }
}
