package io.hotshrink.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the newest version this code knows. Each missing migration runs once, in its
 * own transaction together with its schema_version row, so a crash leaves the schema at a version,
 * never between two. Daemons starting together take turns on a PostgreSQL advisory lock; the one
 * that comes second finds the work done. A schema already current is only read (no lock, no DDL),
 * so a daemon whose user may not create tables starts fine after {@code hotshrink db init} was run
 * by one that may.
 */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private final List<Sql.Migration> migrations;

  Migrations(List<Sql.Migration> migrations) {
    for (int i = 0; i < migrations.size(); i++) {
      if (migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException("migrations must be numbered 1, 2, 3, ...");
      }
    }
    this.migrations = List.copyOf(migrations);
  }

  int latest() {
    return migrations.size();
  }

  /** Migrates as needed; returns the schema's version. */
  int migrate(Db db) {
    int version = db.call("reading the schema version", Migrations::current);
    if (version == latest()) {
      return version;
    }
    refuseNewer(version);
    // all on one connection, never retried on another: the advisory lock belongs to the session
    return db.callOnce("migrating the schema", this::migrateLocked);
  }

  private int migrateLocked(Connection c) throws SQLException {
    lock(c, Sql.LOCK_MIGRATIONS);
    try {
      try (Statement s = c.createStatement()) {
        s.execute(Sql.CREATE_SCHEMA);
        s.execute(Sql.CREATE_SCHEMA_VERSION);
      }
      int version = current(c);
      refuseNewer(version);
      for (Sql.Migration m : migrations.subList(version, migrations.size())) {
        c.setAutoCommit(false);
        try {
          apply(c, m);
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
        log.info("cluster schema migrated to version {}: {}", m.version(), m.description());
        version = m.version();
      }
      return version;
    } finally {
      if (!c.isClosed()) { // a broken session has lost the lock with it
        lock(c, Sql.UNLOCK_MIGRATIONS);
      }
    }
  }

  private void refuseNewer(int version) {
    if (version > latest()) {
      throw new ClusterException(
          "the cluster schema is at version "
              + version
              + ", newer than this hotshrink knows ("
              + latest()
              + "): upgrade hotshrink on this host");
    }
  }

  private static Integer current(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery(Sql.SCHEMA_VERSION_TABLE)) {
        r.next();
        if (r.getString(1) == null) {
          return 0;
        }
      }
      try (ResultSet r = s.executeQuery(Sql.CURRENT_VERSION)) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static void lock(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, Sql.MIGRATION_LOCK);
      s.execute();
    }
  }

  private static void apply(Connection c, Sql.Migration m) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : m.statements()) {
        s.execute(statement);
      }
    }
    try (PreparedStatement s = c.prepareStatement(Sql.RECORD_VERSION)) {
      s.setInt(1, m.version());
      s.setString(2, m.description());
      s.executeUpdate();
    }
  }
}
