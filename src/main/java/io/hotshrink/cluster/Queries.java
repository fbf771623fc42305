package io.hotshrink.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Binds the statements of {@link Sql} and reads their rows; no policy. */
final class Queries {
  private Queries() {}

  /** Rows per INSERT: thousands from one rescan go in a few round trips of bounded length. */
  static final int OFFER_CHUNK = 2000;

  static int offer(Connection c, String folder, List<InputVersion> inputs) throws SQLException {
    int added = 0;
    try (PreparedStatement s = c.prepareStatement(Sql.OFFER)) {
      for (int from = 0; from < inputs.size(); from += OFFER_CHUNK) {
        List<InputVersion> chunk =
            inputs.subList(from, Math.min(inputs.size(), from + OFFER_CHUNK));
        String[] folders = new String[chunk.size()];
        String[] paths = new String[chunk.size()];
        Long[] sizes = new Long[chunk.size()];
        Long[] mtimes = new Long[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
          InputVersion v = chunk.get(i);
          folders[i] = folder;
          paths[i] = v.path();
          sizes[i] = v.size();
          mtimes[i] = v.mtimeMillis();
        }
        s.setArray(1, c.createArrayOf("text", folders));
        s.setArray(2, c.createArrayOf("text", paths));
        s.setArray(3, c.createArrayOf("bigint", sizes));
        s.setArray(4, c.createArrayOf("bigint", mtimes));
        added += s.executeUpdate();
      }
    }
    return added;
  }

  static List<Claim> claim(
      Connection c, Collection<String> folders, int max, String node, long leaseMs)
      throws SQLException {
    List<Claim> claims = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(Sql.CLAIM)) {
      s.setArray(1, c.createArrayOf("text", folders.toArray()));
      s.setInt(2, max);
      s.setString(3, node);
      s.setLong(4, leaseMs);
      s.setString(5, node);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          claims.add(
              new Claim(
                  r.getLong("id"),
                  r.getLong("epoch"),
                  r.getString("folder"),
                  new InputVersion(r.getString("path"), r.getLong("size"), r.getLong("mtime")),
                  task(r.getString("state"), r.getString("result")),
                  r.getString("reason"),
                  r.getString("taken_from")));
        }
      }
    }
    return claims;
  }

  private static Claim.Task task(String state, String result) {
    if (!"committed".equals(state)) {
      return Claim.Task.PROCESS;
    }
    return "failed".equals(result) ? Claim.Task.DISPOSE_FAILED : Claim.Task.DISPOSE_PUBLISHED;
  }

  static Outcome confirm(Connection c, Claim claim, String node, long leaseMs) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.CONFIRM)) {
      s.setLong(1, leaseMs);
      int i = bindClaim(s, 2, claim, node);
      bindClaim(s, i, claim, node);
      return outcome(s);
    }
  }

  static Outcome commit(
      Connection c, Claim claim, String node, long leaseMs, Result result, String reason)
      throws SQLException {
    String name = result.name().toLowerCase(Locale.ROOT);
    try (PreparedStatement s = c.prepareStatement(Sql.COMMIT)) {
      s.setString(1, name);
      s.setString(2, reason);
      s.setLong(3, leaseMs);
      int i = bindClaim(s, 4, claim, node);
      s.setString(i++, name);
      bindClaim(s, i, claim, node);
      return outcome(s);
    }
  }

  static Outcome done(Connection c, Claim claim, String node) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.DONE)) {
      int i = bindClaim(s, 1, claim, node);
      bindClaim(s, i, claim, node);
      return outcome(s);
    }
  }

  static Outcome drop(Connection c, Claim claim, String node) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.DROP)) {
      int i = bindClaim(s, 1, claim, node);
      bindClaim(s, i, claim, node);
      return outcome(s);
    }
  }

  /** Binds id, epoch, node from {@code at}; returns the next parameter index. */
  private static int bindClaim(PreparedStatement s, int at, Claim claim, String node)
      throws SQLException {
    s.setLong(at, claim.id());
    s.setLong(at + 1, claim.epoch());
    s.setString(at + 2, node);
    return at + 3;
  }

  private static Outcome outcome(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1) == 1 ? Outcome.COMMITTED : Outcome.FENCED;
    }
  }

  /** Returns the ids released. */
  static Set<Long> release(Connection c, Collection<Claim> claims, String node)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.RELEASE)) {
      bindHeld(c, s, claims);
      s.setString(3, node);
      s.setString(4, node);
      return ids(s);
    }
  }

  /** Renews the leases of {@code claims} and beats the node's heart; returns the ids lost. */
  static Set<Long> renew(Connection c, Collection<Claim> claims, String node, long leaseMs)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.RENEW)) {
      bindHeld(c, s, claims);
      s.setLong(3, leaseMs);
      s.setString(4, node);
      s.setString(5, node);
      s.setString(6, node);
      return ids(s);
    }
  }

  private static void bindHeld(Connection c, PreparedStatement s, Collection<Claim> claims)
      throws SQLException {
    Long[] ids = claims.stream().map(Claim::id).toArray(Long[]::new);
    Long[] epochs = claims.stream().map(Claim::epoch).toArray(Long[]::new);
    s.setArray(1, c.createArrayOf("bigint", ids));
    s.setArray(2, c.createArrayOf("bigint", epochs));
  }

  private static Set<Long> ids(PreparedStatement s) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  static int forget(Connection c, String folder, Collection<String> paths) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.FORGET)) {
      s.setString(1, folder);
      s.setArray(2, c.createArrayOf("text", paths.toArray()));
      return s.executeUpdate();
    }
  }

  /** True when registered; false when a live daemon already uses the name. */
  static boolean register(Connection c, String node, String run, long leaseMs) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.REGISTER)) {
      s.setString(1, node);
      s.setString(2, run);
      s.setLong(3, leaseMs);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  static void stopped(Connection c, String node, String run) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.STOPPED)) {
      s.setString(1, node);
      s.setString(2, run);
      s.executeUpdate();
    }
  }

  static Set<String> liveRuns(Connection c) throws SQLException {
    Set<String> runs = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement(Sql.LIVE_RUNS);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        runs.add(r.getString(1));
      }
    }
    return runs;
  }

  static ClusterStatus status(Connection c) throws SQLException {
    Instant at;
    try (PreparedStatement s = c.prepareStatement(Sql.NOW);
        ResultSet r = s.executeQuery()) {
      r.next();
      at = instant(r, 1);
    }
    List<ClusterStatus.Node> nodes = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(Sql.NODES);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        nodes.add(
            new ClusterStatus.Node(
                r.getString("name"),
                instant(r, "started"),
                instant(r, "last_seen"),
                instant(r, "stopped"),
                r.getBoolean("alive"),
                r.getLong("held"),
                r.getLong("takeovers"),
                r.getLong("fenced")));
      }
    }
    List<ClusterStatus.Folder> folders = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(Sql.FOLDERS);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        folders.add(
            new ClusterStatus.Folder(
                r.getString("folder"),
                r.getLong("ready"),
                r.getLong("claimed"),
                r.getLong("committed"),
                r.getLong("published"),
                r.getLong("failed"),
                r.getLong("expired")));
      }
    }
    return new ClusterStatus(at, List.copyOf(nodes), List.copyOf(folders));
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    return r.getObject(column, OffsetDateTime.class).toInstant();
  }
}
