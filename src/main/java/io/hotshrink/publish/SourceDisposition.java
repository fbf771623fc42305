package io.hotshrink.publish;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What happens to a source once every rendition of it is durably published: {@code after-success =
 * keep | archive | delete}. Never called before that.
 */
public final class SourceDisposition {
  /** Leaves every source where it is ({@code batch}, and {@code after-success = keep}). */
  public static final SourceDisposition KEEP =
      new SourceDisposition(Settings.Lifecycle.AfterSuccess.KEEP, null);

  private final Settings.Lifecycle.AfterSuccess mode;
  private final Path archiveRoot;

  private SourceDisposition(Settings.Lifecycle.AfterSuccess mode, Path archiveRoot) {
    this.mode = mode;
    this.archiveRoot = archiveRoot;
  }

  public static SourceDisposition of(Settings.Lifecycle l) {
    return l.afterSuccess() == Settings.Lifecycle.AfterSuccess.KEEP
        ? KEEP
        : new SourceDisposition(l.afterSuccess(), l.archive());
  }

  /** True when sources stay in the hot folder. */
  public boolean keeps() {
    return mode == Settings.Lifecycle.AfterSuccess.KEEP;
  }

  /** What happened to a source. */
  public enum Result {
    KEPT,
    ARCHIVED,
    DELETED,
    /** It was gone already (deleted by someone, or archived by a run that crashed just after). */
    GONE,
    /** It is another version now than the one published: left for that version's own job. */
    CHANGED,
    /**
     * Left alone: another host holds the input now (cluster mode), and that host disposes of it.
     */
    FENCED
  }

  /**
   * Archives or deletes the source, unless it changed since it settled. Archiving into a name that
   * holds a file of the same size and time finishes a move that a crash cut short (the copy is
   * there, the original was not yet deleted): the original is deleted.
   */
  public Result apply(Source src) throws IOException {
    if (keeps()) {
      return Result.KEPT;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(src.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Result.GONE;
    }
    if (a.size() != src.size() || a.lastModifiedTime().toMillis() != src.mtimeMillis()) {
      return Result.CHANGED;
    }
    if (mode == Settings.Lifecycle.AfterSuccess.DELETE) {
      Files.deleteIfExists(src.path());
      Moves.forceFolder(src.path().getParent());
      return Result.DELETED;
    }
    Path wanted = archiveRoot.resolve(src.relative()).normalize();
    Files.createDirectories(wanted.getParent());
    if (sameFile(wanted, src)) {
      Files.deleteIfExists(src.path());
      Moves.forceFolder(src.path().getParent());
      return Result.ARCHIVED;
    }
    Moves.move(src.path(), Moves.firstUsable(wanted, p -> !Moves.exists(p)));
    return Result.ARCHIVED;
  }

  /** Where {@code apply} puts sources, for the log. */
  public String describe() {
    return switch (mode) {
      case KEEP -> "kept";
      case DELETE -> "deleted";
      case ARCHIVE -> "moved to " + archiveRoot;
    };
  }

  private static boolean sameFile(Path p, Source src) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile()
          && a.size() == src.size()
          && a.lastModifiedTime().toMillis() == src.mtimeMillis();
    } catch (IOException e) {
      return false;
    }
  }
}
