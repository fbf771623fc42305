package io.hotshrink.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Test-only fault injection: makes the child crash, hang or run out of memory on a file whose name
 * contains a marker. Switched on only by the system property {@code hotshrink.test.faults}, e.g.
 * {@code
 * crash=CRASHME;hang=HANGME;oom=OOMME;exit=EXITME;internal=BUGGY;slow=SLOWME:2000;hold=BIG:96;
 * gate=GATED:/tmp/x/open} (slow: sleep that many milliseconds first; internal: an unexpected
 * exception, as a bug would throw; hold: keep that many MB allocated and touched for the child's
 * life, as a leak would; gate: wait until that file exists, so a test can act while the job is
 * surely running), which hotshrink's tests put on the children's command line (through the pool's
 * launcher, or {@code JAVA_TOOL_OPTIONS} for a packaged daemon): the parent passes none of its own
 * system properties on. A user's configuration cannot reach it: the settings loader rejects {@code
 * -Dhotshrink.test*} in {@code pool.jvm-options}.
 */
public final class FaultHook {
  public static final String PROPERTY = "hotshrink.test.faults";

  private static final FaultHook NONE = new FaultHook(Map.of());

  private final Map<String, String> markers;
  // What "hold" keeps: reachable for the child's life, so its resident memory stays up.
  private static final List<byte[]> HELD = new ArrayList<>();

  private FaultHook(Map<String, String> markers) {
    this.markers = markers;
  }

  public static FaultHook fromSystemProperties() {
    String spec = System.getProperty(PROPERTY);
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    Map<String, String> m = new HashMap<>();
    for (String part : spec.split(";")) {
      String[] kv = part.split("=", 2);
      if (kv.length == 2 && !kv[1].isEmpty()) {
        m.put(kv[0].trim(), kv[1].trim());
      }
    }
    return new FaultHook(m);
  }

  void before(Path source) {
    if (markers.isEmpty()) {
      return;
    }
    String name = source.getFileName().toString();
    if (matches("crash", name)) {
      // As close to a native crash or the OOM killer as Java gets: SIGKILL to ourselves (the JDK
      // refuses to destroy the current process, so ask kill(1)).
      try {
        new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
            .start()
            .waitFor();
      } catch (java.io.IOException e) {
        Runtime.getRuntime().halt(137);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      while (true) {
        LockSupport.park();
      }
    }
    if (matches("exit", name)) {
      Runtime.getRuntime().halt(70);
    }
    String gate = markers.get("gate");
    if (gate != null && gate.contains(":") && name.contains(gate.substring(0, gate.indexOf(':')))) {
      Path open = Path.of(gate.substring(gate.indexOf(':') + 1));
      while (!java.nio.file.Files.exists(open)) {
        LockSupport.parkNanos(10_000_000L);
      }
    }
    OptionalLong slow = amount("slow", name, 2000);
    if (slow.isPresent()) {
      try {
        Thread.sleep(slow.getAsLong());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    OptionalLong hold = amount("hold", name, 64);
    if (hold.isPresent()) {
      byte[] leak = new byte[(int) (hold.getAsLong() << 20)];
      java.util.Arrays.fill(leak, (byte) 1); // touched, so resident
      synchronized (HELD) {
        HELD.add(leak);
      }
    }
    if (matches("internal", name)) {
      throw new IllegalStateException("test fault: an internal error on " + name);
    }
    if (matches("hang", name)) {
      while (true) {
        LockSupport.park();
      }
    }
    if (matches("oom", name)) {
      List<long[]> hog = new ArrayList<>();
      while (true) {
        hog.add(new long[1 << 20]);
      }
    }
  }

  /**
   * For a fault given as {@code MARKER:N} ({@code slow}, {@code hold}): N ({@code dflt} when left
   * out) if {@code name} holds the marker, else empty.
   */
  private OptionalLong amount(String fault, String name, long dflt) {
    String spec = markers.get(fault);
    if (spec == null) {
      return OptionalLong.empty();
    }
    String[] markerAndN = spec.split(":", 2);
    if (!name.contains(markerAndN[0])) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(markerAndN.length > 1 ? Long.parseLong(markerAndN[1]) : dflt);
  }

  private boolean matches(String fault, String name) {
    String marker = markers.get(fault);
    return marker != null && name.contains(marker);
  }
}
