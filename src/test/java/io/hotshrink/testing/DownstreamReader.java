package io.hotshrink.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.imageio.ImageIO;

/**
 * A downstream consumer of a drop folder while daemons work: walks it over and over, opens every
 * *.jpg it finds and checks that it is whole (ends with FF D9, decodes), as a program picking up
 * outputs would. Each version of a file (its inode) is checked once; a name that shows a second
 * version was published twice.
 */
public final class DownstreamReader implements AutoCloseable {
  private final Path out;
  private final Thread thread;
  private final Map<String, Set<Object>> versions = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile boolean stop;

  /** Starts reading {@code out} (which may not exist yet) on a thread of its own. */
  public DownstreamReader(Path out) {
    this.out = out;
    this.thread = new Thread(this::loop, "downstream-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stop) {
      pass();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a poller's pace
    }
  }

  private void pass() {
    for (String name : RunningDaemon.files(out)) {
      if (name.endsWith(".jpg")) {
        check(name);
      }
    }
  }

  private void check(String name) {
    Path p = out.resolve(name);
    try {
      Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
      if (!versions.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(key)) {
        return;
      }
      byte[] b = Files.readAllBytes(p);
      if (b.length < 4 || (b[b.length - 2] & 0xff) != 0xFF || (b[b.length - 1] & 0xff) != 0xD9) {
        problems.add(name + ": " + b.length + " bytes, no end-of-image marker");
      } else if (ImageIO.read(new ByteArrayInputStream(b)) == null) {
        problems.add(name + ": not an image");
      }
    } catch (NoSuchFileException e) {
      // renamed over or gone between the listing and the open: not a partial file
    } catch (IOException | RuntimeException e) {
      problems.add(name + ": " + e);
    }
  }

  /** Stops the thread and checks what appeared since its last pass. */
  public void lastPass() throws InterruptedException {
    stop = true;
    thread.join();
    pass();
  }

  /** Files seen partial or undecodable, with what was wrong. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Every name seen, sorted. */
  public List<String> seen() {
    return new TreeMap<>(versions).keySet().stream().toList();
  }

  /** Names seen in more than one version. */
  public List<String> replaced() {
    List<String> r = new ArrayList<>();
    new TreeMap<>(versions)
        .forEach(
            (name, keys) -> {
              if (new HashSet<>(keys).size() > 1) {
                r.add(name);
              }
            });
    return r;
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
