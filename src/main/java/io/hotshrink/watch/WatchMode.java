package io.hotshrink.watch;

import io.hotshrink.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses between events and polling. Events are cheap and immediate, but a network or FUSE file
 * system delivers them only for changes made on this machine: a file copied onto an NFS export or
 * an SMB share from another computer raises nothing here. On those, {@code auto} polls.
 */
final class WatchMode {
  private WatchMode() {}

  /**
   * File-system types (as {@link java.nio.file.FileStore#type()} names them on Linux, from
   * /proc/mounts) where other machines' changes raise no events. Any {@code fuse.*} type counts too
   * (sshfs, rclone, s3fs, ...).
   */
  static final Set<String> NO_REMOTE_EVENTS =
      Set.of(
          "nfs",
          "nfs4",
          "cifs",
          "smb3",
          "smbfs",
          "smb2",
          "9p",
          "afs",
          "ceph",
          "glusterfs",
          "lustre",
          "gpfs",
          "beegfs",
          "ocfs2",
          "gfs2",
          "vboxsf",
          "vmhgfs",
          "prl_fs",
          "virtiofs",
          "davfs",
          "ncpfs",
          "coda",
          "fuse",
          "fuseblk");

  /**
   * The mode in use and why.
   *
   * @param mode {@link Settings.Watch.Mode#EVENTS} or {@link Settings.Watch.Mode#POLL}, never auto
   */
  record Choice(Settings.Watch.Mode mode, String why) {}

  static Choice choose(Settings.Watch.Mode configured, String fsType) {
    String type = fsType.toLowerCase(Locale.ROOT);
    return switch (configured) {
      case EVENTS -> new Choice(Settings.Watch.Mode.EVENTS, "watch.mode = events (" + type + ")");
      case POLL -> new Choice(Settings.Watch.Mode.POLL, "watch.mode = poll (" + type + ")");
      case AUTO ->
          remote(type)
              ? new Choice(
                  Settings.Watch.Mode.POLL,
                  "auto: it is on "
                      + type
                      + ", where changes made by other machines raise no events here")
              : new Choice(
                  Settings.Watch.Mode.EVENTS,
                  "auto: it is on " + type + ", which reports changes as events");
    };
  }

  static boolean remote(String type) {
    return NO_REMOTE_EVENTS.contains(type) || type.startsWith("fuse.");
  }

  /** The type of the file system holding {@code dir}, or "unknown". */
  static String fileSystemType(Path dir) {
    try {
      return Files.getFileStore(dir).type();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
