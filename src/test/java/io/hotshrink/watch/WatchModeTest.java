package io.hotshrink.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings.Watch.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchModeTest {
  @TempDir Path dir;

  @Test
  void autoPollsWhereOtherMachinesChangesRaiseNoEvents() {
    for (String type :
        new String[] {
          "nfs",
          "nfs4",
          "cifs",
          "smb3",
          "smbfs",
          "9p",
          "fuse.sshfs",
          "fuse.rclone",
          "fuseblk",
          "vboxsf",
          "virtiofs",
          "ceph"
        }) {
      WatchMode.Choice c = WatchMode.choose(Mode.AUTO, type);
      assertEquals(Mode.POLL, c.mode(), type);
      assertTrue(c.why().contains(type), c.why());
    }
  }

  @Test
  void autoUsesEventsOnLocalFileSystems() {
    for (String type : new String[] {"ext4", "xfs", "btrfs", "zfs", "tmpfs", "overlay", "apfs"}) {
      WatchMode.Choice c = WatchMode.choose(Mode.AUTO, type);
      assertEquals(Mode.EVENTS, c.mode(), type);
      assertTrue(c.why().startsWith("auto: it is on " + type), c.why());
    }
  }

  @Test
  void anExplicitModeIsObeyedEverywhere() {
    assertEquals(Mode.EVENTS, WatchMode.choose(Mode.EVENTS, "nfs4").mode());
    assertEquals(Mode.POLL, WatchMode.choose(Mode.POLL, "ext4").mode());
    assertTrue(WatchMode.choose(Mode.POLL, "ext4").why().contains("watch.mode = poll"));
  }

  @Test
  void theFileSystemTypeOfARealFolderIsKnown() {
    String type = WatchMode.fileSystemType(dir);
    assertTrue(!type.isBlank() && !type.equals("unknown"), type);
    assertEquals("unknown", WatchMode.fileSystemType(dir.resolve("missing")));
  }
}
