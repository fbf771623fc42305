package io.hotshrink.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import io.hotshrink.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's supervision, over fake children (real worker loop, pipes, no JVMs, no sleeps). */
class WorkerPoolTest {
  private final FakeClock clock = new FakeClock();
  private final List<ChildInfo> started = new CopyOnWriteArrayList<>();
  private final List<String> stopped = new CopyOnWriteArrayList<>();
  private final List<String> fatal = new CopyOnWriteArrayList<>();
  private final List<String> retried = new CopyOnWriteArrayList<>();

  /** Calls out of the pool made while it held its lock: there must be none. */
  private final List<String> calledUnderLock = new CopyOnWriteArrayList<>();

  private WorkerPool pool;
  private FakeChildren children;

  private static Settings.Pool settings(int workers, int threads, int recycleAfter, int jitter) {
    return settings(workers, threads, recycleAfter, jitter, Long.MAX_VALUE);
  }

  private static Settings.Pool settings(
      int workers, int threads, int recycleAfter, int jitter, long maxRss) {
    return new Settings.Pool(
        workers,
        threads,
        recycleAfter,
        jitter,
        "64m",
        List.of(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        maxRss,
        3);
  }

  private static Settings.Pool withJobTimeout(Settings.Pool s, Duration jobTimeout) {
    return new Settings.Pool(
        s.workers(),
        s.threads(),
        s.recycleAfter(),
        s.recycleJitter(),
        s.heap(),
        s.jvmOptions(),
        jobTimeout,
        s.shutdownGrace(),
        s.maxRssBytes(),
        s.maxBootFailures());
  }

  private void noteLock(String what) {
    if (pool != null && pool.lockHeldByCurrentThread()) {
      calledUnderLock.add(what);
    }
  }

  private void start(Settings.Pool s) {
    start(s, new FakeRss(true, Duration.ZERO, 0));
  }

  private void start(Settings.Pool s, Rss rss) {
    children = new FakeChildren(s.threads());
    PoolListener l =
        new PoolListener() {
          @Override
          public void childStarted(ChildInfo child) {
            noteLock("childStarted");
            started.add(child);
          }

          @Override
          public void childStopped(ChildInfo child, StopReason reason, String detail) {
            noteLock("childStopped");
            stopped.add(child.id() + ":" + reason);
          }

          @Override
          public void jobRetried(String lane, String label, StopReason reason) {
            noteLock("jobRetried");
            retried.add(label + ":" + reason);
          }

          @Override
          public void fatal(String why) {
            noteLock("fatal");
            fatal.add(why);
          }
        };
    WorkerPool.Timing timing =
        new WorkerPool.Timing(
            Duration.ofSeconds(1),
            Duration.ofSeconds(8),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    pool = new WorkerPool(s, children, clock, new Random(7), l, timing, rss);
    pool.start();
  }

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.shutdown(Duration.ZERO);
    }
    assertEquals(List.of(), calledUnderLock, "called while the pool held its lock");
  }

  /** Submits a job whose completion is checked for being called under the pool's lock. */
  private CompletableFuture<Reply> submit(String name) {
    CompletableFuture<Reply> f = pool.submit(name, Map.of("source", "/in/" + name, "targets", "0"));
    f.whenComplete((r, e) -> noteLock("future of " + name));
    return f;
  }

