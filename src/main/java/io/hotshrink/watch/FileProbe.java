package io.hotshrink.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** What the settler needs to know about a file. An interface so unit tests can fake the disk. */
interface FileProbe {

  /** Size and modification time, as observed now. */
  record Stat(long size, long mtimeMillis) {}

  /** The file's stat, or empty when it is gone or is not a regular file (a link, a folder). */
  Optional<Stat> stat(Path file);

  /**
   * True when the file starts with the JPEG start-of-image marker, FF D8: what libjpeg requires (it
   * passes over anything between that and the next marker).
   */
  boolean startsLikeJpeg(Path file) throws IOException;

  /** Whether the file is a JPEG, and whether all of its image has arrived. */
  JpegEnd.Verdict inspect(Path file) throws IOException;

  /** The first {@code n} bytes of the file (fewer when it is shorter). */
  byte[] head(Path file, int n) throws IOException;

  /** True when {@code path} itself is a symbolic link. */
  boolean isSymbolicLink(Path path);

  /**
   * True when the folder holding {@code file}, with symbolic links resolved, is not below {@code
   * root} (a real path): a folder on the way is a link out of the tree. Also true when it is gone.
   */
  boolean outsideRoot(Path root, Path file);

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
          } catch (IOException e) {
            // Gone (NoSuchFileException), or unreadable for now: either way not a candidate.
            return Optional.empty();
          }
        }

        @Override
        public boolean startsLikeJpeg(Path file) throws IOException {
          try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8;
          }
        }

        @Override
        public JpegEnd.Verdict inspect(Path file) throws IOException {
          try (FileChannel ch =
              FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return JpegEnd.check(ch);
          }
        }

        @Override
        public byte[] head(Path file, int n) throws IOException {
          try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(n);
          }
        }

        @Override
        public boolean isSymbolicLink(Path path) {
          return Files.isSymbolicLink(path);
        }

        @Override
        public boolean outsideRoot(Path root, Path file) {
          Path dir = file.getParent();
          try {
            return dir == null || !dir.toRealPath().startsWith(root);
          } catch (IOException e) {
            return true;
          }
        }
      };
}
