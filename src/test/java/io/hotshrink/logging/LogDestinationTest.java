package io.hotshrink.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogDestinationTest {
  @Test
  void journalOnlyWhenJournalStreamNamesOurStandardOutput() {
    assertEquals("journal", LogDestination.decide("65024:1097830", Optional.of("65024:1097830")));
    assertEquals("journal", LogDestination.decide("65024:1097830\n", Optional.of("65024:1097830")));
  }

  @Test
  void inheritedVariableWithRedirectedOutputIsTheConsole() {
    // e.g. a terminal started from a desktop session under systemd, or `run > file`
    assertEquals("console", LogDestination.decide("65024:1097830", Optional.of("65024:7")));
  }

  @Test
  void noVariableIsTheConsole() {
    assertEquals("console", LogDestination.decide(null, Optional.of("1:2")));
    assertEquals("console", LogDestination.decide("", Optional.empty()));
  }

  @Test
  void withoutProcTheVariableIsTrusted() {
    assertEquals("journal", LogDestination.decide("1:2", Optional.empty()));
  }
}
