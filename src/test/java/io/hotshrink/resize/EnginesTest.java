package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnginesTest {
  @Test
  void aNamedEngineIsItselfAndAutoIsWhatTheSummarySays() {
    assertEquals("java", Engines.resolve("java"));
    assertEquals("turbojpeg", Engines.resolve("turbojpeg"));
    // The summary's words and the status' name agree: "turbojpeg (libjpeg-turbo)" or "java (...)".
    String described = Engines.describe("auto");
    assertEquals(
        described.startsWith("turbojpeg ") ? "turbojpeg" : "java", Engines.resolve("auto"));
    if (System.getenv("HOTSHRINK_CI") != null) {
      assertEquals("turbojpeg", Engines.resolve("auto"), "CI installs libturbojpeg0");
    }
  }

  @Test
  void autoIsTurbojpegWhereTheLibraryLoadsAndJavaWhereItDoesNot() {
    assertEquals("turbojpeg", Engines.resolve("auto", () -> true));
    assertEquals("java", Engines.resolve("auto", () -> false));
    assertEquals("turbojpeg", Engines.resolve("turbojpeg", () -> false), "named: itself");
    assertEquals("turbojpeg (libjpeg-turbo)", Engines.describe("auto", () -> true));
    assertTrue(
        Engines.describe("auto", () -> false).startsWith("java (libturbojpeg not found"),
        "the fallback says why and how to install the fast engine");
    assertTrue(
        Engines.describe("turbojpeg", () -> false).startsWith("turbojpeg, NOT loadable"),
        "a named engine that cannot load says so");
    assertEquals("java", Engines.describe("java", () -> true));
  }
}
