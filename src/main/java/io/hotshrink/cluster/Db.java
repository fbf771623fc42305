package io.hotshrink.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to PostgreSQL, opened on first use and opened again after it broke (a restarted
 * server, a network cut): callers see a {@link ClusterUnavailableException} while the server is
 * away, and the next call after it is back simply works. Calls are serialised; every wait is
 * bounded (connect, socket and statement timeouts shorter than the lease), so a dead server never
 * blocks a caller past its lease.
 */
final class Db implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Db.class);

  /** What runs on the connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final ClusterSettings settings;
  private final String purpose;
  private Connection connection; // guarded by this
  private boolean closed; // guarded by this

  /** {@code purpose} names the connection in PostgreSQL's pg_stat_activity and in the log. */
  Db(ClusterSettings settings, String purpose) {
    this.settings = settings;
    this.purpose = purpose;
  }

  /**
   * Runs {@code work} that may safely run twice, in autocommit mode (each statement its own
   * transaction). A connection that was opened before and turns out broken (typically: the server
   * restarted since its last use) is replaced and the work run once more, so a server that is back
   * is not reported as away.
   */
  synchronized <T> T call(String doing, Work<T> work) {
    boolean reused = connection != null;
    try {
      return work.run(connection(doing));
    } catch (SQLException e) {
      ClusterException x = failed(doing, e);
      if (!reused
          || connection != null) { // fresh, or not a broken connection (failed() drops those)
        throw x;
      }
      log.debug("{}: the connection broke since its last use; once more on a new one", doing, e);
      return callOnce(doing, work);
    }
  }

  /** Runs {@code work} once, for work that must not be repeated after an unknown outcome. */
  synchronized <T> T callOnce(String doing, Work<T> work) {
    try {
      return work.run(connection(doing));
    } catch (SQLException e) {
      throw failed(doing, e);
    }
  }

  private Connection connection(String doing) throws SQLException {
    if (closed) {
      throw new IllegalStateException("the cluster store is closed (" + doing + ")");
    }
    if (connection == null) {
      connection = connect();
    }
    return connection;
  }

  private Connection connect() throws SQLException {
    ClusterSettings.Timeouts t = settings.timeouts();
    Properties p = new Properties();
    p.setProperty("user", settings.user());
    p.setProperty("password", settings.password().value());
    p.setProperty("connectTimeout", Long.toString(t.connectSeconds()));
    p.setProperty("loginTimeout", Double.toString(t.login().toMillis() / 1000.0)); // fractions ok
    p.setProperty("socketTimeout", Long.toString(t.socketSeconds()));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "hotshrink " + settings.node() + " " + purpose);
    // the driver's own default is to wait forever when the server does not answer a cancel
    p.setProperty("cancelSignalTimeout", Long.toString(t.connectSeconds()));
    Connection c = new Driver().connect(settings.url(), p);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL", "08001");
    }
    try (Statement s = c.createStatement()) {
      // server-side limits, so that a query or a lock wait ends (and frees its locks) on the
      // server too, not only in this process when the socket timeout gives up on it
      long ms = t.statement().toMillis();
      s.execute("SET statement_timeout = " + ms);
      s.execute("SET lock_timeout = " + ms);
      s.execute("SET idle_in_transaction_session_timeout = " + settings.lease().toMillis());
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
    log.debug("connected to {} ({})", settings.server(), purpose);
    return c;
  }

  private ClusterException failed(String doing, SQLException e) {
    Errors.Kind kind = isBroken() ? Errors.Kind.AWAY : Errors.kind(e);
    String server = "PostgreSQL at " + settings.server();
    switch (kind) {
      case AWAY:
        drop();
        return new ClusterUnavailableException(server + " is unreachable (" + doing + "): " + e, e);
      case BUSY:
        return new ClusterUnavailableException(
            server + " did not answer in time (" + doing + "): " + e, e);
      default:
        return new ClusterException(server + " refused " + doing + ": " + e, e);
    }
  }

  private boolean isBroken() {
    try {
      return connection != null && connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** Forgets a connection that failed; the next call opens a new one. */
  private void drop() {
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("close failed", e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    drop();
  }
}
