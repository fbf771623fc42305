package io.hotshrink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings.Lifecycle.OnConflict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs in the way (on-conflict) and the failed folder, on real temp folders. */
class PublisherTest {
  @TempDir Path dir;
  private Path out;
  private Publisher publisher;

  @BeforeEach
  void folders() throws IOException {
    out = Files.createDirectories(dir.resolve("out"));
    publisher = new Publisher(dir.resolve("failed"));
  }

  /** A rendition whose temp file holds {@code content}. */
  private Planned planned(String target, String content) throws IOException {
    Path t = out.resolve(target);
    Path temp = t.resolveSibling(OutputLayout.tempName(t.getFileName().toString(), 1));
    Files.writeString(temp, content);
    return new Planned("r", temp, t);
  }

  private List<Planned> publish(OnConflict policy, Set<Path> own, Planned... p) throws IOException {
    List<Planned> resolved = publisher.resolve("x.jpg", List.of(p), policy, own::contains);
    publisher.publish(resolved);
    return resolved;
  }

  @Test
  void replaceOverwritesAnOutputThatIsInTheWay() throws IOException {
    Files.writeString(out.resolve("x.jpg"), "someone else's");
    publish(OnConflict.REPLACE, Set.of(), planned("x.jpg", "new"));
    assertEquals("new", Files.readString(out.resolve("x.jpg")));
  }

  @Test
  void skipLeavesItAndWritesNothingInItsPlace() throws IOException {
    Files.writeString(out.resolve("x.jpg"), "someone else's");
    Planned p = planned("x.jpg", "new");
    List<Planned> resolved = publish(OnConflict.SKIP, Set.of(), p, planned("y.jpg", "y"));
    assertEquals(List.of(out.resolve("y.jpg")), resolved.stream().map(Planned::target).toList());
    assertEquals("someone else's", Files.readString(out.resolve("x.jpg")));
    assertFalse(Files.exists(p.temp()), "the skipped rendition's temp file is gone");
    assertEquals("y", Files.readString(out.resolve("y.jpg")));
  }

  @Test
  void renameTakesTheFirstFreeNumber() throws IOException {
    Files.writeString(out.resolve("x.jpg"), "a");
    Files.writeString(out.resolve("x (2).jpg"), "b");
    publish(OnConflict.RENAME, Set.of(), planned("x.jpg", "new"));
    assertEquals("a", Files.readString(out.resolve("x.jpg")));
    assertEquals("b", Files.readString(out.resolve("x (2).jpg")));
    assertEquals("new", Files.readString(out.resolve("x (3).jpg")));
  }

  @Test
  void anOutputThisInputWroteIsReplacedWhateverThePolicy() throws IOException {
    for (OnConflict policy : OnConflict.values()) {
      Files.writeString(out.resolve("x.jpg"), "old version");
      publish(policy, Set.of(out.resolve("x.jpg")), planned("x.jpg", "new " + policy));
      assertEquals("new " + policy, Files.readString(out.resolve("x.jpg")));
      assertFalse(Files.exists(out.resolve("x (2).jpg")));
    }
  }

  @Test
  void renameReusesTheNumberedNameThisInputWroteBefore() throws IOException {
    Files.writeString(out.resolve("x.jpg"), "another input's");
    Files.writeString(out.resolve("x (2).jpg"), "this input's older version");
    publish(OnConflict.RENAME, Set.of(out.resolve("x (2).jpg")), planned("x.jpg", "new"));
    assertEquals("new", Files.readString(out.resolve("x (2).jpg")));
    assertFalse(Files.exists(out.resolve("x (3).jpg")));
  }

  @Test
  void aFailedInputThatIsGoneLeavesNoSidecarBehind() throws IOException {
    // cluster mode: the host that took the input over moved it aside first
    Files.createDirectories(dir.resolve("failed/sub"));
    Files.writeString(dir.resolve("failed/sub/x.jpg"), "moved by the other host");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", "cannot decode");
    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> publisher.fail(dir.resolve("in/sub/x.jpg"), Path.of("sub/x.jpg"), details));
    try (var files = Files.list(dir.resolve("failed/sub"))) {
      assertEquals(List.of("x.jpg"), files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  void aFailedInputMovesWithItsSidecarAndAnEarlierFailureKeepsItsName() throws IOException {
    Path in = Files.createDirectories(dir.resolve("in/sub"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", "cannot decode: bad Huffman table");
    details.put("error", "INPUT");
    details.put("attempts", 1);
    for (String content : List.of("first", "second")) {
      Files.writeString(in.resolve("x.jpg"), content);
      publisher.fail(in.resolve("x.jpg"), Path.of("sub/x.jpg"), details);
    }
    Path failed = dir.resolve("failed/sub");
    assertEquals("first", Files.readString(failed.resolve("x.jpg")));
    assertEquals("second", Files.readString(failed.resolve("x (2).jpg")));
    String json = Files.readString(failed.resolve("x (2).jpg.error.json"));
    assertTrue(json.contains("\"source\" : \"sub/x.jpg\""), json);
    assertTrue(json.contains("\"attempts\" : 1"), json);
    assertTrue(json.contains("bad Huffman table"), json);
    assertFalse(Files.exists(in.resolve("x.jpg")));
    try (var files = Files.list(failed)) {
      assertTrue(files.noneMatch(f -> OutputLayout.isTemp(f.getFileName().toString())));
    }
  }

  @Test
  void aSidecarLeftByACrashBeforeTheMoveIsReplacedByTheNextAttempts() throws IOException {
    // The previous run wrote x.jpg.error.json and died before moving x.jpg.
    Path failed = Files.createDirectories(dir.resolve("failed"));
    Files.writeString(failed.resolve("x.jpg.error.json"), "{ \"reason\" : \"old\" }");
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("x.jpg"), "data");
    publisher.fail(in.resolve("x.jpg"), Path.of("x.jpg"), Map.of("reason", "new"));
    assertEquals("data", Files.readString(failed.resolve("x.jpg")));
    assertTrue(Files.readString(failed.resolve("x.jpg.error.json")).contains("new"));
  }
}
