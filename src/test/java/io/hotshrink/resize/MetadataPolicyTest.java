package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ExternalTools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code metadata = keep | strip | copyright} on a JPEG tagged by exiftool (EXIF with a thumbnail
 * and orientation 6, XMP, IPTC), read back by exiftool.
 */
class MetadataPolicyTest {
  @TempDir Path tmp;

  static List<String> engines() {
    return Fixtures.engines();
  }

  private String run(String engine, Options.Meta policy) throws Exception {
    Path o = tmp.resolve(policy + ".jpg");
    Fixtures.engine(engine)
        .resize(
            Fixtures.jpeg("meta.jpg"),
            List.of(Fixtures.scale(o, 0.5)),
            Fixtures.options(Options.Color.KEEP, policy));
    return ExternalTools.exif(o);
  }

  private static void has(String tags, String tag, String value) {
    assertTrue(
        tags.lines().anyMatch(l -> l.matches("\\[[^]]+\\]\\s+" + tag + "\\s+: " + value)),
        tag + " = " + value + " expected in:\n" + tags);
  }

  private static void hasNo(String tags, String tag) {
    assertFalse(
        tags.lines().anyMatch(l -> l.matches("\\[[^]]+\\]\\s+" + tag + "\\s+:.*")),
        tag + " not expected in:\n" + tags);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void keepCopiesExifXmpAndIptcWithoutTheThumbnailAndUpright(String engine) throws Exception {
    String tags = run(engine, Options.Meta.KEEP);
    has(tags, "Make", "Testcam");
    has(tags, "Artist", "Ada Lovelace");
    has(tags, "Copyright", "\\(c\\) 2024 Ada Lovelace");
    has(tags, "ImageDescription", "a test picture");
    has(tags, "GPSLatitude", ".*47.*");
    has(tags, "Creator", "Ada Lovelace");
    has(tags, "Rating", "4");
    has(tags, "Keywords", "keyword1");
    has(tags, "Caption-Abstract", "a caption");
    has(tags, "Orientation", "Horizontal \\(normal\\)");
    hasNo(tags, "ThumbnailImage");
    hasNo(tags, "ThumbnailOffset");
    // The picture was turned: 240x160 stored with orientation 6 is 80 wide, 120 high at 50%.
    has(tags, "ImageWidth", "80");
    has(tags, "ImageHeight", "120");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void stripLeavesNoMetadata(String engine) throws Exception {
    String tags = run(engine, Options.Meta.STRIP);
    for (String t :
        List.of(
            "Make",
            "Artist",
            "Copyright",
            "Creator",
            "Keywords",
            "By-line",
            "Orientation",
            "Rating",
            "ThumbnailImage")) {
      hasNo(tags, t);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void copyrightKeepsOnlyWhoMadeItAndWhoOwnsIt(String engine) throws Exception {
    String tags = run(engine, Options.Meta.COPYRIGHT);
    has(tags, "Artist", "Ada Lovelace");
    has(tags, "Copyright", "\\(c\\) 2024 Ada Lovelace");
    has(tags, "Creator", "Ada Lovelace");
    has(tags, "Rights", "All rights reserved");
    has(tags, "By-line", "Ada Lovelace");
    has(tags, "CopyrightNotice", "\\(c\\) 2024 Ada Lovelace");
    for (String t :
        List.of(
            "Make",
            "Model",
            "ImageDescription",
            "GPSLatitude",
            "Keywords",
            "Caption-Abstract",
            "Subject",
            "Rating",
            "Orientation",
            "ThumbnailImage")) {
      hasNo(tags, t);
    }
  }
}
