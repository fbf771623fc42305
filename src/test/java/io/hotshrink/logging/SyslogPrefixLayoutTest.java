package io.hotshrink.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class SyslogPrefixLayoutTest {
  private final LoggerContext context = new LoggerContext();

  private String format(Level level, String message) {
    SyslogPrefixLayout layout = new SyslogPrefixLayout();
    layout.setContext(context);
    layout.setPattern("%-5level %logger{0} - %msg%n");
    layout.start();
    LoggingEvent e =
        new LoggingEvent(
            "x", context.getLogger("io.hotshrink.pool.WorkerPool"), level, message, null, null);
    return layout.doLayout(e);
  }

  @Test
  void eachLevelGetsItsSyslogPriority() {
    assertEquals("<3>ERROR WorkerPool - a\n", format(Level.ERROR, "a"));
    assertEquals("<4>WARN  WorkerPool - b\n", format(Level.WARN, "b"));
    assertEquals("<6>INFO  WorkerPool - c\n", format(Level.INFO, "c"));
    assertEquals("<7>DEBUG WorkerPool - d\n", format(Level.DEBUG, "d"));
    assertEquals("<7>TRACE WorkerPool - e\n", format(Level.TRACE, "e"));
  }

  @Test
  void everyLineOfAMultiLineEventKeepsThePriority() {
    // journald reads each line as an entry of its own.
    assertEquals(
        "<4>WARN  WorkerPool - first\n<4>  second\n<4>  third\n",
        format(Level.WARN, "first\n  second\n  third"));
  }
}
