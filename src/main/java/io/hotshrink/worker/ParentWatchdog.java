package io.hotshrink.worker;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the child when its parent is gone. End of stdin normally does this, but a grandchild or a
 * stuck job thread can keep a pipe open; the parent's pid changing (we were re-parented) is
 * definite.
 */
final class ParentWatchdog {
  private static final Logger log = LoggerFactory.getLogger(ParentWatchdog.class);

  private ParentWatchdog() {}

  static void start(long parentPid) {
    Thread t =
        new Thread(
            () -> {
              while (true) {
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (now != parentPid) {
                  log.warn("parent {} is gone: exiting", parentPid);
                  Runtime.getRuntime().halt(3);
                }
                try {
                  TimeUnit.MILLISECONDS.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "hotshrink-parent-watchdog");
    t.setDaemon(true);
    t.start();
  }
}
