package io.hotshrink.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * The shipped {@code conf/logback.xml}, set up in code: when {@code logback.configurationFile}
 * names a file with exactly the shipped content, this builds the same appenders, layouts, levels
 * and conditions as that file, without the JDK's XML parser and logback's Joran (0.1-0.2 s of the
 * daemon's start; docs/performance.md). Any other file (edited, or another one altogether), no such
 * property, or {@code -Dhotshrink.log-in-code=false}: it does nothing, and logback reads the file
 * as before.
 *
 * <p>The file is recognised by its SHA-256 (line ends ignored, so a Windows checkout counts too).
 * {@code ShippedLogConfiguratorTest} fails when the file changes and this class does not follow.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ShippedLogConfigurator extends ContextAwareBase implements Configurator {
  /** SHA-256 of {@code conf/logback.xml} as shipped, carriage returns removed. */
  static final String SHIPPED_SHA256 =
      "27fdd94950b4ba6612e3f1bdbeebd00fc2d4e7ebacb686f9e33fea29f6457fa5";

  /** {@code -Dhotshrink.log-in-code=false} leaves the shipped file to logback (to measure it). */
  static final String PROPERTY = "hotshrink.log-in-code";

  static final String JOURNAL_PATTERN = "%-5level %logger{0} - %msg%n";
  static final String TIMESTAMPED_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
        || !isShipped(System.getProperty("logback.configurationFile"))) {
      return ExecutionStatus.NEUTRAL;
    }
    return configure(ctx, LogDestination.toJournal(), ShippedLogConfigurator::property)
        ? ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY
        : ExecutionStatus.NEUTRAL;
  }

  /**
   * As logback looks a property up for {@code ${NAME}}: a system property, else the environment.
   */
  private static String property(String name) {
    String v = System.getProperty(name);
    return v != null ? v : System.getenv(name);
  }

  /** True when {@code file} is a readable file with the shipped content. */
  static boolean isShipped(String file) {
    if (file == null || file.isBlank()) {
      return false;
    }
    try {
      byte[] bytes = Files.readAllBytes(Path.of(file));
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte b : bytes) {
        if (b != '\r') {
          sha.update(b);
        }
      }
      return HexFormat.of().formatHex(sha.digest()).equals(SHIPPED_SHA256);
    } catch (IOException | InvalidPathException | NoSuchAlgorithmException e) {
      return false; // a URL, a resource name, a file that is not there: logback's business
    }
  }

  /**
   * What {@code conf/logback.xml} says, in code. Returns false, having changed nothing, when a
   * {@code HOTSHRINK_LOG_*} value does not parse: logback then reads the file and reports it as it
   * always did.
   *
   * @param journal whether standard output is systemd's journal ({@link LogDestination})
   * @param properties {@code ${NAME}} as logback would resolve it (null when undefined)
   */
  static boolean configure(LoggerContext ctx, boolean journal, UnaryOperator<String> properties) {
    String logFile = properties.apply("HOTSHRINK_LOG_FILE");
    FileSize maxFileSize;
    int maxHistory;
    FileSize totalSizeCap;
    try {
      maxFileSize = FileSize.valueOf(or(properties.apply("HOTSHRINK_LOG_MAX_FILE_SIZE"), "10MB"));
      maxHistory = Integer.parseInt(or(properties.apply("HOTSHRINK_LOG_MAX_HISTORY"), "14").trim());
      totalSizeCap = FileSize.valueOf(or(properties.apply("HOTSHRINK_LOG_TOTAL_SIZE_CAP"), "1GB"));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (logFile != null && (logFile.isBlank() || logFile.contains("${"))) {
      return false; // Joran's substitution and its error for an empty <file>
    }

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("CONSOLE");
    if (journal) {
      SyslogPrefixLayout layout = new SyslogPrefixLayout();
      layout.setContext(ctx);
      layout.setPattern(JOURNAL_PATTERN);
      layout.start();
      LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
      encoder.setContext(ctx);
      encoder.setLayout(layout);
      encoder.start();
      console.setTarget("System.out");
      console.setEncoder(encoder);
    } else {
      console.setTarget("System.err");
      console.setEncoder(patternEncoder(ctx, TIMESTAMPED_PATTERN));
    }
    console.start();

    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    if (logFile != null) {
      RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
      file.setContext(ctx);
      file.setName("FILE");
      file.setFile(logFile);
      SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
      policy.setContext(ctx);
      policy.setParent(file);
      policy.setFileNamePattern(logFile + ".%d{yyyy-MM-dd}.%i.gz");
      policy.setMaxFileSize(maxFileSize);
      policy.setMaxHistory(maxHistory);
      policy.setTotalSizeCap(totalSizeCap);
      policy.start();
      file.setRollingPolicy(policy);
      file.setTriggeringPolicy(policy);
      file.setEncoder(patternEncoder(ctx, TIMESTAMPED_PATTERN));
      file.start();
      root.addAppender(file);
    }
    // directory-watcher logs every event at DEBUG
    ctx.getLogger("io.methvin").setLevel(Level.WARN);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return true;
  }

  private static Encoder<ILoggingEvent> patternEncoder(LoggerContext ctx, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }

  private static String or(String value, String otherwise) {
    return value != null ? value : otherwise;
  }
}
