package io.hotshrink.pool;

import io.hotshrink.resize.ResizeException;
import io.hotshrink.resize.ResizeResult;
import io.hotshrink.resize.Resizer;
import io.hotshrink.resize.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Launches {@link FakeChild}ren whose "resizing" is scripted by the source's file name:
 *
 * <ul>
 *   <li>{@code crash*}: the child dies while running it;
 *   <li>{@code hang*}: it never finishes (until the child is killed);
 *   <li>{@code block*}: it waits for {@link #release};
 *   <li>{@code bad*}: the child reports an INPUT failure;
 *   <li>{@code assert*}, {@code linkage*}, {@code vmerror*}: the resizer throws an {@link
 *       AssertionError}, a {@link NoClassDefFoundError}, an {@link InternalError} (as bugs do);
 *   <li>anything else: succeeds at once.
 * </ul>
 *
 * It records, per child, which jobs ran and the most that ran at once.
 */
final class FakeChildren implements ChildLauncher {
  final List<FakeChild> launched = new CopyOnWriteArrayList<>();
  final Map<String, List<String>> ran = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> maxConcurrent = new ConcurrentHashMap<>();
  final CountDownLatch release = new CountDownLatch(1);
  private final int threads;
  volatile boolean bootFails;

  FakeChildren(int threads) {
    this.threads = threads;
  }

  @Override
  public ChildProcess launch(String id) throws IOException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    maxConcurrent.put(id, max);
    ran.put(id, new CopyOnWriteArrayList<>());
    FakeChild[] self = new FakeChild[1];
    Resizer r =
        new Resizer() {
          @Override
          public String name() {
            return "fake";
          }

          @Override
          public ResizeResult resize(Path source, List<Target> targets) throws ResizeException {
            String name = source.getFileName().toString();
            ran.get(id).add(name);
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              if (name.startsWith("crash")) {
                self[0].crash();
                park();
              }
              if (name.startsWith("hang")) {
                park();
              }
              if (name.startsWith("block")) {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              if (name.startsWith("assert")) {
                throw new AssertionError("a check in the code failed");
              }
              if (name.startsWith("linkage")) {
                throw new NoClassDefFoundError("io/hotshrink/Missing");
              }
              if (name.startsWith("vmerror")) {
                throw new InternalError("the JVM is in trouble");
              }
              if (name.startsWith("bad")) {
                throw new ResizeException(ResizeException.Kind.INPUT, "not a JPEG");
              }
              return new ResizeResult("fake", 10, 10, List.of(), 0, 0, 0);
            } finally {
              running.decrementAndGet();
            }
          }
        };
    FakeChild c = new FakeChild(id, r, threads, !bootFails);
    self[0] = c;
    launched.add(c);
    return c;
  }

  /**
   * These children as a launcher that says they are made from {@code spec}: a reload to it replaces
   * the children from this one (whose spec is {@link ChildSpec#UNSPECIFIED}).
   */
  ChildLauncher withSpec(ChildSpec spec) {
    return new ChildLauncher() {
      @Override
      public ChildProcess launch(String id) throws IOException {
        return FakeChildren.this.launch(id);
      }

      @Override
      public ChildSpec spec() {
        return spec;
      }
    };
  }

  private static void park() {
    while (true) {
      java.util.concurrent.locks.LockSupport.park();
    }
  }
}
