package io.hotshrink.cluster;

import io.hotshrink.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' side of one test database: stores for named nodes (all closed by {@link #close}), and
 * plain JDBC to look at the rows behind the store's back.
 */
public final class ClusterDb implements AutoCloseable {
  public static final String FOLDER = "photos";

  private final PostgresServer pg;
  private final String url;
  private final List<ClaimStore> stores = new ArrayList<>();

  public ClusterDb(PostgresServer pg) {
    this.pg = pg;
    this.url = pg.newDatabase();
  }

  public String url() {
    return url;
  }

  public ClusterSettings settings(String node, Duration lease) {
    return new ClusterSettings(
        url, PostgresServer.USER, Password.of(pg.password()), lease, node, 8);
  }

  public ClaimStore store(ClusterSettings settings, ClusterListener listener) {
    return kept(ClaimStore.open(settings, listener, System::nanoTime));
  }

  /** A node that has joined the cluster, its temp files marked {@code run}. */
  public ClaimStore started(String node, Duration lease, String run) {
    ClaimStore s =
        kept(ClaimStore.open(settings(node, lease), ClusterListener.NONE, System::nanoTime, run));
    s.start();
    return s;
  }

  /** Every lease runs out now, as after a pause of its holder longer than the lease. */
  public void expireLeases() {
    execute(EXPIRE);
  }

  /** One input's lease runs out now, by the database's clock (as after its holder's pause). */
  public void expireLease(long id) {
    execute(EXPIRE + " WHERE id = " + id);
  }

  private static final String EXPIRE =
      "UPDATE hotshrink.inputs SET lease_until = now() - interval '1 second'";

  private ClaimStore kept(ClaimStore s) {
    synchronized (stores) {
      stores.add(s);
    }
    return s;
  }

  public ClaimStore store(String node, Duration lease) {
    return store(settings(node, lease), ClusterListener.NONE);
  }

  /** A node that has joined the cluster. */
  public ClaimStore started(String node, Duration lease) {
    ClaimStore s = store(node, lease);
    s.start();
    return s;
  }

  public static List<InputVersion> inputs(int n) {
    List<InputVersion> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new InputVersion("day" + i % 7 + "/img" + i + ".jpg", 1000 + i, 1_700_000_000_000L));
    }
    return list;
  }

  public long count(String sql) {
    return query(sql, r -> r.getLong(1));
  }

  public Instant instant(String sql) {
    return query(sql, r -> r.getObject(1, OffsetDateTime.class).toInstant());
  }

  /** The first column of every row of a query, as numbers. */
  public List<Long> longs(String sql) {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, pg.password());
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      List<Long> out = new ArrayList<>();
      while (r.next()) {
        out.add(r.getLong(1));
      }
      return out;
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  public String text(String sql) {
    return query(sql, r -> r.getString(1));
  }

  public interface Read<T> {
    T from(ResultSet r) throws SQLException;
  }

  /** The first column of the first row of a query. */
  public <T> T query(String sql, Read<T> read) {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, pg.password());
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new AssertionError("no row: " + sql);
      }
      return read.from(r);
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  /** Runs a statement behind the stores' backs. */
  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, pg.password());
        PreparedStatement s = c.prepareStatement(sql)) {
      s.execute();
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  @Override
  public void close() {
    synchronized (stores) {
      stores.forEach(ClaimStore::close);
      stores.clear();
    }
  }
}
