package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
