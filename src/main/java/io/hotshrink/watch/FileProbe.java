package io.hotshrink.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** What the settler needs to know about a file. An interface so unit tests can fake the disk. */
interface FileProbe {

  /** Size and modification time, as observed now. */
  record Stat(long size, long mtimeMillis) {}

  /** The file's stat, or empty when it is gone or is not a regular file. */
  Optional<Stat> stat(Path file);

  /** True when the file starts with the JPEG start-of-image marker and a marker: FF D8 FF. */
  boolean startsLikeJpeg(Path file) throws IOException;

  /** The real disk. Symbolic links are not followed: a link is not an input. */
  FileProbe DISK =
      new FileProbe() {
        @Override
        public Optional<Stat> stat(Path file) {
          try {
            BasicFileAttributes a =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile()
                ? Optional.of(new Stat(a.size(), a.lastModifiedTime().toMillis()))
                : Optional.empty();
          } catch (NoSuchFileException e) {
            return Optional.empty();
          } catch (IOException e) {
            return Optional.empty();
          }
        }

        @Override
        public boolean startsLikeJpeg(Path file) throws IOException {
          try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            return head.length == 3
                && (head[0] & 0xff) == 0xFF
                && (head[1] & 0xff) == 0xD8
                && (head[2] & 0xff) == 0xFF;
          }
        }
      };
}
