package io.hotshrink.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The daemon's summary names the engine as configured; its children load it and say which. */
class StartupSummaryTest {
  @Test
  void theDaemonLeavesTheLibraryToItsChildren() {
    assertEquals("java", StartupSummary.daemonEngine("java"));
    assertTrue(StartupSummary.daemonEngine("turbojpeg").startsWith("turbojpeg (each child loads"));
    assertTrue(
        StartupSummary.daemonEngine("auto").startsWith("auto (turbojpeg where libturbojpeg loads"));
  }
}
