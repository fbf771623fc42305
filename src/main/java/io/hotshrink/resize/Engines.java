package io.hotshrink.resize;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the engine named in the configuration: {@code turbojpeg} (libjpeg-turbo, must load), {@code
 * java} (pure Java), or {@code auto} (turbojpeg when the library loads, else java with a warning
 * that says how to install it).
 */
public final class Engines {
  private static final Logger log = LoggerFactory.getLogger(Engines.class);

  static {
    // JNA unpacks its native stub into ~/.cache/JNA by default. A service user's home is its data
    // folder (/var/lib/hotshrink for the Debian package) and may be read-only under systemd's
    // hardening: use the temp folder (private to the service under PrivateTmp) instead.
    if (System.getProperty("jna.tmpdir") == null) {
      System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
    }
  }

  private Engines() {}

  /** The one command that installs libjpeg-turbo's TurboJPEG library on this platform. */
  public static String installHint() {
    return com.sun.jna.Platform.isMac()
        ? "brew install jpeg-turbo"
        : "apt-get install libturbojpeg0 (Debian/Ubuntu)";
  }

  /**
   * @throws IllegalStateException when {@code turbojpeg} is asked for and cannot be loaded
   */
  public static Resizer create(String name) {
    return switch (name) {
      case "java" -> new JavaEngine();
      case "turbojpeg" -> {
        try {
          yield new TurboJpegEngine(TurboJpeg.load());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
          throw new IllegalStateException(
              "resize.engine = turbojpeg, but libturbojpeg cannot be loaded ("
                  + firstLine(e.getMessage())
                  + "); install it with: "
                  + installHint(),
              e);
        }
      }
      case "auto" -> {
        try {
          yield new TurboJpegEngine(TurboJpeg.load());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
          log.warn(
              "libturbojpeg not found ({}): using the slower pure-Java engine; for the fast one: {}",
              firstLine(e.getMessage()),
              installHint());
          yield new JavaEngine();
        }
      }
      default -> throw new IllegalArgumentException("unknown engine " + name);
    };
  }

  /**
   * Which engine {@code auto} would pick on this machine, without loading anything into this
   * process beyond a probe of the library: for the start-up summary.
   */
  public static String describe(String configured) {
    return describe(configured, Engines::turboJpegLoads);
  }

  /** As {@link #describe(String)}, with whether the library loads given (tests). */
  static String describe(String configured, BooleanSupplier turboJpegLoads) {
    if (configured.equals("java")) {
      return "java";
    }
    if (turboJpegLoads.getAsBoolean()) {
      return "turbojpeg (libjpeg-turbo)";
    }
    return configured.equals("auto")
        ? "java (libturbojpeg not found; for the fast engine: " + installHint() + ")"
        : "turbojpeg, NOT loadable: children will fail to start (" + installHint() + ")";
  }

  /**
   * The engine the children use for {@code configured}: {@code auto} is turbojpeg where the library
   * loads and java elsewhere; a named engine is itself (turbojpeg even when it cannot load: the
   * children then fail to start, and say why).
   */
  public static String resolve(String configured) {
    return resolve(configured, Engines::turboJpegLoads);
  }

  /** As {@link #resolve(String)}, with whether the library loads given (tests). */
  static String resolve(String configured, BooleanSupplier turboJpegLoads) {
    if (configured.equals("auto")) {
      return turboJpegLoads.getAsBoolean() ? "turbojpeg" : "java";
    }
    return configured;
  }

  private static boolean turboJpegLoads() {
    try {
      TurboJpeg.load();
      return true;
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return false;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "not found";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
