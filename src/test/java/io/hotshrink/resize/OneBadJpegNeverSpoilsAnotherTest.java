package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.DamagedJpegs.Damage;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and good JPEGs, interleaved in random orders, all on one thread (one TurboJPEG handle,
 * one set of native buffers): what fails fails alone, what only warns is made, and every output
 * shows its own input, never the one before it. Both engines report the warning djpeg gives.
 */
class OneBadJpegNeverSpoilsAnotherTest {
  private static final int ROUNDS = 12;

  @TempDir Path tmp;

  static List<String> engines() {
    return Fixtures.engines();
  }

  /** An input: its file, the picture it holds (scaled to the output's size), its damage or null. */
  private record Input(Path file, BufferedImage scaled, Damage damage) {
    Input(Path file, Damage damage, BufferedImage picture) {
      this(file, ImageAssertions.reference(picture, 100, 75), damage);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void badFilesFailAloneAndEveryOutputShowsItsOwnInput(String engine) throws Exception {
    Resizer r = Fixtures.engine(engine);
    List<Input> inputs = new ArrayList<>();
    long seed = 1;
    for (int i = 0; i < 4; i++, seed++) {
      BufferedImage img = TestImages.photo(200, 150, seed);
      inputs.add(new Input(write("good" + i, TestImages.jpeg(img, 0.9f, i % 2 == 1)), null, img));
    }
    for (Damage d : Damage.values()) {
      BufferedImage img = TestImages.photo(200, 150, seed++);
      inputs.add(new Input(write(d.toString(), d.of(img)), d, img));
    }
    Random rnd = new Random(13);
    int made = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Collections.shuffle(inputs, rnd);
      for (Input in : inputs) {
        Path out = tmp.resolve("out-" + round + "-" + in.file().getFileName());
        String what = engine + ", round " + round + ", " + in.file().getFileName();
        if (in.damage() != null && in.damage().fatal) {
          ResizeException e =
              assertThrows(
                  ResizeException.class,
                  () -> r.resize(in.file(), List.of(Fixtures.scale(out, 0.5))),
                  what);
          assertEquals(ResizeException.Kind.INPUT, e.kind(), what);
          assertFalse(Files.exists(out) && Files.size(out) > 0, what + ": nothing written");
          continue;
        }
        ResizeResult res = r.resize(in.file(), List.of(Fixtures.scale(out, 0.5)));
        if (in.damage() == null) {
          assertNull(res.warning(), what);
        } else {
          assertEquals(in.damage().message, res.warning(), what + ": djpeg's warning");
        }
        assertOwnPicture(out, in, inputs, what);
        made++;
      }
    }
    long warnedKinds = Arrays.stream(Damage.values()).filter(d -> !d.fatal).count();
    assertEquals(ROUNDS * (4 + warnedKinds), made, "every good or only-warned input was made");
  }

  /** The output is the size expected, and closer to its own input than to any other. */
  private static void assertOwnPicture(Path out, Input own, List<Input> all, String what) {
    BufferedImage o = TestImages.read(out);
    assertEquals(100, o.getWidth(), what);
    assertEquals(75, o.getHeight(), what);
    double mine = ImageAssertions.psnr(own.scaled(), o);
    assertTrue(mine > 22, what + ": PSNR against its own input only " + mine);
    for (Input other : all) {
      if (other != own) {
        double theirs = ImageAssertions.psnr(other.scaled(), o);
        assertTrue(
            theirs < mine - 6,
            what + " looks like " + other.file().getFileName() + " (" + theirs + " dB)");
      }
    }
  }

  private Path write(String name, byte[] jpeg) throws Exception {
    return Files.write(tmp.resolve(name + ".jpg"), jpeg);
  }
}
