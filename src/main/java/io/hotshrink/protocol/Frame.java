package io.hotshrink.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * One message between the parent and a child: a type, the request id it belongs to (0 for messages
 * about the child itself) and a flat map of string fields. What the fields mean is the business of
 * the two ends, not of the protocol.
 */
public record Frame(Type type, long id, Map<String, String> fields) {

  /** Message types. The ordinal is not used on the wire; {@link #code} is. */
  public enum Type {
    /** child → parent, once, when it is ready to take requests (fields: pid, engine). */
    READY('R'),
    /** parent → child: do one job. */
    REQUEST('Q'),
    /** child → parent: the job with this id is done (fields: the result). */
    RESULT('D'),
    /** child → parent: the job with this id failed (fields: kind, error, message). */
    FAILURE('F'),
    /** parent → child: finish what is in flight, then exit. */
    EXIT('X');

    final char code;

    Type(char code) {
      this.code = code;
    }

    static Type of(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  public Frame {
    Objects.requireNonNull(type, "type");
    fields = Map.copyOf(fields);
  }

  public static Frame of(Type type, long id, Map<String, String> fields) {
    return new Frame(type, id, fields);
  }

  /** The value of a field, or {@code fallback} when absent. */
  public String get(String key, String fallback) {
    return fields.getOrDefault(key, fallback);
  }
}
