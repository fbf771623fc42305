package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecodePlanTest {
  private static final List<Integer> TJ = List.of(2, 4, 8);

  @Test
  void defaultModeLeavesAtLeastTwiceTheTargetForTheFilter() {
    // 50%: nothing left to scale in the decoder.
    assertEquals(1, DecodePlan.denominator(4000, 3000, 2000, 1500, Options.Mode.DEFAULT, TJ));
    // 1600 px from 6000: 1/2 would leave 3000 < 2 x 1600.
    assertEquals(1, DecodePlan.denominator(6000, 4000, 1600, 1067, Options.Mode.DEFAULT, TJ));
    // 320 px from 6000: 1/8 leaves 750 >= 640.
    assertEquals(8, DecodePlan.denominator(6000, 4000, 320, 213, Options.Mode.DEFAULT, TJ));
    // 800 px from 6000: 1/2 leaves 3000 >= 1600, 1/4 leaves 1500 < 1600.
    assertEquals(2, DecodePlan.denominator(6000, 4000, 800, 533, Options.Mode.DEFAULT, TJ));
  }

  @Test
  void fastModeScalesAsFarAsItGoesWithoutGoingBelowTheTarget() {
    assertEquals(2, DecodePlan.denominator(4000, 3000, 2000, 1500, Options.Mode.FAST, TJ));
    // Odd sizes: libjpeg rounds up, so 1/2 of 4001 is 2001 >= round(4001 / 2) = 2001.
    assertEquals(2, DecodePlan.denominator(4001, 3001, 2001, 1501, Options.Mode.FAST, TJ));
    assertEquals(2, DecodePlan.denominator(6000, 4000, 1600, 1067, Options.Mode.FAST, TJ));
    assertEquals(8, DecodePlan.denominator(6000, 4000, 320, 213, Options.Mode.FAST, TJ));
    assertEquals(1, DecodePlan.denominator(6000, 4000, 6000, 4000, Options.Mode.FAST, TJ));
  }

  @Test
  void withoutDctScalingTheDecodeIsFull() {
    assertEquals(1, DecodePlan.denominator(6000, 4000, 320, 213, Options.Mode.FAST, List.of()));
  }
}
