package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GeometryTest {
  @Test
  void scaleRoundsEachSideToTheNearestPixel() {
    assertArrayEquals(new int[] {2000, 1500}, Geometry.target(4000, 3000, 0.5, 0, 0));
    assertArrayEquals(new int[] {1001, 667}, Geometry.target(2001, 1333, 0.5, 0, 0));
    assertArrayEquals(new int[] {1, 1}, Geometry.target(3, 1, 0.1, 0, 0));
    assertArrayEquals(new int[] {640, 480}, Geometry.target(640, 480, 1.0, 0, 0));
  }

  @Test
  void fitKeepsTheAspectInsideTheBox() {
    assertArrayEquals(new int[] {1600, 1200}, Geometry.target(4000, 3000, 0, 1600, 1600));
    assertArrayEquals(new int[] {1200, 1600}, Geometry.target(3000, 4000, 0, 1600, 1600));
    assertArrayEquals(new int[] {320, 180}, Geometry.target(1920, 1080, 0, 320, 320));
  }

  @Test
  void fitNeverEnlarges() {
    assertArrayEquals(new int[] {800, 600}, Geometry.target(800, 600, 0, 1600, 1600));
  }
}
