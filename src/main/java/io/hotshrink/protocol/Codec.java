package io.hotshrink.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Frames messages on a byte stream (a child's stdin or stdout).
 *
 * <p>Wire format, big-endian: the magic {@code "HS1"}, one type byte, the request id (8 bytes), the
 * number of fields (4 bytes), then for each field a key and a value, each as a 4-byte length and
 * UTF-8 bytes. The magic is there so that anything else that reaches the stream (a JVM warning
 * printed to stdout, say) is recognised at once and reported with its bytes, rather than being read
 * as a length and hanging the reader.
 *
 * <p>A writer must be used by one thread at a time; {@link #write} is synchronized for that.
 */
public final class Codec {
  static final byte[] MAGIC = {'H', 'S', '1'};

  /** Bigger than any sane request; a length above it means the stream is not ours. */
  static final int MAX_STRING = 1 << 20;

  static final int MAX_FIELDS = 10_000;

  private final DataInputStream in;
  private final DataOutputStream out;
  private final Consumer<String> stray;

  public Codec(InputStream in, OutputStream out) {
    this(in, out, null);
  }

  /**
   * @param stray receives each line of text found between frames instead of a frame; null makes
   *     such text a {@link ProtocolException}
   */
  public Codec(InputStream in, OutputStream out, Consumer<String> stray) {
    this.in = in == null ? null : new DataInputStream(in);
    this.out = out == null ? null : new DataOutputStream(out);
    this.stray = stray;
  }

  /** Writes one frame and flushes it. */
  public synchronized void write(Frame frame) throws IOException {
    out.write(MAGIC);
    out.writeByte(frame.type().code);
    out.writeLong(frame.id());
    out.writeInt(frame.fields().size());
    for (Map.Entry<String, String> e : frame.fields().entrySet()) {
      writeString(e.getKey());
      writeString(e.getValue());
    }
    out.flush();
  }

  /**
   * Reads the next frame.
   *
   * @return the frame, or {@code null} at a clean end of stream (between frames)
   * @throws ProtocolException when the bytes are not a frame (and no stray-output handler is set)
   * @throws EOFException when the stream ends inside a frame
   */
  public Frame read() throws IOException {
    while (true) {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      byte[] magic = new byte[MAGIC.length];
      magic[0] = (byte) first;
      int got = 1;
      while (got < magic.length && magic[got - 1] == MAGIC[got - 1]) {
        int b = in.read();
        if (b < 0) {
          throw new ProtocolException("stream ended inside a frame header", slice(magic, got));
        }
        magic[got++] = (byte) b;
      }
      if (got == MAGIC.length && magic[got - 1] == MAGIC[got - 1]) {
        break;
      }
      byte[] line = withRestOfLine(slice(magic, got));
      if (stray == null) {
        throw new ProtocolException("not a frame", line);
      }
      // Text between frames: the JVM's own output (-Xlog, JFR, a crash report) goes to fd 1
      // whatever we do with System.out. Hand it on and read on: it is not a broken frame.
      stray.accept(new String(line, StandardCharsets.UTF_8).stripTrailing());
    }
    int code = in.readUnsignedByte();
    Frame.Type type = Frame.Type.of(code);
    if (type == null) {
      throw new ProtocolException("unknown frame type " + code, new byte[] {(byte) code});
    }
    long id = in.readLong();
    int n = in.readInt();
    if (n < 0 || n > MAX_FIELDS) {
      throw new ProtocolException("implausible field count " + n, new byte[0]);
    }
    Map<String, String> fields = new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String key = readString();
      fields.put(key, readString());
    }
    return new Frame(type, id, fields);
  }

  private void writeString(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_STRING) {
      throw new IOException("field longer than " + MAX_STRING + " bytes");
    }
    out.writeInt(b.length);
    out.write(b);
  }

  private String readString() throws IOException {
    int len = in.readInt();
    if (len < 0 || len > MAX_STRING) {
      throw new ProtocolException("implausible string length " + len, new byte[0]);
    }
    byte[] b = in.readNBytes(len);
    if (b.length < len) {
      throw new EOFException("stream ended inside a frame");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The bytes seen so far plus the rest of that line (bounded), to show what was printed. */
  private byte[] withRestOfLine(byte[] head) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    seen.write(head);
    if (head[head.length - 1] == '\n') {
      return seen.toByteArray();
    }
    for (int i = 0; i < 512; i++) {
      int b = in.read();
      if (b < 0 || b == '\n') {
        break;
      }
      seen.write(b);
    }
    return seen.toByteArray();
  }

  private static byte[] slice(byte[] b, int n) {
    byte[] r = new byte[n];
    System.arraycopy(b, 0, r, 0, n);
    return r;
  }

  /** Raw bytes as text for an error message, with non-printables escaped. */
  static String printable(byte[] raw) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : raw) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.append('"').toString();
  }
}
