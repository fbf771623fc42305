package io.hotshrink.pool;

import java.io.IOException;

/** Starts one child. The production launcher is {@link JvmLauncher}; tests pass fakes. */
@FunctionalInterface
public interface ChildLauncher {
  /**
   * @param id the child's id, e.g. {@code w3}
   */
  ChildProcess launch(String id) throws IOException;

  /** How children are started, for the log (the exact command line, for real JVMs). */
  default String describe() {
    return getClass().getSimpleName();
  }

  /**
   * What the children it starts are made of. On {@link WorkerPool#reconfigure} the pool compares
   * the old launcher's spec with the new one's: its children are replaced when they differ. A
   * launcher that does not say (a test's fake) starts all its children alike.
   */
  default ChildSpec spec() {
    return ChildSpec.UNSPECIFIED;
  }
}
