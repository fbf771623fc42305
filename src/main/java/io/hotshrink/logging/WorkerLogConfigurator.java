package io.hotshrink.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Logging inside a child JVM: plain lines on stderr, "LEVEL logger message"; the parent reads them,
 * keeps the level, and logs them again tagged with the worker id. Stdout is the protocol.
 *
 * <p>Set up in code, found by logback through {@code META-INF/services}, because reading an XML
 * file costs a child 0.3 s of its 0.5 s start (the JDK's XML parser is loaded for it), and children
 * are started again and again. Anywhere but in a child (the property {@link #PROPERTY} unset) it
 * does nothing and logback goes on to the usual {@code logback.xml}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class WorkerLogConfigurator extends ContextAwareBase implements Configurator {
  /** Set (to "true") by {@code io.hotshrink.worker.WorkerMain} before its first logger. */
  public static final String PROPERTY = "hotshrink.worker-logging";

  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (!Boolean.getBoolean(PROPERTY)) {
      return ExecutionStatus.NEUTRAL;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%level %logger{0} %msg%n%ex{short}");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(ctx);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
