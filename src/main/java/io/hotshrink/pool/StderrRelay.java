package io.hotshrink.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a child's stderr, continuously (a full pipe would block the child), re-logging each line
 * at the level the child logged it, tagged with the child's id, and keeping the last few KB to
 * quote if the child dies.
 */
final class StderrRelay implements Runnable {
  private static final Logger log = LoggerFactory.getLogger("io.hotshrink.child");

  private final String id;
  private final InputStream stderr;
  private final StderrTail tail;

  StderrRelay(String id, InputStream stderr, StderrTail tail) {
    this.id = id;
    this.stderr = stderr;
    this.tail = tail;
  }

  @Override
  public void run() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      String level = "WARN";
      while ((line = r.readLine()) != null) {
        tail.add(line);
        int sp = line.indexOf(' ');
        String first = sp > 0 ? line.substring(0, sp) : line;
        String text = line;
        if (first.equals("ERROR")
            || first.equals("WARN")
            || first.equals("INFO")
            || first.equals("DEBUG")
            || first.equals("TRACE")) {
          level = first;
          text = line.substring(sp + 1);
        }
        // Lines without a level (a stack trace, the JVM's own messages) keep the last one seen.
        switch (level) {
          case "ERROR" -> log.error("[{}] {}", id, text);
          case "WARN" -> log.warn("[{}] {}", id, text);
          case "INFO" -> log.info("[{}] {}", id, text);
          default -> log.debug("[{}] {}", id, text);
        }
      }
    } catch (IOException e) {
      log.debug("[{}] stderr ended: {}", id, e.toString());
    }
  }
}
