package io.hotshrink.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.DamagedJpegs.Damage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each damaged JPEG is what it claims to be, by libjpeg-turbo's own djpeg. */
class DamagedJpegsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Damage.class)
  void djpegSaysWhatTheDamageClaims(Damage damage) throws Exception {
    Path file = tmp.resolve(damage + ".jpg");
    Files.write(file, damage.of(TestImages.photo(200, 150, 1)));
    ExternalTools.Djpeg d = ExternalTools.djpeg(file);
    assertEquals(damage.fatal ? 1 : 2, d.status(), damage + ": djpeg said " + d.messages());
    assertEquals(damage.message, d.last(), damage.toString());
  }
}
