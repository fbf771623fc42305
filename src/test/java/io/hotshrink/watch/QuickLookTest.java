package io.hotshrink.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quick look for files renamed in whole ({@link Settler#appeared}), on a fake disk and a fake
 * clock: only a name that appeared with its content, untouched since and a whole JPEG, is handed on
 * before the settle window; any sign of a writer, and the normal rule applies.
 */
class QuickLookTest {
  private static final Path ROOT = Path.of("/hot");
  private static final Path A = ROOT.resolve("a.jpg");

  private final FakeClock clock = new FakeClock();
  private final SettlerTest.FakeDisk disk = new SettlerTest.FakeDisk();
  private final Settler settler = settler(Duration.ofMillis(100));

  private Settler settler(Duration quickLook) {
    return Settler.builder()
        .root(ROOT)
        .clock(clock)
        .settle(Duration.ofSeconds(1))
        .incompleteTimeout(Duration.ofMinutes(10))
        .quickLook(quickLook)
        .probe(disk)
        .linkIgnored(p -> {})
        .build();
  }

  private List<String> poll(Settler s) {
    List<String> names = new ArrayList<>();
    for (Settler.Settled d : s.poll()) {
      assertTrue(d.complete(), d.toString());
      names.add(d.source().relative().toString());
    }
    return names;
  }

  private List<String> poll() {
    return poll(settler);
  }

  private void after(long millis) {
    clock.advance(Duration.ofMillis(millis));
  }

  @Test
  void aWholeJpegRenamedInIsHandedOnAfterTheQuickLook() {
    long t0 = clock.millis();
    disk.put("a.jpg", 100, 5);
    settler.appeared(A);
    assertEquals(100, settler.millisUntilNextDue());
    after(99);
    assertEquals(List.of(), poll());
    after(1);
    List<Settler.Settled> out = settler.poll();
    assertEquals(1, out.size());
    assertEquals(t0, out.get(0).noticedAt());
    assertEquals(t0, out.get(0).unchangedSince());
    after(5000);
    assertEquals(List.of(), poll(), "handed on once");
  }

  @Test
  void aFileWrittenAfterItsNameAppearedWaitsTheWholeWindow() {
    // cp: the creation event, then one for each write; here the writes were done by the time the
    // events were taken in, so size and mtime never change again.
    disk.put("a.jpg", 100, 5);
    settler.appeared(A);
    settler.offer(A); // MODIFY
    after(100);
    assertEquals(List.of(), poll());
    after(899);
    assertEquals(List.of(), poll());
    after(1);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void aWriteBetweenTheEventAndTheQuickLookEndsIt() {
    disk.put("a.jpg", 100, 5);
    settler.appeared(A);
    after(50);
    disk.put("a.jpg", 100, 6); // written in place, its event not yet taken in
    after(50);
    assertEquals(List.of(), poll());
    after(999);
    assertEquals(List.of(), poll(), "the window counts from the change seen at the quick look");
    after(1);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void anEmptyNewFileIsBeingWrittenNotRenamedIn() {
    disk.put("a.jpg", 0, 5);
    settler.appeared(A);
    after(100);
    assertEquals(List.of(), poll());
    disk.put("a.jpg", 100, 6); // its writes' events not yet taken in
    after(900);
    assertEquals(List.of(), poll(), "seen changed at the end of its window: a new one starts");
    after(999);
    assertEquals(List.of(), poll());
    after(1);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void onlyACompleteJpegStructureCountsOnTheQuickLook() {
    for (JpegEnd.Verdict v : List.of(JpegEnd.Verdict.NO_END, JpegEnd.Verdict.MALFORMED)) {
      Path f = ROOT.resolve(v + ".jpg");
      disk.put(v + ".jpg", 100, 5);
      disk.verdicts.put(f, v);
      settler.appeared(f);
    }
    after(100);
    assertEquals(List.of(), poll());
    after(899);
    assertEquals(List.of(), poll());
    after(1);
    // The normal rule from then on: the malformed one goes to the decoder, the one without its
    // end waits for the rest.
    assertEquals(List.of("MALFORMED.jpg"), poll());
    assertEquals(1, settler.pending());
  }

  @Test
  void lostEventsEndEveryQuickLook() {
    disk.put("a.jpg", 100, 5);
    settler.appeared(A);
    settler.distrustEvents(); // the event of a write may have been among those lost
    after(100);
    assertEquals(List.of(), poll());
    after(900);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void filesFoundByAWalkWaitTheWholeWindow() {
    // At start-up or after lost events: nobody can tell how they got there.
    disk.put("a.jpg", 100, 5);
    settler.offer(A, disk.files.get(A));
    after(100);
    assertEquals(List.of(), poll());
    after(900);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void aFileAWalkFoundJustBeforeItsCreationEventCameStillGetsTheQuickLook() {
    // The start-up scan races the first file renamed in: its event is still the first one.
    disk.put("a.jpg", 100, 5);
    settler.offer(A, disk.files.get(A));
    after(30);
    settler.appeared(A);
    after(99);
    assertEquals(List.of(), poll(), "a whole quick look from the event");
    after(1);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void aCreationEventAfterAWriteEventGetsNoQuickLook() {
    disk.put("a.jpg", 100, 5);
    settler.offer(A, disk.files.get(A)); // found by a walk,
    settler.offer(A); // written to since,
    settler.appeared(A); // then something renamed over it: who knows what was written when
    after(100);
    assertEquals(List.of(), poll());
    after(900);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void aScanSeeingItChangedEndsTheQuickLook() {
    disk.put("a.jpg", 100, 5);
    settler.appeared(A);
    disk.put("a.jpg", 120, 6);
    settler.offer(A, disk.files.get(A));
    after(100);
    assertEquals(List.of(), poll());
    after(900);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void aRenameOverAFileStillBeingWrittenGetsNoQuickLook() {
    disk.put("a.jpg", 100, 5);
    settler.offer(A); // being written in place
    after(300);
    disk.put("a.jpg", 500, 9); // and now another file renamed over it
    settler.appeared(A);
    after(100);
    assertEquals(List.of(), poll());
    after(900);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void withoutAQuickLookEveryFileWaitsTheWholeWindow() {
    Settler plain = settler(Duration.ZERO);
    disk.put("a.jpg", 100, 5);
    plain.appeared(A);
    after(100);
    assertEquals(List.of(), poll(plain));
    after(900);
    assertEquals(List.of("a.jpg"), poll(plain));
    // A quick look as long as the window is no quick look either.
    Settler same = settler(Duration.ofSeconds(1));
    disk.put("b.jpg", 100, 5);
    same.appeared(ROOT.resolve("b.jpg"));
    after(100);
    assertFalse(poll(same).contains("b.jpg"));
  }
}
