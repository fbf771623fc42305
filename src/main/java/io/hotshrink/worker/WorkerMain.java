package io.hotshrink.worker;

import io.hotshrink.Threads;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
    String id = "w?";
    int threads = 1;
    String engineName = "java";
    long parentPid = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--id" -> id = args[i + 1];
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--engine" -> engineName = args[i + 1];
        case "--parent-pid" -> parentPid = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    // The engine loads on a thread of its own while this one sets up the logging: JNA and
    // libturbojpeg (JNA unpacks its stub and runs ldconfig) and logback take ~60 ms each, and a
    // child that just started has a core to spare (its parent waits for it). Ready 0.35 -> 0.32 s
    // (median of 21 paired starts; issue 18d).
    String engineToLoad = engineName;
    FutureTask<Resizer> engine = new FutureTask<>(() -> Engines.create(engineToLoad));
    Threads.named("hotshrink-engine-load").newThread(engine).start();
    Logger log = LoggerFactory.getLogger(WorkerMain.class);

    if (parentPid > 0) {
      ParentWatchdog.start(parentPid);
    }
    Resizer resizer;
    try {
      resizer = engine.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause(); // an Exception or an Error: what Engines.create threw
      if (cause instanceof Error error) {
        throw error;
      }
      if (!(cause instanceof IllegalStateException cannotLoad)) {
        throw (Exception) cause;
      }
      // The parent reports this (the tail of our stderr) and backs off: not a tight loop.
      log.error(cannotLoad.getMessage());
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
