package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hidden, temporary and non-JPEG files make no output, and do not upset the daemon. (A file named
 * like a JPEG that is not one is not ignored: it goes to the failed folder, see HostileInputsIT.)
 */
class IgnoredFilesIT {
  @TempDir Path dir;

  @Test
  void dotFilesPartFilesAndNonJpegsUnderOtherNamesProduceNothing() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      TestImages.write(d.in.resolve(".hidden.jpg"), 300, 200, 1);
      TestImages.write(d.in.resolve("._resource.jpg"), 300, 200, 2);
      TestImages.write(d.in.resolve(".rsync.jpg.Ab12Cd"), 300, 200, 3);
      TestImages.write(d.in.resolve("download.jpg.part"), 300, 200, 4);
      TestImages.write(d.in.resolve("sub/.cache/x.jpg"), 300, 200, 5);
      Files.writeString(d.in.resolve("notes.txt"), "this is not a picture\n");
      Files.write(d.in.resolve("empty.dat"), new byte[0]);
      Files.write(d.in.resolve("picture.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10});

      // A real photo dropped afterwards is still processed: the daemon kept going.
      TestImages.write(d.in.resolve("real.jpg"), 300, 200, 6);
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(d.out.resolve("real.jpg")));
      // Every file walked again and dealt with: still only the real photo.
      d.awaitRescanned();
      assertEquals(List.of("real.jpg"), files(d.out));
      assertEquals(List.of(), files(d.failed));
      assertTrue(Files.exists(d.in.resolve("notes.txt")), "left alone");
      assertEquals(1, d.daemon.count("published"));
      assertTrue(d.daemon.isWatching());
    }
  }
}
