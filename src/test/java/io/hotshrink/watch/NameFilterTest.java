package io.hotshrink.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NameFilterTest {
  @Test
  void ordinaryPhotosAreInputsWhateverTheirNameOrCase() {
    for (String n :
        new String[] {
          "a.jpg", "B.JPEG", "a b#%'\".jpg", "😀.jpg", "sub/dir/x.Jpg", "no-extension"
        }) {
      assertFalse(NameFilter.ignored(Path.of(n)), n);
    }
  }

  @Test
  void hiddenTemporaryAndLockNamesAreNot() {
    for (String n :
        new String[] {
          ".x.jpg",
          "._x.jpg",
          ".x.jpg.AbC123",
          "x.jpg.part",
          "x.JPG.PART",
          "x.tmp",
          "x.jpg.crdownload",
          "~$x.jpg",
          ".Trash-1000/x.jpg",
          "a/.b/x.jpg",
          "@eaDir/x.jpg"
        }) {
      assertTrue(NameFilter.ignored(Path.of(n)), n);
    }
  }
}
