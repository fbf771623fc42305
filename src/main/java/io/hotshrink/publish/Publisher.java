package io.hotshrink.publish;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.hotshrink.config.Settings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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

  /**
   * Where each rendition goes, given what is already there. A target that does not exist, or that
   * {@code own} says this input wrote (an older version, an attempt cut short), is taken as it is.
   * Anything else is in the way, and {@code policy} decides: replace it, skip the rendition (its
   * temp file is deleted), or take the first free {@code name (n).ext}.
   *
   * @param label the input, for the log
   * @return the renditions to publish, with their final targets
   */
  public List<Planned> resolve(
      String label,
      List<Planned> planned,
      Settings.Lifecycle.OnConflict policy,
      Predicate<Path> own) {
    List<Planned> out = new ArrayList<>(planned.size());
    Set<Path> taken = new HashSet<>();
    for (Planned p : planned) {
      taken.add(p.target());
    }
    for (Planned p : planned) {
      Path t = p.target();
      if (!Moves.exists(t) || own.test(t)) {
        out.add(p);
        continue;
      }
      switch (policy) {
        case REPLACE -> {
          log.info("{}: replacing {}, which was not written for this input", label, t);
          out.add(p);
        }
        case SKIP -> {
          log.info("{}: {} is already there: not written (on-conflict = skip)", label, t);
          discard(List.of(p));
        }
        case RENAME -> {
          Path free =
              Moves.firstUsable(t, c -> !taken.contains(c) && (!Moves.exists(c) || own.test(c)));
          taken.add(free);
          log.info(
              "{}: {} is already there: written as {} (on-conflict = rename)",
              label,
              t,
              free.getFileName());
          out.add(new Planned(p.rendition(), p.temp(), free));
        }
      }
    }
    return out;
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
      Moves.forceFolder(d);
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
   * Moves an input that cannot be processed to the failed folder (same relative path; {@code x
   * (2).jpg} when an earlier failure has that name) with {@code <name>.error.json} beside it.
   *
   * <p>The sidecar is written first, then the input is moved: a crash in between leaves the input
   * where it was (it is tried again, and its next sidecar replaces the early one), never an input
   * in the failed folder without its reason.
   *
   * @param details what to put in the sidecar (reason first); values are strings or numbers
   * @return where the input went
   */
  public Path fail(Path source, Path relative, Map<String, ?> details) throws IOException {
    Path wanted = failedRoot.resolve(relative).normalize();
    Files.createDirectories(wanted.getParent());
    Path target = Moves.firstUsable(wanted, p -> !Moves.exists(p));
    Path sidecar = target.resolveSibling(target.getFileName() + ".error.json");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", relative.toString());
    json.putAll(details);
    String text =
        ConfigValueFactory.fromMap(json)
            .render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
    Path tmp =
        sidecar.resolveSibling(
            OutputLayout.tempName(sidecar.getFileName().toString(), System.nanoTime()));
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try {
      Moves.move(source, target);
    } catch (NoSuchFileException e) {
      // Gone meanwhile (in cluster mode: moved aside by the host that took it over): no reason
      // may stay without its input.
      Files.deleteIfExists(sidecar);
      throw e;
    }
    return target;
  }
}
