package io.hotshrink.worker;

import io.hotshrink.logging.WorkerLogConfigurator;
import io.hotshrink.protocol.Codec;
import io.hotshrink.resize.Engines;
import io.hotshrink.resize.Resizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of a child JVM. Arguments: {@code --id W --threads N --engine E --parent-pid P}.
 *
 * <p>Stdout belongs to the protocol: before anything else runs, {@code System.out} is pointed at
 * stderr, so a stray println (ours or a library's) lands in the log instead of corrupting a frame.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    FileOutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    // Must be set before the first logger is created (see WorkerLogConfigurator).
    System.setProperty(WorkerLogConfigurator.PROPERTY, "true");
    Logger log = LoggerFactory.getLogger(WorkerMain.class);

    String id = "w?";
    int threads = 1;
    String engine = "java";
    long parentPid = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--id" -> id = args[i + 1];
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--engine" -> engine = args[i + 1];
        case "--parent-pid" -> parentPid = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (parentPid > 0) {
      ParentWatchdog.start(parentPid);
    }
    Resizer resizer;
    try {
      resizer = Engines.create(engine);
    } catch (IllegalStateException e) {
      // The parent reports this (the tail of our stderr) and backs off: not a tight loop.
      log.error(e.getMessage());
      System.exit(4);
      return;
    }
    Codec codec =
        new Codec(
            new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
            new BufferedOutputStream(protocolOut, 1 << 16));
    log.debug("worker {} up: engine {}, {} threads", id, resizer.name(), threads);
    int status =
        new WorkerLoop(codec, resizer, threads, FaultHook.fromSystemProperties(), System::exit)
            .run();
    System.exit(status);
  }
}
