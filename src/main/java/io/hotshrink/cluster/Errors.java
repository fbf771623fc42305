package io.hotshrink.cluster;

import java.sql.SQLException;

/** Sorts PostgreSQL errors into "away", "busy" and "said no", by SQLSTATE. */
final class Errors {
  private Errors() {}

  enum Kind {
    /** no connection (class 08), the server shutting down or starting (57P), too many clients */
    AWAY,
    /** a statement or lock wait that timed out, a serialization failure or deadlock (class 40) */
    BUSY,
    /** everything else: bad password, no such database, no privilege, a bug */
    REFUSED
  }

  static Kind kind(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return Kind.AWAY;
        }
        if (state.startsWith("40") || state.equals("57014") || state.equals("55P03")) {
          return Kind.BUSY;
        }
      }
    }
    return Kind.REFUSED;
  }
}
