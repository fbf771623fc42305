package io.hotshrink.resize;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The TurboJPEG 2.x C API of libjpeg-turbo ({@code libturbojpeg.so.0} from Debian's {@code
 * libturbojpeg0}, {@code libturbojpeg.dylib} from Homebrew's {@code jpeg-turbo}), as far as
 * hotshrink uses it. Only the child JVMs call it, so a crash in native code costs a child, not the
 * daemon.
 */
interface TurboJpeg extends Library {
  int TJSAMP_444 = 0;
  int TJSAMP_422 = 1;
  int TJSAMP_420 = 2;
  int TJSAMP_GRAY = 3;
  int TJSAMP_440 = 4;
  int TJSAMP_411 = 5;

  int TJPF_RGB = 0;
  int TJPF_GRAY = 6;
  int TJPF_CMYK = 11;

  int TJCS_RGB = 0;
  int TJCS_YCBCR = 1;
  int TJCS_GRAY = 2;
  int TJCS_CMYK = 3;
  int TJCS_YCCK = 4;

  int TJFLAG_ACCURATEDCT = 4096;
  int TJFLAG_PROGRESSIVE = 16384;

  /** Luma/chroma sampling factors (horizontal, vertical) per TJSAMP_* value. */
  int[][] SAMPLING = {{1, 1}, {2, 1}, {2, 2}, {1, 1}, {1, 2}, {4, 1}};

  Pointer tjInitDecompress();

  Pointer tjInitCompress();

  int tjDestroy(Pointer handle);

  int tjDecompressHeader3(
      Pointer handle,
      Pointer jpegBuf,
      NativeLong jpegSize,
      IntByReference width,
      IntByReference height,
      IntByReference subsamp,
      IntByReference colorspace);

  int tjDecompress2(
      Pointer handle,
      Pointer jpegBuf,
      NativeLong jpegSize,
      Pointer dstBuf,
      int width,
      int pitch,
      int height,
      int pixelFormat,
      int flags);

  int tjDecompressToYUVPlanes(
      Pointer handle,
      Pointer jpegBuf,
      NativeLong jpegSize,
      Pointer[] dstPlanes,
      int width,
      int[] strides,
      int height,
      int flags);

  int tjCompress2(
      Pointer handle,
      Pointer srcBuf,
      int width,
      int pitch,
      int height,
      int pixelFormat,
      PointerByReference jpegBuf,
      NativeLongByReference jpegSize,
      int jpegSubsamp,
      int jpegQual,
      int flags);

  int tjCompressFromYUVPlanes(
      Pointer handle,
      Pointer[] srcPlanes,
      int width,
      int[] strides,
      int height,
      int subsamp,
      PointerByReference jpegBuf,
      NativeLongByReference jpegSize,
      int jpegQual,
      int flags);

  Pointer tjGetScalingFactors(IntByReference numScalingFactors);

  /**
   * The width of plane {@code componentID} that tjDecompressToYUVPlanes writes for an image {@code
   * width} wide: the luma plane is padded to whole chroma samples (16 for a 4:2:0 image 15 wide).
   */
  int tjPlaneWidth(int componentID, int width, int subsamp);

  /** The height of that plane, padded the same way. */
  int tjPlaneHeight(int componentID, int height, int subsamp);

  String tjGetErrorStr2(Pointer handle);

  /** 0 = a warning (the image was still decoded), 1 = fatal. */
  int tjGetErrorCode(Pointer handle);

  void tjFree(Pointer buffer);

  /** The library's file name on this platform. */
  static String libraryName() {
    return Platform.isMac() ? "turbojpeg" : Platform.isWindows() ? "turbojpeg" : "turbojpeg.so.0";
  }

  /**
   * Loads the library. On Linux the versioned {@code libturbojpeg.so.0} is what the runtime package
   * installs (the unversioned name comes only with the -dev package).
   *
   * @throws UnsatisfiedLinkError when it is not installed
   */
  static TurboJpeg load() {
    List<String> names = new ArrayList<>();
    if (Platform.isLinux()) {
      names.add("libturbojpeg.so.0");
    }
    names.add("turbojpeg");
    UnsatisfiedLinkError last = null;
    for (String n : names) {
      try {
        TurboJpeg lib = Native.load(n, TurboJpeg.class);
        lib.tjGetErrorStr2(null); // resolves a symbol: fails now, not in the middle of a job
        return lib;
      } catch (UnsatisfiedLinkError e) {
        last = e;
      }
    }
    throw last;
  }

  /** The scaling denominators n of the 1/n factors the library offers, among 2, 4 and 8. */
  static List<Integer> scaleDenominators(TurboJpeg lib) {
    IntByReference n = new IntByReference();
    Pointer p = lib.tjGetScalingFactors(n);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; p != null && i < n.getValue(); i++) {
      int num = p.getInt(8L * i);
      int denom = p.getInt(8L * i + 4);
      if (num == 1 && (denom == 2 || denom == 4 || denom == 8)) {
        out.add(denom);
      }
    }
    return out;
  }
}
