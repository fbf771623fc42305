package io.hotshrink.pool;

import io.hotshrink.config.Settings;
import java.util.List;
import java.util.Objects;

/**
 * How a child JVM is started: what its command line is made of. Children started from equal specs
 * are interchangeable, so a reload that keeps the spec keeps the running children (only the pool's
 * size and limits change), and one that changes it replaces them all. Everything else a job needs
 * (renditions, quality, resize mode and filter, limits) travels with each request, and is not part
 * of it.
 *
 * @param heap the child's {@code -Xmx} ({@code pool.heap})
 * @param jvmOptions {@code pool.jvm-options}
 * @param threads jobs a child runs at once ({@code pool.threads})
 * @param engine the resize engine it loads ({@code resize.engine})
 */
public record ChildSpec(String heap, List<String> jvmOptions, int threads, String engine) {
  /** The spec of a launcher that does not say (a test's fake): all its children alike. */
  static final ChildSpec UNSPECIFIED = new ChildSpec("", List.of(), 0, "");

  public ChildSpec {
    Objects.requireNonNull(heap, "heap");
    Objects.requireNonNull(engine, "engine");
    jvmOptions = List.copyOf(jvmOptions);
  }

  public static ChildSpec of(Settings.Pool pool, String engine) {
    return new ChildSpec(pool.heap(), pool.jvmOptions(), pool.threads(), engine);
  }

  /** The spec of the children {@code s} asks for. */
  public static ChildSpec of(Settings s) {
    return of(s.pool(), s.resize().engine());
  }
}
