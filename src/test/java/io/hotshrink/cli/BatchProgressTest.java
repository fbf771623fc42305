package io.hotshrink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The line written every interval when standard error is not a terminal (BatchProgressIT). */
class BatchProgressTest {
  @Test
  void countRateAndTimeLeft() {
    assertEquals(
        "batch: 1200 of 5000 images (24%), 3 failed, 24.0 images/s, about 2m 39s left,"
            + " 50s elapsed",
        BatchProgress.line(5000, 1197, 3, Duration.ofSeconds(50)));
  }

  @Test
  void beforeAnythingIsDoneTheTimeLeftIsNotKnown() {
    assertEquals(
        "batch: 0 of 30 images (0%), 0 failed, 0.0 images/s, time left not known yet,"
            + " 2s elapsed",
        BatchProgress.line(30, 0, 0, Duration.ofSeconds(2)));
  }

  @Test
  void whileStillLookingForImagesThereIsNoTotal() {
    assertEquals(
        "batch: 40 images done, still looking for more, 1 failed, 4.0 images/s, 10s elapsed",
        BatchProgress.line(-1, 39, 1, Duration.ofSeconds(10)));
  }

  @Test
  void atTheEndNoTimeIsLeft() {
    assertEquals(
        "batch: 30 of 30 images (100%), 0 failed, 10.0 images/s, 3s elapsed",
        BatchProgress.line(30, 30, 0, Duration.ofSeconds(3)));
  }
}
