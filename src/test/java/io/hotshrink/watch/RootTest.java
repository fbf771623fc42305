package io.hotshrink.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happened to the hot folder between two looks. */
class RootTest {
  @TempDir Path dir;

  private static final Root HOT = new Root(Path.of("/srv/hot"), "dev1/ino1", false);
  private static final Root SHARE = new Root(Path.of("/mnt/share"), "dev9/ino1", true);

  @Test
  void aFolderThatStaysIsTheSame() {
    assertEquals(Root.Change.SAME, Root.compare(HOT, HOT, false));
    assertEquals(Root.Change.SAME, Root.compare(SHARE, SHARE, true));
  }

  @Test
  void aFolderThatDisappearsIsGoneAndStaysGoneUntilItIsBack() {
    assertEquals(Root.Change.GONE, Root.compare(HOT, null, false));
    assertEquals(Root.Change.SAME, Root.compare(null, null, false));
    assertEquals(Root.Change.BACK, Root.compare(null, HOT, false));
  }

  @Test
  void aMountPointLeftBareIsUnmountedNotAnEmptyHotFolder() {
    Root bare = new Root(Path.of("/mnt/share"), "dev1/ino77", false);
    assertEquals(Root.Change.UNMOUNTED, Root.compare(SHARE, bare, true));
    assertEquals(Root.Change.SAME, Root.compare(null, bare, true), "still waiting");
    assertEquals(Root.Change.BACK, Root.compare(null, SHARE, true));
  }

  @Test
  void aFolderCreatedAgainOrALinkRetargetedIsReplaced() {
    assertEquals(
        Root.Change.REPLACED,
        Root.compare(HOT, new Root(Path.of("/srv/hot"), "dev1/ino2", false), false));
    assertEquals(
        Root.Change.REPLACED,
        Root.compare(HOT, new Root(Path.of("/srv/other"), "dev1/ino1", false), false));
  }

  @Test
  void observingResolvesLinksAndTellsFoldersApart() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    Root r = Root.observe(link);
    assertEquals(real.toRealPath(), r.real());
    assertFalse(r.mountPoint(), "a temp folder is on its parent's device");
    assertNull(Root.observe(dir.resolve("missing")));
    assertNull(Root.observe(Files.createFile(dir.resolve("file"))));
    // Moved away and created again (the old inode lives on, so the new one cannot reuse it).
    Files.move(real, dir.resolve("real-old"));
    Files.createDirectory(real);
    assertNotEquals(r, Root.observe(link), "created again: another inode");
  }
}
