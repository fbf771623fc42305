package io.hotshrink.pool;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/** A started child, as the pool sees it. Real: a {@link Process}; in tests: a fake over pipes. */
public interface ChildProcess {
  long pid();

  /** The child's stdin: requests go here. */
  OutputStream stdin();

  /** The child's stdout: framed answers only. */
  InputStream stdout();

  /** The child's stderr: its log. */
  InputStream stderr();

  boolean isAlive();

  /** Waits for the exit; returns its status, or null when it did not exit in time. */
  Integer waitFor(long timeout, TimeUnit unit) throws InterruptedException;

  /** Asks the child to stop (SIGTERM). */
  void destroy();

  /** Stops it now (SIGKILL). */
  void destroyForcibly();

  /** Wraps a real process. */
  static ChildProcess of(Process p) {
    return new ChildProcess() {
      @Override
      public long pid() {
        return p.pid();
      }

      @Override
      public OutputStream stdin() {
        return p.getOutputStream();
      }

      @Override
      public InputStream stdout() {
        return p.getInputStream();
      }

      @Override
      public InputStream stderr() {
        return p.getErrorStream();
      }

      @Override
      public boolean isAlive() {
        return p.isAlive();
      }

      @Override
      public Integer waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return p.waitFor(timeout, unit) ? p.exitValue() : null;
      }

      @Override
      public void destroy() {
        p.destroy();
      }

      @Override
      public void destroyForcibly() {
        // Also whatever the child started, so nothing outlives it.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    };
  }
}
