package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import io.hotshrink.testing.WatchModes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the name, the output has exactly the same one (byte for byte). */
class UnicodeNamesIT {
  @TempDir Path dir;

  static List<String> names() {
    String nfc = Normalizer.normalize("Café crème.jpg", Normalizer.Form.NFC);
    String nfd = Normalizer.normalize("Café crème.jpg", Normalizer.Form.NFD);
    assertNotEquals(nfc, nfd);
    String longName = "long-" + "ü".repeat(123) + ".jpg";
    assertEquals(255, longName.getBytes(StandardCharsets.UTF_8).length, "the usual limit");
    return List.of(
        "with  spaces .jpg",
        "quote's.jpg",
        "say \"cheese\".jpg",
        "#1 hash.jpg",
        "100% done %20.jpg",
        "new\nline.jpg",
        "emoji 😀🎉.jpg",
        longName,
        nfc,
        nfd,
        "Ünïcödé folder/naïve 日本語.jpg",
        "sub dir #2/%/x.jpg");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void everyNameIsProcessedAndWrittenUnderTheSameName(String mode) throws Exception {
    List<String> names = names();
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      for (int i = 0; i < names.size(); i++) {
        TestImages.write(d.in.resolve(names.get(i)), 320 + 2 * i, 240, i);
      }
      List<String> expected = names.stream().sorted().toList();
      assertEquals(expected, files(d.in), "the file system kept NFC and NFD apart");
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(expected, files(d.out)));
      for (String n : names) {
        ImageAssertions.assertScaledCopy(d.in.resolve(n), d.out.resolve(n), 0.5);
      }
      // Counted just after its files are in place (the journal and the source come first).
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == names.size());
    }
  }

  @Test
  void theLauncherReadsSuchNamesEvenWithoutALocale() throws Exception {
    // As under a bare systemd unit or cron: no LANG, no LC_*. Java would decode names as ASCII.
    Path photos = dir.resolve("photos");
    List<String> names = List.of("emoji 😀.jpg", "Ünïcödé/naïve.jpg");
    for (int i = 0; i < names.size(); i++) {
      TestImages.write(photos.resolve(names.get(i)), 320, 240, i);
    }
    ProcessBuilder pb = Launcher.builder(dir, Map.of(), "batch", "photos", "small");
    pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
    Tools.Run r = Tools.run(pb, Duration.ofMinutes(2));
    String log = r.out() + r.err();
    assertEquals(0, r.status(), log);
    assertTrue(log.contains("processed=2 failed=0"), log);
    assertEquals(names.stream().sorted().toList(), files(dir.resolve("small")));
  }
}