  private static Reply get(CompletableFuture<Reply> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<Reply> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void childrenAreRecycledAfterTheirBudgetAndEveryJobIsDone() throws Exception {
    start(settings(1, 1, 3, 0));
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      jobs.add(submit("p" + i + ".jpg"));
    }
    for (CompletableFuture<Reply> j : jobs) {
      assertTrue(get(j).ok());
    }
    assertTrue(children.launched.size() >= 4, "children: " + children.launched.size());
    children.ran.forEach((id, names) -> assertTrue(names.size() <= 3, id + " ran " + names));
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.size() >= 3);
    assertTrue(stopped.stream().allMatch(s -> s.endsWith("RECYCLED_COUNT")), stopped.toString());
  }

  @Test
  void budgetsCarryJitterFixedAtStart() throws Exception {
    start(settings(1, 1, 4, 3));
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      jobs.add(submit("p" + i + ".jpg"));
    }
    for (CompletableFuture<Reply> j : jobs) {
      get(j);
    }
    assertTrue(started.size() >= 6, "started " + started.size());
    for (ChildInfo c : started) {
      assertTrue(c.budget() >= 4 && c.budget() <= 7, "budget " + c.budget());
    }
    assertTrue(
        started.stream().map(ChildInfo::budget).distinct().count() > 1,
        "budgets should differ: " + started);
    children.ran.forEach(
        (id, names) -> {
          int budget =
              started.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().budget();
          assertTrue(names.size() <= budget, id + " ran " + names.size() + " > " + budget);
        });
  }

  @Test
  void aChildNeverRunsMoreThanItsThreads() throws Exception {
    start(settings(2, 3, 1000, 0));
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      jobs.add(submit("block" + i + ".jpg"));
    }
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 6);
    assertEquals(6, pool.queued());
    children.release.countDown();
    for (CompletableFuture<Reply> j : jobs) {
      assertTrue(get(j).ok());
    }
    children.maxConcurrent.values().forEach(m -> assertTrue(m.get() <= 3, "max " + m.get()));
  }

  @Test
  void aChildIsSentOneJobMoreThanItHasThreads() throws Exception {
    start(settings(1, 2, 1000, 0));
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(submit("block" + i + ".jpg"));
    }
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> pool.inFlight() == 2 && pool.waitingOnChildren() == 1);
    assertEquals(2, pool.queued(), "one on the child waiting for a thread, one in the pool");
    assertEquals(List.of("block0.jpg", "block1.jpg"), pool.inFlightLabels());
    children.release.countDown();
    for (CompletableFuture<Reply> j : jobs) {
      assertTrue(get(j).ok());
    }
    assertTrue(children.maxConcurrent.get("w1").get() <= 2);
  }

  @Test
  void aJobWaitingOnAChildHasItsDeadlineFromWhenAThreadTakesIt() throws Exception {
    start(settings(1, 1, 1000, 0)); // job-timeout 10 s
    CompletableFuture<Reply> first = submit("block-first.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    CompletableFuture<Reply> hung = submit("hang.jpg");
    assertEquals(1, pool.waitingOnChildren());
    clock.advance(Duration.ofSeconds(9));
    pool.tick();
    children.release.countDown();
    assertTrue(get(first).ok()); // hang.jpg has the thread from now (9 s)
    clock.advance(Duration.ofSeconds(9)); // 18 s after it was sent, 9 s after it started
    pool.tick();
    assertFalse(children.launched.get(0).hasExited(), "killed before its time");
    assertTrue(stopped.isEmpty(), stopped.toString());
    clock.advance(Duration.ofSeconds(2));
    pool.tick();
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w1:TIMEOUT"));
    assertFalse(hung.isDone(), "retried on a fresh child");
  }

  @Test
  void aJobWaitingOnAChildThatDiesIsSentAgainUnharmed() throws Exception {
    start(settings(1, 1, 1000, 0));
    CompletableFuture<Reply> running = submit("block-1.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    CompletableFuture<Reply> next = submit("next.jpg");
    assertEquals(1, pool.waitingOnChildren());
    children.launched.get(0).crash();
    // It never ran, so it cannot have killed the child: no quarantine, no attempt counted.
    Reply r = get(next);
    assertTrue(r.ok());
    assertEquals(1, r.attempt());
    assertFalse(retried.stream().anyMatch(s -> s.startsWith("next.jpg")), retried.toString());
    // The job that was running may have: it runs again alone, as its second attempt.
    children.release.countDown();
    assertEquals(2, get(running).attempt());
    assertTrue(retried.contains("block-1.jpg:CRASHED"), retried.toString());
  }

  @Test
  void aJobThatKillsItsChildTwiceFailsAndItsNeighboursDoNot() throws Exception {
    start(settings(1, 2, 1000, 0));
    CompletableFuture<Reply> innocent = submit("block-innocent.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    CompletableFuture<Reply> poison = submit("crash.jpg");
    // The first crash takes the innocent job down too; it is retried, alone, and succeeds.
    await().atMost(5, TimeUnit.SECONDS).until(() -> children.launched.size() >= 2);
    children.release.countDown();
    assertTrue(get(innocent).ok());
    assertEquals(2, get(innocent).attempt());
    Throwable e = failure(poison);
    WorkerLostException lost = assertInstanceOf(WorkerLostException.class, e);
    assertEquals(2, lost.attempts());
    assertEquals(StopReason.CRASHED, lost.reason());
    assertEquals("killed by signal 9 (SIGKILL)", lost.exitStatus());
    assertTrue(retried.contains("crash.jpg:CRASHED"), retried.toString());
    // The pool carries on with fresh children.
    assertTrue(get(submit("after.jpg")).ok());
  }

  @Test
  void aRetriedJobRunsAloneOnItsChild() throws Exception {
    start(settings(1, 4, 1000, 0));
    CompletableFuture<Reply> poison = submit("crash.jpg");
    failure(poison);
    // Every child that ran crash.jpg ran nothing else at the same time as it.
    children.ran.forEach(
        (id, names) -> {
          if (names.contains("crash.jpg")) {
            assertEquals(List.of("crash.jpg"), names, id);
          }
        });
  }

  @Test
  void aHungJobIsKilledAtItsDeadlineRetriedOnceThenFailed() throws Exception {
    start(settings(1, 2, 1000, 0));
    CompletableFuture<Reply> hung = submit("hang.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    clock.advance(Duration.ofSeconds(11));
    pool.tick();
    // Retried on a fresh child; hangs again.
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () -> children.ran.values().stream().filter(r -> r.contains("hang.jpg")).count() == 2);
    clock.advance(Duration.ofSeconds(11));
    pool.tick();
    WorkerLostException lost = assertInstanceOf(WorkerLostException.class, failure(hung));
    assertEquals(StopReason.TIMEOUT, lost.reason());
    assertEquals(2, lost.attempts());
    assertTrue(stopped.contains("w1:TIMEOUT"), stopped.toString());
  }

  @Test
  void theTimerGoesByThePoolsClock() throws Exception {
    start(settings(1, 1, 1000, 0));
    CompletableFuture<Reply> hung = submit("hang.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    // No tick() here: the pool's own timer notices that the clock moved past the deadline.
    clock.advance(Duration.ofSeconds(11));
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w1:TIMEOUT"));
    assertFalse(hung.isDone(), "retried on a fresh child");
  }

  @Test
  void theShutdownGracePeriodIsMeasuredOnThePoolsClock() throws Exception {
    start(settings(1, 1, 1000, 0));
    CompletableFuture<Reply> running = submit("block-1.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    CompletableFuture<Integer> abandoned =
        CompletableFuture.supplyAsync(() -> pool.shutdown(Duration.ofSeconds(5)));
    await().atMost(5, TimeUnit.SECONDS).until(() -> !pool.hasLiveChild()); // its grace has begun
    assertFalse(abandoned.isDone());
    clock.advance(Duration.ofSeconds(5)); // not yet the job's deadline (10 s)
    assertEquals(1, abandoned.get(10, TimeUnit.SECONDS));
    assertInstanceOf(PoolClosedException.class, failure(running));
  }

  @Test
  void aTimeoutDoesNotCountAgainstTheHungJobsNeighbours() throws Exception {
    start(settings(1, 2, 1000, 0));
    CompletableFuture<Reply> hung = submit("hang.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    clock.advance(Duration.ofSeconds(5));
    CompletableFuture<Reply> neighbour = submit("block-n.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 2);
    clock.advance(Duration.ofSeconds(6)); // past the hung job's deadline, not the neighbour's
    pool.tick();
    children.release.countDown();
    Reply r = get(neighbour);
    assertTrue(r.ok());
    assertEquals(1, r.attempt(), "the neighbour's retry is not counted as an attempt");
    assertFalse(hung.isDone());
  }

  @Test
  void failuresTheChildReportsAreAnswersNotCrashes() throws Exception {
    start(settings(1, 1, 1000, 0));
    Reply r = get(submit("bad.jpg"));
    assertFalse(r.ok());
    assertEquals("INPUT", r.fields().get("kind"));
    assertEquals(1, children.launched.size());
  }

  @Test
  void anyThrowableInAJobIsAnsweredAsAnInternalErrorAndTheChildGoesOn() throws Exception {
    start(settings(1, 1, 1000, 0));
    for (String name : List.of("assert.jpg", "linkage.jpg")) {
      Reply r = get(submit(name)); // without an answer: a wait for pool.job-timeout, twice
      assertFalse(r.ok(), name);
      assertEquals("INTERNAL", r.fields().get("kind"), name);
    }
    assertEquals(
        "java.lang.NoClassDefFoundError", get(submit("linkage2.jpg")).fields().get("error"));
    assertTrue(get(submit("after.jpg")).ok());
    assertEquals(1, children.launched.size(), "the same child all along");
  }

  @Test
  void afterAnErrorTheJvmCannotGoOnFromTheChildAnswersThenEnds() throws Exception {
    start(settings(1, 1, 1000, 0));
    Reply r = get(submit("vmerror.jpg"));
    assertFalse(r.ok());
    assertEquals("INTERNAL", r.fields().get("kind"));
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w1:CRASHED"));
    assertTrue(children.launched.get(0).hasExited());
    assertTrue(get(submit("after.jpg")).ok(), "on a fresh child");
  }

  @Test
  void childrenThatCannotStartAreRetriedWithBackoffThenReportedFatal() throws Exception {
    start(settings(1, 1, 1000, 0));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 1);
    children.bootFails = true;
    children.launched.get(0).crash(); // a child that was fine: replaced by one that cannot start
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w2:BOOT_FAILURE"));
    // Backing off: however long we wait in real time, no new launch until the clock moves.
    pool.tick();
    pool.tick();
    assertEquals(2, children.launched.size());
    clock.advance(Duration.ofSeconds(1));
    pool.tick();
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w3:BOOT_FAILURE"));
    clock.advance(Duration.ofSeconds(1));
    pool.tick();
    assertEquals(3, children.launched.size(), "the second pause is 2 s");
    CompletableFuture<Reply> waiting = submit("waiting.jpg"); // no child can take it
    clock.advance(Duration.ofSeconds(1));
    pool.tick();
    await().atMost(5, TimeUnit.SECONDS).until(() -> !fatal.isEmpty());
    assertEquals(4, children.launched.size());
    assertTrue(fatal.get(0).contains("3 times in a row"), fatal.get(0));
    assertInstanceOf(PoolClosedException.class, failure(waiting));
    assertInstanceOf(PoolClosedException.class, failure(submit("late.jpg")));
    assertEquals(1, fatal.size());
  }

  @Test
  void aLiveChildIsOneThatCanRunJobsNotOneThatCannotStart() throws Exception {
    start(settings(1, 1, 1000, 0));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 1);
    assertTrue(pool.hasLiveChild());
    CompletableFuture<Reply> running = submit("block-1.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    assertEquals(List.of("block-1.jpg"), pool.inFlightLabels());
    children.bootFails = true;
    children.launched.get(0).crash();
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w2:BOOT_FAILURE"));
    assertFalse(pool.hasLiveChild());
    assertEquals(List.of(), pool.inFlightLabels());
    assertFalse(running.isDone(), "waiting for a child that can start");
  }

  @Test
  void afterShutdownNoChildIsLive() throws Exception {
    start(settings(1, 1, 1000, 0));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 1);
    assertTrue(pool.hasLiveChild());
    pool.shutdown(Duration.ZERO);
    assertFalse(pool.hasLiveChild());
  }

  @Test
  void shutdownLetsRunningJobsFinishAndDropsQueuedOnes() throws Exception {
    start(settings(1, 1, 1000, 0));
    CompletableFuture<Reply> running = submit("block-1.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    CompletableFuture<Reply> next = submit("next.jpg"); // on the child, waiting for its thread
    CompletableFuture<Reply> queued = submit("q.jpg");
    CompletableFuture<Integer> abandoned =
        CompletableFuture.supplyAsync(() -> pool.shutdown(Duration.ofSeconds(30)));
    assertInstanceOf(PoolClosedException.class, failure(queued));
    assertFalse(abandoned.isDone());
    children.release.countDown();
    assertTrue(get(running).ok());
    assertTrue(get(next).ok(), "a job the child has is finished, like a running one");
    assertEquals(0, abandoned.get(10, TimeUnit.SECONDS));
    assertTrue(children.launched.stream().allMatch(FakeChild::hasExited));
  }

  @Test
  void reconfigureResizesThePoolAndReplacesChildrenGracefully() throws Exception {
    start(settings(1, 1, 1000, 0));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 1);
    CompletableFuture<Reply> running = submit("block-1.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);

    pool.reconfigure(settings(2, 1, 1000, 0), children); // the same children: only more of them
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 2);
    assertTrue(stopped.isEmpty(), "growing the pool retires nobody: " + stopped);

    // Children made another way (a new heap): all of them are replaced.
    pool.reconfigure(
        settings(2, 1, 1000, 0), children.withSpec(new ChildSpec("128m", List.of(), 1, "fake")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 4);
    // w2 was idle and leaves at once; w1 finishes its job first.
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w2:RELOADED"));
    assertFalse(running.isDone());
    children.release.countDown();
    assertTrue(get(running).ok());
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w1:RELOADED"));
    assertEquals(2, pool.children().size());
    assertTrue(get(submit("after.jpg")).ok());
  }

  @Test
  void aRetiringChildsReplacementStartsBeforeItLeaves() throws Exception {
    start(settings(1, 1, 1, 0));
    CompletableFuture<Reply> running = submit("block-1.jpg");
    // w1 has used its budget of one: w2 starts now, while w1 still works.
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 2);
    assertFalse(running.isDone());
    assertTrue(stopped.isEmpty(), stopped.toString());
    children.release.countDown();
    assertTrue(get(running).ok());
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w1:RECYCLED_COUNT"));
  }

  @Test
  void largestJobsGoFirstWhenManyAreWaiting() throws Exception {
    start(settings(1, 1, 1000, 0));
    CompletableFuture<Reply> first = submit("block-first.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    CompletableFuture<Reply> second = submit("block-second.jpg"); // sent ahead: waits on w1
    assertEquals(1, pool.waitingOnChildren());
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    jobs.add(pool.submit("small", Map.of("source", "/in/small.jpg", "targets", "0"), 10));
    jobs.add(pool.submit("big", Map.of("source", "/in/big.jpg", "targets", "0"), 9_000));
    jobs.add(pool.submit("mid", Map.of("source", "/in/mid.jpg", "targets", "0"), 500));
    jobs.add(pool.submit("mid2", Map.of("source", "/in/mid2.jpg", "targets", "0"), 500));
    children.release.countDown();
    get(first);
    get(second);
    for (CompletableFuture<Reply> j : jobs) {
      get(j);
    }
    assertEquals(
        List.of(
            "block-first.jpg", "block-second.jpg", "big.jpg", "mid.jpg", "mid2.jpg", "small.jpg"),
        children.ran.get("w1"));
  }

  @Test
  void aJobThatHasWaitedLongGoesAheadOfLargerOnes() throws Exception {
    // A job timeout beyond the aging limit: the pool's timer, which goes by the same clock, must
    // not kill the child of the job that runs while the others age.
    start(withJobTimeout(settings(1, 1, 1000, 0), Duration.ofMinutes(5)));
    CompletableFuture<Reply> first = submit("block-first.jpg");
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    CompletableFuture<Reply> small =
        pool.submit("small", Map.of("source", "/in/small.jpg", "targets", "0"), 10);
    clock.advance(Duration.ofSeconds(31)); // past the aging limit
    CompletableFuture<Reply> big =
        pool.submit("big", Map.of("source", "/in/big.jpg", "targets", "0"), 9_000);
    children.release.countDown();
    get(first);
    get(small);
    get(big);
    assertEquals(List.of("block-first.jpg", "small.jpg", "big.jpg"), children.ran.get("w1"));
  }

  private CompletableFuture<Reply> submitIn(String lane, String name, List<String> completed) {
    CompletableFuture<Reply> f =
        pool.submit(lane, name, Map.of("source", "/in/" + name, "targets", "0"), 0);
    f.whenComplete(
        (r, e) -> {
          noteLock("future of " + name);
          completed.add(name);
        });
    return f;
  }

  @Test
  void aFloodIntoOneFolderDoesNotHoldBackAnother() throws Exception {
    start(settings(1, 1, 10_000, 0));
    List<String> completed = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    jobs.add(submitIn("A", "block-a.jpg", completed)); // keeps the child busy while the rest queue
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    for (int i = 0; i < 300; i++) {
      jobs.add(submitIn("A", "a" + i + ".jpg", completed));
    }
    for (int i = 0; i < 10; i++) {
      jobs.add(submitIn("B", "b" + i + ".jpg", completed));
    }
    children.release.countDown();
    for (CompletableFuture<Reply> j : jobs) {
      assertTrue(get(j).ok());
    }
    assertEquals(311, completed.size());
    int lastOfB = completed.indexOf("b9.jpg");
    assertTrue(lastOfB > 0 && lastOfB <= 21, "B's last job came " + lastOfB + "th: " + completed);
    assertEquals(
        10,
        completed.subList(0, 22).stream().filter(n -> n.matches("b[0-9]+[.]jpg")).count(),
        "turn by turn");
  }

  @Test
  void aFolderOfHigherPriorityGetsMoreOfTheChildren() throws Exception {
    start(settings(1, 1, 10_000, 0));
    pool.lanePriorities(Map.of("B", 3));
    List<String> completed = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    jobs.add(submitIn("A", "block-a.jpg", completed));
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 1);
    for (int i = 0; i < 40; i++) {
      jobs.add(submitIn("A", "a" + i + ".jpg", completed));
      jobs.add(submitIn("B", "b" + i + ".jpg", completed));
    }
    children.release.countDown();
    for (CompletableFuture<Reply> j : jobs) {
      get(j);
    }
    List<String> first = completed.subList(1, 41);
    long fromB = first.stream().filter(n -> n.matches("b[0-9]+[.]jpg")).count();
    assertTrue(fromB >= 29 && fromB <= 31, fromB + " of B's in the first 40: " + first);
  }

  @Test
  void queuedAndRunningJobsAreCountedPerFolder() throws Exception {
    start(settings(1, 2, 1000, 0));
    List<String> completed = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Reply>> jobs = new ArrayList<>();
    jobs.add(submitIn("A", "block-a1.jpg", completed));
    jobs.add(submitIn("B", "block-b1.jpg", completed));
    await().atMost(5, TimeUnit.SECONDS).until(() -> pool.inFlight() == 2);
    for (int i = 0; i < 3; i++) {
      jobs.add(submitIn("A", "a" + i + ".jpg", completed));
    }
    jobs.add(submitIn("C", "c.jpg", completed));
    jobs.add(pool.submit("old-api", Map.of("source", "/in/old.jpg", "targets", "0")));
    assertEquals(Map.of("A", 1, "B", 1), pool.inFlightByLane());
    assertEquals(Map.of("A", 3, "C", 1, WorkerPool.DEFAULT_LANE, 1), pool.queuedByLane());
    assertEquals(5, pool.queued());
    children.release.countDown();
    for (CompletableFuture<Reply> j : jobs) {
      assertTrue(get(j).ok());
    }
    assertEquals(Map.of(), pool.queuedByLane());
    assertEquals(Map.of(), pool.inFlightByLane());
  }

  @Test
  void whereReadingMemoryStartsAProcessOneReadCoversEveryChildAndJobsAddNone() throws Exception {
    FakeRss rss = new FakeRss(false, Duration.ofSeconds(5), 0);
    start(settings(2, 1, 1000, 0), rss);
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.size() == 2);
    clock.advance(Duration.ofMillis(250));
    pool.tick(); // the first sample (unless the pool's own timer took it at this time)
    int first = rss.calls.size();
    for (int i = 0; i < 10; i++) {
      assertTrue(get(submit("p" + i + ".jpg")).ok());
    }
    assertEquals(first, rss.calls.size(), "no read after a job: " + rss.calls);
    for (int i = 0; i < 40; i++) { // 10 s of ticks
      clock.advance(Duration.ofMillis(250));
      pool.tick();
    }
    assertEquals(first + 2, rss.calls.size(), "one read every 5 s: " + rss.calls);
    for (List<Long> pids : rss.calls.subList(first, rss.calls.size())) {
      assertEquals(2, pids.size(), "one read for both children: " + rss.calls);
    }
  }

  @Test
  void whereMemoryIsReadOnlySometimesAChildOverMaxRssIsRecycledAtTheNextRead() throws Exception {
    FakeRss rss = new FakeRss(false, Duration.ofSeconds(5), 200L << 20);
    start(settings(1, 1, 1000, 0, 100L << 20), rss);
    assertTrue(get(submit("p.jpg")).ok());
    assertTrue(stopped.isEmpty(), "not read after the job: " + stopped);
    clock.advance(Duration.ofSeconds(5));
    pool.tick();
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w1:RECYCLED_MEMORY"));
    assertTrue(get(submit("after.jpg")).ok());
  }

  @Test
  void whereMemoryIsCheapToReadItIsReadAfterEveryJob() throws Exception {
    FakeRss rss = new FakeRss(true, Duration.ZERO, 200L << 20);
    start(settings(1, 1, 1000, 0, 100L << 20), rss);
    assertTrue(get(submit("p.jpg")).ok());
    await().atMost(5, TimeUnit.SECONDS).until(() -> stopped.contains("w1:RECYCLED_MEMORY"));
  }

  /** Reports {@code bytes} for every child, and records the pids of each read. */
  private static final class FakeRss implements Rss {
    final List<List<Long>> calls = new CopyOnWriteArrayList<>();
    private final boolean cheap;
    private final Duration interval;
    private final long bytes;

    FakeRss(boolean cheap, Duration interval, long bytes) {
      this.cheap = cheap;
      this.interval = interval;
      this.bytes = bytes;
    }

    @Override
    public Map<Long, Long> sample(java.util.Collection<Long> pids) {
      calls.add(List.copyOf(pids));
      Map<Long, Long> out = new java.util.HashMap<>();
      pids.forEach(p -> out.put(p, bytes));
      return out;
    }

    @Override
    public boolean cheap() {
      return cheap;
    }

    @Override
    public Duration interval() {
      return interval;
    }
  }
}
