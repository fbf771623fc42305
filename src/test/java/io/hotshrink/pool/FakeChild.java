package io.hotshrink.pool;

import io.hotshrink.protocol.Codec;
import io.hotshrink.resize.Resizer;
import io.hotshrink.worker.FaultHook;
import io.hotshrink.worker.WorkerLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child "process" that is a thread running the real {@link WorkerLoop} over OS pipes, so the
 * pool's protocol, dispatch and supervision are exercised without starting JVMs. {@link #crash}
 * makes it die the way a killed process does: its streams end and it reports status 137.
 */
final class FakeChild implements ChildProcess {
  private static final AtomicLong PIDS = new AtomicLong(100_000);

  final String id;
  private final long pid = PIDS.incrementAndGet();
  private final Pipe in;
  private final Pipe out;
  private final Pipe err;
  private final OutputStream stdin;
  private final InputStream stdout;
  private final InputStream stderr;
  private final OutputStream childErr;
  private final CountDownLatch exited = new CountDownLatch(1);
  private volatile int status;
  private final Thread thread;

  /**
   * @param ready false for a child that dies before it is ready (a boot failure)
   */
  FakeChild(String id, Resizer resizer, int threads, boolean ready) throws IOException {
    this.id = id;
    in = Pipe.open();
    out = Pipe.open();
    err = Pipe.open();
    stdin = Channels.newOutputStream(in.sink());
    stdout = Channels.newInputStream(out.source());
    stderr = Channels.newInputStream(err.source());
    childErr = Channels.newOutputStream(err.sink());
    thread =
        new Thread(
            () -> {
              int s;
              try {
                if (!ready) {
                  childErr.write(
                      "Error: Could not create the Java Virtual Machine.\n"
                          .getBytes(StandardCharsets.UTF_8));
                  s = 1;
                } else {
                  Codec codec =
                      new Codec(
                          Channels.newInputStream(in.source()),
                          Channels.newOutputStream(out.sink()));
                  s =
                      new WorkerLoop(
                              codec, resizer, threads, FaultHook.fromSystemProperties(), this::end)
                          .run();
                }
              } catch (IOException e) {
                s = 1;
              }
              end(s);
            },
            "fake-" + id);
    thread.setDaemon(true);
    thread.start();
  }

  /** Dies now, as if killed: streams end, status 137 (SIGKILL). */
  void crash() {
    end(137);
  }

  private synchronized void end(int s) {
    if (exited.getCount() == 0) {
      return;
    }
    status = s;
    try {
      out.sink().close();
      err.sink().close();
      in.source().close();
    } catch (IOException e) {
      // closing pipes does not fail in practice
    }
    exited.countDown();
  }

  boolean hasExited() {
    return exited.getCount() == 0;
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public OutputStream stdin() {
    return stdin;
  }

  @Override
  public InputStream stdout() {
    return stdout;
  }

  @Override
  public InputStream stderr() {
    return stderr;
  }

  @Override
  public boolean isAlive() {
    return !hasExited();
  }

  @Override
  public Integer waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return exited.await(timeout, unit) ? status : null;
  }

  @Override
  public void destroy() {
    end(143);
  }

  @Override
  public void destroyForcibly() {
    crash();
  }
}
