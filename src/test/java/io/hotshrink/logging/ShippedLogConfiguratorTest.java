package io.hotshrink.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The shipped conf/logback.xml set up in code is the file itself: same appenders, targets,
 * patterns, rolling policy and levels as logback's reading of the file makes (the journal's layout,
 * which the file picks from the environment, is checked end to end by LoggingIT).
 */
class ShippedLogConfiguratorTest {
  private static final Path SHIPPED = Path.of("conf/logback.xml");

  @TempDir Path dir;

  @Test
  void theShippedFileIsRecognisedAndAnEditedOneIsNot() throws IOException {
    assertTrue(
        ShippedLogConfigurator.isShipped(SHIPPED.toString()),
        "conf/logback.xml changed: make ShippedLogConfigurator do the same, then update its hash");
    Path crlf = dir.resolve("crlf.xml");
    Files.writeString(crlf, Files.readString(SHIPPED).replace("\n", "\r\n"));
    assertTrue(ShippedLogConfigurator.isShipped(crlf.toString()), "a Windows checkout");
    Path edited = dir.resolve("edited.xml");
    Files.writeString(
        edited, Files.readString(SHIPPED).replace("level=\"INFO\"", "level=\"DEBUG\""));
    assertFalse(ShippedLogConfigurator.isShipped(edited.toString()));
    assertFalse(ShippedLogConfigurator.isShipped(dir.resolve("missing.xml").toString()));
    assertFalse(ShippedLogConfigurator.isShipped(null));
    assertFalse(ShippedLogConfigurator.isShipped("classpath:logback.xml"));
  }

  @Test
  void onTheConsoleTheCodeDoesWhatTheFileDoes() throws Exception {
    assertSame(Map.of());
  }

  @Test
  void withTheRollingFileTheCodeDoesWhatTheFileDoes() throws Exception {
    Path log = dir.resolve("logs/hotshrink.log");
    assertSame(Map.of("HOTSHRINK_LOG_FILE", log.toString()));
    assertSame(
        Map.of(
            "HOTSHRINK_LOG_FILE", log.toString(),
            "HOTSHRINK_LOG_MAX_FILE_SIZE", "2KB",
            "HOTSHRINK_LOG_MAX_HISTORY", "3",
            "HOTSHRINK_LOG_TOTAL_SIZE_CAP", "5MB"));
  }

  @Test
  void aValueThatDoesNotParseIsLeftToLogback() {
    LoggerContext ctx = new LoggerContext();
    Map<String, String> props =
        Map.of(
            "HOTSHRINK_LOG_FILE",
            dir.resolve("x.log").toString(),
            "HOTSHRINK_LOG_MAX_HISTORY",
            "x");
    assertFalse(ShippedLogConfigurator.configure(ctx, false, props::get));
    assertFalse(ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
  }

  /** Logback reading the file and the code, with the same properties, make the same setup. */
  private void assertSame(Map<String, String> props) throws Exception {
    List<String> file = describe(fromFile(props));
    assertEquals(file, describe(fromCode(props)), "properties " + props.toString());
    String all = String.join("\n", file);
    assertTrue(all.contains("ConsoleAppender CONSOLE started=true target=System.err"), all);
    assertEquals(props.containsKey("HOTSHRINK_LOG_FILE"), all.contains("FILE started=true"), all);
  }

  private static LoggerContext fromCode(Map<String, String> props) {
    LoggerContext ctx = new LoggerContext();
    assertTrue(ShippedLogConfigurator.configure(ctx, false, props::get));
    return ctx;
  }

  /** Joran looks ${NAME} up in the system properties: set for the time of the reading. */
  private static LoggerContext fromFile(Map<String, String> props) throws JoranException {
    Map<String, String> before = new HashMap<>();
    props.keySet().forEach(k -> before.put(k, System.getProperty(k)));
    props.forEach(System::setProperty);
    try {
      LoggerContext ctx = new LoggerContext();
      JoranConfigurator joran = new JoranConfigurator();
      joran.setContext(ctx);
      joran.doConfigure(SHIPPED.toFile());
      return ctx;
    } finally {
      before.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
  }

  private static List<String> describe(LoggerContext ctx) throws ReflectiveOperationException {
    List<String> out = new ArrayList<>();
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    out.add("root " + root.getLevel());
    out.add("io.methvin " + ctx.getLogger("io.methvin").getLevel());
    List<String> appenders = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      appenders.add(describe(it.next()));
    }
    appenders.sort(null);
    out.addAll(appenders);
    return out;
  }

  private static String describe(Appender<ILoggingEvent> a) throws ReflectiveOperationException {
    StringBuilder s = new StringBuilder(a.getClass().getName()).append(' ').append(a.getName());
    s.append(" started=").append(a.isStarted());
    if (a instanceof ConsoleAppender<ILoggingEvent> c) {
      s.append(" target=").append(c.getTarget()).append(' ').append(describe(c.getEncoder()));
    }
    if (a instanceof RollingFileAppender<ILoggingEvent> f) {
      s.append(" file=").append(f.getFile()).append(' ').append(describe(f.getEncoder()));
      SizeAndTimeBasedRollingPolicy<?> p = (SizeAndTimeBasedRollingPolicy<?>) f.getRollingPolicy();
      s.append(" policy=")
          .append(p.getClass().getName())
          .append(" started=")
          .append(p.isStarted())
          .append(" pattern=")
          .append(p.getFileNamePattern())
          .append(" history=")
          .append(p.getMaxHistory())
          .append(" size=")
          .append(field(SizeAndTimeBasedRollingPolicy.class, "maxFileSize", p))
          .append(" cap=")
          .append(field(TimeBasedRollingPolicy.class, "totalSizeCap", p))
          .append(" triggering=")
          .append(f.getTriggeringPolicy() == p);
    }
    return s.toString();
  }

  private static String describe(Encoder<ILoggingEvent> e) {
    if (e instanceof PatternLayoutEncoder p) {
      return "PatternLayoutEncoder[" + p.getPattern() + "] started=" + p.isStarted();
    }
    if (e instanceof LayoutWrappingEncoder<ILoggingEvent> w) {
      PatternLayoutBase<?> l = (PatternLayoutBase<?>) w.getLayout();
      return "LayoutWrappingEncoder[" + l.getClass().getName() + " " + l.getPattern() + "]";
    }
    return e.getClass().getName();
  }

  private static Object field(Class<?> c, String name, Object o)
      throws ReflectiveOperationException {
    Field f = c.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }
}
