package io.hotshrink.publish;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a job's outputs visible, or moves its input aside.
 *
 * <p>Outputs are written by the children to hidden temp files next to their targets and forced to
 * disk there; publishing is a rename per rendition (atomic on one file system: a reader sees the
 * old file or the new one, never a part), then an fsync of each folder so the renames survive a
 * power cut. Nothing is renamed until every temp file of the job exists.
 */
public final class Publisher {
  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private final Path failedRoot;

  public Publisher(Path failedRoot) {
    this.failedRoot = failedRoot;
  }

  /** Creates the folders the job's temp files go into. */
  public static void prepare(List<Planned> outputs) throws IOException {
    for (Planned p : outputs) {
      Files.createDirectories(p.temp().getParent());
    }
  }

  /** Renames every temp file onto its target; all temp files must exist. */
  public void publish(List<Planned> outputs) throws IOException {
    for (Planned p : outputs) {
      if (!Files.isRegularFile(p.temp())) {
        throw new IOException("temp file missing: " + p.temp());
      }
    }
    Set<Path> dirs = new LinkedHashSet<>();
    for (Planned p : outputs) {
      Files.move(
          p.temp(),
          p.target(),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      dirs.add(p.target().getParent());
    }
    for (Path d : dirs) {
      fsyncDirectory(d);
    }
  }

  /** Deletes whatever temp files the job left. */
  public void discard(List<Planned> outputs) {
    for (Planned p : outputs) {
      try {
        Files.deleteIfExists(p.temp());
      } catch (IOException e) {
        log.warn("cannot remove temp file {}: {}", p.temp(), e.toString());
      }
    }
  }

  /**
   * Moves an input that cannot be processed to the failed folder (same relative path) and writes
   * {@code <name>.error.json} beside it.
   *
   * @param details what to put in the sidecar (reason first)
   * @return where the input went
   */
  public Path fail(Path source, Path relative, Map<String, String> details) throws IOException {
    Path target = failedRoot.resolve(relative).normalize();
    Files.createDirectories(target.getParent());
    target = free(target);
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // The failed folder is on another file system: copy, then remove the original.
      Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
      Files.delete(source);
    }
    Path sidecar = target.resolveSibling(target.getFileName() + ".error.json");
    Map<String, Object> json = new LinkedHashMap<>(details);
    json.put("source", relative.toString());
    String text =
        ConfigValueFactory.fromMap(json)
            .render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
    Path tmp = sidecar.resolveSibling("." + sidecar.getFileName() + OutputLayout.TEMP_SUFFIX);
    Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.getParent());
    return target;
  }

  /** {@code x.jpg}, or {@code x (2).jpg}, ... when an earlier failure already has that name. */
  private static Path free(Path target) {
    if (!Files.exists(target)) {
      return target;
    }
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 2; ; i++) {
      Path p = target.resolveSibling(stem + " (" + i + ")" + ext);
      if (!Files.exists(p)) {
        return p;
      }
    }
  }

  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every platform can open a folder (Windows cannot); the rename itself still happened.
      log.trace("cannot fsync {}: {}", dir, e.toString());
    }
  }
}
