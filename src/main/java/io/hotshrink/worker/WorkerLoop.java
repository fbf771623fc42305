package io.hotshrink.worker;

import io.hotshrink.Threads;
import io.hotshrink.protocol.Codec;
import io.hotshrink.protocol.Frame;
import io.hotshrink.protocol.WireFormat;
import io.hotshrink.resize.ResizeException;
import io.hotshrink.resize.ResizeResult;
import io.hotshrink.resize.Resizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child's main loop, independent of where its streams come from (a real child's stdin and
 * stdout, or pipes in a unit test): announce READY, then run each REQUEST on one of {@code threads}
 * job threads and answer with RESULT or FAILURE under the same id. End of input or an EXIT frame
 * means: finish what is running, then return.
 *
 * <p>Every job gets an answer, whatever it throws: a job thread that died silently would leave its
 * job to wait out {@code pool.job-timeout}, twice. After an error the JVM cannot be trusted to go
 * on from (a {@link VirtualMachineError} other than a stack overflow, or an answer that cannot be
 * written), the child ends at once with {@link #UNUSABLE} once it has answered: the parent sends
 * the other jobs it had again, elsewhere.
 */
public final class WorkerLoop {
  private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

  private final Codec codec;
  private final Resizer resizer;
  private final int threads;
  private final FaultHook faults;
  private final IntConsumer exit;

  /** The exit status of a child that cannot go on after an error in a job thread. */
  public static final int UNUSABLE = 3;

  /**
   * @param exit ends the child at once with the given status (in a real child: {@code System.exit})
   */
  public WorkerLoop(Codec codec, Resizer resizer, int threads, FaultHook faults, IntConsumer exit) {
    this.codec = codec;
    this.resizer = resizer;
    this.threads = threads;
    this.faults = faults;
    this.exit = exit;
  }

  /**
   * @return the exit status for the child: 0 after a clean end, 2 when the input was not ours
   */
  public int run() throws IOException {
    ExecutorService jobs = Executors.newFixedThreadPool(threads, Threads.numbered("hotshrink-job"));
    codec.write(
        Frame.of(
            Frame.Type.READY,
            0,
            Map.of(
                "pid", Long.toString(ProcessHandle.current().pid()),
                "engine", resizer.name(),
                "threads", Integer.toString(threads))));
    int status = 0;
    try {
      while (true) {
        Frame f = codec.read();
        if (f == null || f.type() == Frame.Type.EXIT) {
          break;
        }
        if (f.type() != Frame.Type.REQUEST) {
          log.warn("ignoring unexpected {} frame", f.type());
          continue;
        }
        jobs.execute(() -> handle(f));
      }
    } catch (IOException e) {
      log.error("reading requests failed: {}", e.toString());
      status = 2;
    }
    jobs.shutdown();
    try {
      // The parent enforces job deadlines; waiting here for as long as jobs run is safe.
      while (!jobs.awaitTermination(1, TimeUnit.MINUTES)) {
        log.info("waiting for running jobs before exiting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return status;
  }

  private void handle(Frame request) {
    Frame answer;
    Throwable unusable = null;
    try {
      Path source = WireFormat.source(request.fields());
      faults.before(source);
      ResizeResult r =
          resizer.resize(
              source, WireFormat.targets(request.fields()), WireFormat.options(request.fields()));
      answer = Frame.of(Frame.Type.RESULT, request.id(), WireFormat.result(r));
    } catch (ResizeException e) {
      Map<String, String> f = new java.util.LinkedHashMap<>(WireFormat.failure(e.kind(), e));
      f.put("engine", resizer.name());
      answer = Frame.of(Frame.Type.FAILURE, request.id(), f);
    } catch (Throwable e) { // a bug: RuntimeException, AssertionError, LinkageError, ...
      unusable = e instanceof VirtualMachineError && !(e instanceof StackOverflowError) ? e : null;
      try {
        answer = internal(request, e);
      } catch (Throwable again) { // cannot even make the answer (out of memory, say)
        answer = null;
        unusable = again;
      }
    }
    try {
      if (answer != null) {
        codec.write(answer);
      }
    } catch (IOException e) {
      // The parent is gone or has closed our stdout: nothing left to tell.
      log.debug("cannot answer job {}: {}", request.id(), e.toString());
    } catch (Throwable e) {
      unusable = e;
    }
    if (unusable != null) {
      log.error("job {}: the child cannot go on after {}: exiting", request.id(), unusable);
      exit.accept(UNUSABLE);
    }
  }

  private static Frame internal(Frame request, Throwable e) {
    try {
      log.error("job {} failed unexpectedly", request.id(), e);
    } catch (Throwable again) {
      // The log cannot be written (out of memory, say): the answer matters more.
    }
    return Frame.of(
        Frame.Type.FAILURE, request.id(), WireFormat.failure(ResizeException.Kind.INTERNAL, e));
  }
}
