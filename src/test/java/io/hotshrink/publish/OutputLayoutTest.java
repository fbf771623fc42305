package io.hotshrink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLayoutTest {
  private static final Path OUT = Path.of("/out");

  private static Settings.Rendition r(String name, String template) {
    return new Settings.Rendition(name, Settings.Sizing.scale(0.5), 85, template);
  }

  @Test
  void subFoldersAreMirroredAndTopLevelFilesLandAtTheTop() {
    OutputLayout l = new OutputLayout(OUT, List.of(r("half", "{dir}/{stem}.jpg")));
    assertEquals(Path.of("/out/a/b/x.jpg"), l.plan(Path.of("a/b/x.JPEG"), 1).get(0).target());
    assertEquals(Path.of("/out/x.jpg"), l.plan(Path.of("x.jpg"), 1).get(0).target());
  }

  @Test
  void severalRenditionsEachGetTheirOwnFile() {
    OutputLayout l =
        new OutputLayout(
            OUT,
            List.of(
                r("large", "{dir}/{stem}-{rendition}.jpg"), r("thumb", "thumbs/{dir}/{stem}.jpg")));
    List<Planned> p = l.plan(Path.of("trip/IMG 1.jpg"), 7);
    assertEquals(Path.of("/out/trip/IMG 1-large.jpg"), p.get(0).target());
    assertEquals(Path.of("/out/thumbs/trip/IMG 1.jpg"), p.get(1).target());
  }

  @Test
  void tempFilesAreHiddenSiblingsUniquePerJob() {
    OutputLayout l = new OutputLayout(OUT, List.of(r("half", "{dir}/{stem}.jpg")));
    Planned p = l.plan(Path.of("a/x.jpg"), 42).get(0);
    assertEquals(p.target().getParent(), p.temp().getParent());
    String name = p.temp().getFileName().toString();
    assertTrue(name.startsWith("."), name);
    assertTrue(OutputLayout.isTemp(name), name);
    assertTrue(name.contains("42"), name);
    assertTrue(!OutputLayout.isTemp("x.jpg"));
  }

  @Test
  void tempNamesOfVeryLongNamesStayWithinTheFileSystemsLimit() {
    String name = "long-" + "\u00fc".repeat(123) + ".jpg"; // 255 bytes in UTF-8
    assertEquals(255, name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    String temp = OutputLayout.tempName(name, 123456);
    assertTrue(temp.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255, temp);
    assertTrue(OutputLayout.isTemp(temp), temp);
    assertTrue(temp.endsWith("-123456.hstmp"), temp);
    String emoji = "\uD83D\uDE00".repeat(70) + ".jpg"; // 284 bytes: never split a character
    String t2 = OutputLayout.tempName(emoji, 7);
    assertTrue(t2.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255, t2);
    assertEquals(
        t2,
        new String(
            t2.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(".a.jpg." + OutputLayout.RUN + "-7.hstmp", OutputLayout.tempName("a.jpg", 7));
  }

  @Test
  void tempFilesOfAnEarlierRunAreStraysAndOursAreNot() {
    String ours = OutputLayout.tempName("a.jpg", 3);
    assertTrue(!OutputLayout.isStray(ours), ours);
    assertTrue(OutputLayout.isStray(".a.jpg.zzzzzz-3.hstmp"));
    assertTrue(OutputLayout.isStray(".a.jpg.3.hstmp"), "the naming before run ids");
    assertTrue(!OutputLayout.isStray("a.jpg"));
  }
}
