package io.hotshrink.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The effective configuration: immutable, validated, built once by {@link SettingsLoader}. Every
 * path is absolute.
 *
 * @param source the file it was read from, if any (empty when only the built-in defaults apply)
 */
public record Settings(
    Optional<Path> source,
    Path input,
    Path output,
    Path failed,
    List<Rendition> renditions,
    Watch watch,
    Pool pool,
    Resize resize,
    Lifecycle lifecycle,
    Http http,
    Cluster cluster,
    List<Folder> folders) {

  /** The name of the one hot folder of a configuration without {@code hotshrink.folders}. */
  public static final String DEFAULT_FOLDER = "default";

  public Settings {
    renditions = List.copyOf(renditions);
    folders = List.copyOf(folders);
  }

  /**
   * The hot folders the daemon serves, never empty. A configuration without {@code
   * hotshrink.folders} has one, {@value #DEFAULT_FOLDER}, whose settings are these; with it, one
   * per entry, each with the entry's keys over the top level's (which are only the defaults then).
   * The settings of a folder have no folders of their own; pool, http and cluster are always the
   * top level's.
   */
  public List<Folder> folders() {
    return folders.isEmpty() ? List.of(new Folder(DEFAULT_FOLDER, 1, this)) : folders;
  }

  /** The entries of {@code hotshrink.folders} as given: empty for a one-folder configuration. */
  List<Folder> declaredFolders() {
    return folders;
  }

  /**
   * One hot folder.
   *
   * @param name unique, a short word: in logs, in the {@code folder} label of metrics, in status
   * @param priority its share of the pool when several folders have work waiting (1 or more)
   * @param settings its effective settings: input, output, failed, renditions, watch, resize,
   *     lifecycle (archive, state, after-success, on-conflict, retry)
   */
  public record Folder(String name, int priority, Settings settings) {}

  /** An empty builder: {@link SettingsLoader} sets every part. */
  public static SettingsBuilder builder() {
    return new SettingsBuilder();
  }

  /** A builder that starts from these settings. */
  public SettingsBuilder toBuilder() {
    return new SettingsBuilder(this);
  }

  /** Returns a copy with other input and output folders (used by {@code batch}). */
  public Settings withFolders(Path newInput, Path newOutput) {
    return toBuilder().input(newInput).output(newOutput).build();
  }

  /** One resized copy to make of each input. */
  public record Rendition(String name, Sizing sizing, int quality, String pathTemplate) {
    /** A builder with the default quality, 85, and nothing else set. */
    public static RenditionBuilder builder() {
      return new RenditionBuilder();
    }
  }

  /**
   * How big a rendition is: either a scale factor or a box to fit in. Exactly one of {@code scale}
   * and {@code fitWidth}/{@code fitHeight} is set (the others are 0).
   */
  public record Sizing(double scale, int fitWidth, int fitHeight) {
    public static Sizing scale(double s) {
      return new Sizing(s, 0, 0);
    }

    public static Sizing fit(int w, int h) {
      return new Sizing(0, w, h);
    }

    public boolean isFit() {
      return fitWidth > 0;
    }

    /** The wire and log form: {@code scale=0.5} or {@code fit=1600x1600}. */
    @Override
    public String toString() {
      return isFit() ? "fit=" + fitWidth + "x" + fitHeight : "scale=" + scale;
    }
  }

  /**
   * How the hot folder is watched.
   *
   * @param settle how long size and mtime must stay unchanged before a file counts as complete
   * @param rescanInterval how often the whole tree is walked again in events mode
   * @param mode events, polling, or chosen from the file system ({@link Mode#AUTO})
   * @param pollInterval how often the tree is walked in poll mode
   * @param incompleteTimeout how long a settled JPEG without its end-of-image marker is waited for
   */
  public record Watch(
      Duration settle,
      Duration rescanInterval,
      Mode mode,
      Duration pollInterval,
      Duration incompleteTimeout) {

    /** With the defaults for everything but the settle window and the rescan interval. */
    public Watch(Duration settle, Duration rescanInterval) {
      this(settle, rescanInterval, Mode.AUTO, Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    /** A builder that starts from reference.conf's defaults. */
    public static WatchBuilder builder() {
      return new WatchBuilder();
    }

    /** How changes are noticed. */
    public enum Mode {
      /** Poll on network and FUSE file systems, events elsewhere. */
      AUTO,
      /** File-system events, plus the periodic rescan. */
      EVENTS,
      /** Walk the tree every {@code poll-interval}. */
      POLL
    }
  }

  /** The pool of child JVMs; {@code workers} and {@code threads} are resolved (never "auto"). */
  public record Pool(
      int workers,
      int threads,
      int recycleAfter,
      int recycleJitter,
      String heap,
      List<String> jvmOptions,
      Duration jobTimeout,
      Duration shutdownGrace,
      long maxRssBytes,
      int maxBootFailures) {
    public Pool {
      jvmOptions = List.copyOf(jvmOptions);
    }

    /** A builder that starts from reference.conf's defaults (one worker, one thread). */
    public static PoolBuilder builder() {
      return new PoolBuilder();
    }
  }

  /**
   * How images are decoded, scaled and encoded.
   *
   * @param engine auto, turbojpeg or java
   * @param mode default or fast (how far decode-time DCT scaling goes)
   * @param filter lanczos3 or bilinear
   * @param color keep or srgb
   * @param metadata keep, strip or copyright
   * @param progressive write progressive JPEGs
   * @param subsampling chroma subsampling of the outputs: 444, 422 or 420
   * @param enlarge let a {@code fit} box larger than the image enlarge it
   * @param limits what inputs are refused before decoding
   */
  public record Resize(
      String engine,
      String mode,
      String filter,
      String color,
      String metadata,
      boolean progressive,
      int subsampling,
      boolean enlarge,
      Limits limits) {

    /** A builder that starts from reference.conf's defaults. */
    public static ResizeBuilder builder() {
      return new ResizeBuilder();
    }

    /** The built-in defaults with another engine (tests). */
    public static Resize withEngine(String engine) {
      return builder().engine(engine).build();
    }
  }

  /**
   * Inputs over these limits go to the failed folder without being decoded; 0 = no limit.
   *
   * @param maxPixels width × height from the JPEG header
   * @param maxFileSize bytes
   */
  public record Limits(long maxPixels, long maxFileSize) {
    public static final Limits DEFAULT = new Limits(200_000_000L, 0);
  }

  /**
   * The local HTTP endpoint ({@code GET /health}, {@code GET /metrics}).
   *
   * @param enabled serve it at all
   * @param bind the address to listen on (a host name or an IP address; 127.0.0.1 by default)
   * @param port the TCP port; 0 takes any free port (tests)
   */
  public record Http(boolean enabled, String bind, int port) {
    /** The built-in defaults. */
    public static final Http DEFAULT = new Http(true, "127.0.0.1", 9464);
  }

  /**
   * What happens around a job: to its source after success, to outputs that are in the way, and to
   * jobs that cannot be finished for now.
   *
   * @param afterSuccess what to do with a source once all its renditions are durably published
   * @param archive where {@link AfterSuccess#ARCHIVE} moves sources (same relative path)
   * @param state where hotshrink keeps its journal of finished work
   * @param onConflict what to do when an output is already there and this input did not write it
   * @param retryMaxDelay the longest pause between two attempts of a job that is not the input's
   *     fault (output disk full, folder not writable, input unreadable for now)
   */
  public record Lifecycle(
      AfterSuccess afterSuccess,
      Path archive,
      Path state,
      OnConflict onConflict,
      Duration retryMaxDelay) {

    /** A builder that starts from reference.conf's defaults, without the archive and state. */
    public static LifecycleBuilder builder() {
      return new LifecycleBuilder();
    }

    /** What happens to a source once its renditions are published. */
    public enum AfterSuccess {
      /** It stays in the hot folder; the journal keeps it from being done again. */
      KEEP,
      /** It is moved to the archive folder. */
      ARCHIVE,
      /** It is deleted. */
      DELETE
    }

    /** What to do with an output that is in the way. */
    public enum OnConflict {
      /** Overwrite it (atomically). */
      REPLACE,
      /** Leave it; that rendition is not written. */
      SKIP,
      /** Write this rendition as {@code name (2).jpg} (the first free number) instead. */
      RENAME
    }
  }

  /**
   * Cluster mode: where the decision of which host works on which input is kept. Pool-wide (top
   * level only). Only {@link Store#POSTGRES} uses the other components; at most one of {@code
   * password}, {@code passwordEnv} and {@code passwordFile} is set (none: no password).
   *
   * @param store {@link Store#LOCAL} (the default: this host alone, nothing external) or {@link
   *     Store#POSTGRES}
   * @param url {@code jdbc:postgresql://host[:port]/database}; null with the local store
   * @param user the database user
   * @param password the password itself, or null
   * @param passwordEnv the environment variable that holds the password, or null
   * @param passwordFile the file whose first line is the password (absolute), or null
   * @param lease how long a claim lasts without renewal; at least 2 s
   * @param node this host's name in the cluster, unique per host; null means the host name (the
   *     daemon resolves it)
   * @param claimBatch how many inputs one claim takes at most, 1 to 1000
   */
  public record Cluster(
      Store store,
      String url,
      String user,
      String password,
      String passwordEnv,
      Path passwordFile,
      Duration lease,
      String node,
      int claimBatch) {

    /** The default: one host, no database. */
    public static final Cluster LOCAL =
        new Cluster(
            Store.LOCAL, null, "hotshrink", null, null, null, Duration.ofSeconds(30), null, 8);

    /** Where claims are kept. */
    public enum Store {
      /** In this daemon alone: one host per hot folder. */
      LOCAL,
      /** In PostgreSQL, shared by every host that serves the same hot folder. */
      POSTGRES
    }

    /** True when several hosts share the hot folders through the database. */
    public boolean isShared() {
      return store == Store.POSTGRES;
    }

    /** The URL without its query, which may carry a password: for messages and the log. */
    public static String withoutQuery(String url) {
      int q = url.indexOf('?');
      return q < 0 ? url : url.substring(0, q);
    }

    /** The server as {@code host[:port]/database}, for messages (null without a URL). */
    public String server() {
      return url == null ? null : withoutQuery(url).replaceFirst("^jdbc:postgresql:(//)?", "");
    }

    /** Never the password, nor the URL's query (which may carry one): records get logged. */
    @Override
    public String toString() {
      return "Cluster[store="
          + store
          + ", url="
          + (url == null ? null : withoutQuery(url))
          + ", user="
          + user
          + ", password="
          + (password == null ? null : "***")
          + ", passwordEnv="
          + passwordEnv
          + ", passwordFile="
          + passwordFile
          + ", lease="
          + lease
          + ", node="
          + node
          + ", claimBatch="
          + claimBatch
          + "]";
    }
  }
}
