package io.hotshrink.cluster;

import java.util.List;

/**
 * Every SQL statement of the package, in one place. Times are the database's ({@code now()}):
 * hosts' clocks never meet in a comparison. A lease length is passed in milliseconds. All names are
 * qualified with the schema {@code hotshrink}, so no search_path is assumed.
 */
final class Sql {
  private Sql() {}

  /** Key of the advisory lock that serialises migrations ("hotshrnk" in ASCII). */
  static final long MIGRATION_LOCK = 0x686f747368726e6bL;

  /** One step of the schema, applied once, in a transaction, in version order. Append only. */
  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "inputs, nodes, takeovers, fenced",
              List.of(
                  """
                  CREATE TABLE hotshrink.inputs (
                    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    folder      TEXT NOT NULL,
                    path        TEXT NOT NULL,
                    size        BIGINT NOT NULL,
                    mtime       BIGINT NOT NULL,
                    version_key BYTEA NOT NULL,
                    state       TEXT NOT NULL DEFAULT 'ready'
                                CHECK (state IN ('ready', 'claimed', 'committed', 'done')),
                    result      TEXT CHECK (result IN ('published', 'failed')),
                    reason      TEXT,
                    epoch       BIGINT NOT NULL DEFAULT 0,
                    node        TEXT,
                    lease_until TIMESTAMPTZ,
                    offered_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
                    claimed_at  TIMESTAMPTZ,
                    finished_at TIMESTAMPTZ,
                    CONSTRAINT inputs_one_row_per_version UNIQUE (version_key),
                    CONSTRAINT inputs_result_iff_committed
                      CHECK ((result IS NOT NULL) = (state IN ('committed', 'done')))
                  )""",
                  // what claim() scans: the open rows of a folder, oldest first
                  "CREATE INDEX inputs_open ON hotshrink.inputs (folder, id) WHERE state <> 'done'",
                  // what status() counts per node
                  "CREATE INDEX inputs_leased ON hotshrink.inputs (node)"
                      + " WHERE lease_until IS NOT NULL",
                  """
                  CREATE TABLE hotshrink.nodes (
                    name      TEXT PRIMARY KEY,
                    run       TEXT NOT NULL,
                    lease_ms  BIGINT NOT NULL,
                    started   TIMESTAMPTZ NOT NULL,
                    last_seen TIMESTAMPTZ NOT NULL,
                    stopped   TIMESTAMPTZ
                  )""",
                  // events, not counters: a fenced claim may be noticed by several calls (confirm,
                  // commit, a renewal) and must count once; no foreign key, so that forgetting
                  // inputs never lowers a count
                  """
                  CREATE TABLE hotshrink.takeovers (
                    input_id  BIGINT NOT NULL,
                    epoch     BIGINT NOT NULL,
                    node      TEXT NOT NULL,
                    from_node TEXT NOT NULL,
                    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
                    PRIMARY KEY (input_id, epoch)
                  )""",
                  """
                  CREATE TABLE hotshrink.fenced (
                    input_id BIGINT NOT NULL,
                    epoch    BIGINT NOT NULL,
                    node     TEXT NOT NULL,
                    at       TIMESTAMPTZ NOT NULL DEFAULT now(),
                    PRIMARY KEY (input_id, epoch)
                  )""",
                  "CREATE INDEX takeovers_node ON hotshrink.takeovers (node)",
                  "CREATE INDEX fenced_node ON hotshrink.fenced (node)")));

  // --- schema versioning ---

  static final String SCHEMA_VERSION_TABLE = "SELECT to_regclass('hotshrink.schema_version')";
  static final String CREATE_SCHEMA = "CREATE SCHEMA IF NOT EXISTS hotshrink";
  static final String CREATE_SCHEMA_VERSION =
      """
      CREATE TABLE IF NOT EXISTS hotshrink.schema_version (
        version     INT PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
      )""";
  static final String CURRENT_VERSION =
      "SELECT coalesce(max(version), 0) FROM hotshrink.schema_version";
  static final String RECORD_VERSION =
      "INSERT INTO hotshrink.schema_version (version, description) VALUES (?, ?)";
  static final String LOCK_MIGRATIONS = "SELECT pg_advisory_lock(?)";
  static final String UNLOCK_MIGRATIONS = "SELECT pg_advisory_unlock(?)";

  // --- inputs ---

  /**
   * Params: folders text[], paths text[], sizes bigint[], mtimes bigint[]. The update count is the
   * number of new rows. The unique key is a SHA-256 of the four values (as a JSON array, which
   * cannot be ambiguous): a B-tree entry holds at most 2704 bytes and a relative path may be 4 KB.
   */
  static final String OFFER =
      """
      INSERT INTO hotshrink.inputs (folder, path, size, mtime, version_key)
      SELECT f, p, s, m, sha256(convert_to(jsonb_build_array(f, p, s, m)::text, 'UTF8'))
      FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) AS v(f, p, s, m)
      ON CONFLICT (version_key) DO NOTHING""";

  /**
   * Params: folders text[], limit, node, lease ms, node. Claims open rows that nobody leases — new,
   * released, or whose lease ran out (a takeover, logged) — oldest first. Rows another claimer has
   * locked are skipped, never waited for. Every claim increments the epoch.
   */
  static final String CLAIM =
      """
      WITH picked AS (
        SELECT id, node AS prev_node, lease_until IS NOT NULL AS was_leased
        FROM hotshrink.inputs
        WHERE folder = ANY (?) AND state <> 'done'
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY id
        LIMIT ?
        FOR UPDATE SKIP LOCKED),
      claimed AS (
        UPDATE hotshrink.inputs i
        SET epoch = i.epoch + 1, node = ?, claimed_at = now(),
            lease_until = now() + ? * interval '1 millisecond',
            state = CASE WHEN i.state = 'ready' THEN 'claimed' ELSE i.state END
        FROM picked p
        WHERE i.id = p.id
        RETURNING i.id, i.epoch, i.folder, i.path, i.size, i.mtime, i.state, i.result, i.reason,
                  CASE WHEN p.was_leased THEN p.prev_node END AS taken_from),
      logged AS (
        INSERT INTO hotshrink.takeovers (input_id, epoch, node, from_node)
        SELECT id, epoch, ?, taken_from FROM claimed WHERE taken_from IS NOT NULL)
      SELECT * FROM claimed ORDER BY id""";

  /**
   * Wraps a statement on one claim that returns its id when the claim still holds, so that a
   * refusal is logged as fenced in the same statement. Params after the inner ones: id, epoch,
   * node.
   */
  private static String fencing(String update) {
    return "WITH r AS ("
        + update
        + " RETURNING id), f AS (INSERT INTO hotshrink.fenced (input_id, epoch, node)"
        + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM r) ON CONFLICT DO NOTHING)"
        + " SELECT count(*) FROM r";
  }

  /** Params: lease ms, id, epoch, node, then id, epoch, node. The fence check, renewing. */
  static final String CONFIRM =
      fencing(
          """
          UPDATE hotshrink.inputs SET lease_until = now() + ? * interval '1 millisecond'
          WHERE id = ? AND epoch = ? AND node = ? AND state IN ('claimed', 'committed')
            AND lease_until > now()""");

  /**
   * Params: result, reason, lease ms, id, epoch, node, result, then id, epoch, node. Idempotent: a
   * retry after a lost answer finds the same result committed. The epoch alone decides, as the
   * issue has it: unchanged, nobody has claimed the row since, and a claimer that comes now waits
   * for this row's lock and then finds the lease renewed, for the disposition that follows.
   */
  static final String COMMIT =
      fencing(
          """
          UPDATE hotshrink.inputs
          SET state = 'committed', result = ?, reason = ?,
              lease_until = now() + ? * interval '1 millisecond'
          WHERE id = ? AND epoch = ? AND node = ?
            AND (state = 'claimed' OR (state = 'committed' AND result = ?))""");

  /**
   * Params: id, epoch, node, then id, epoch, node. Idempotent. No lease needed: an unchanged epoch
   * means nobody else has claimed the row since.
   */
  static final String DONE =
      fencing(
          """
          UPDATE hotshrink.inputs
          SET state = 'done', lease_until = NULL, finished_at = coalesce(finished_at, now())
          WHERE id = ? AND epoch = ? AND node = ? AND state IN ('committed', 'done')""");

  /**
   * Params: id, epoch, node, then id, epoch, node. The claimed version is gone from the hot folder,
   * or was replaced by another version before it was processed (which has a row of its own): its
   * row goes. A host that still sees it (a share's attribute cache) offers it again; the claim then
   * finds it gone and drops it again.
   */
  static final String DROP =
      fencing(
          """
          DELETE FROM hotshrink.inputs
          WHERE id = ? AND epoch = ? AND node = ? AND state = 'claimed'""");

  /**
   * Params: ids bigint[], epochs bigint[], node, node. Gives claims back (a claimed row becomes
   * ready again; a committed one stays committed, for its disposition). Returns the ids released;
   * those another node had taken over are logged as fenced (also when that node has finished the
   * input since and its row was forgotten: no row is a row taken over).
   */
  static final String RELEASE =
      """
      WITH h AS (SELECT * FROM unnest(?::bigint[], ?::bigint[]) AS h(id, epoch)),
      r AS (
        UPDATE hotshrink.inputs i
        SET lease_until = NULL, state = CASE WHEN i.state = 'claimed' THEN 'ready' ELSE i.state END
        FROM h
        WHERE i.id = h.id AND i.epoch = h.epoch AND i.node = ? AND i.state <> 'done'
          AND i.lease_until IS NOT NULL
        RETURNING i.id),
      f AS (
        INSERT INTO hotshrink.fenced (input_id, epoch, node)
        SELECT h.id, h.epoch, ? FROM h LEFT JOIN hotshrink.inputs i ON i.id = h.id
        WHERE i.id IS NULL OR i.epoch <> h.epoch
        ON CONFLICT DO NOTHING)
      SELECT id FROM r""";

  /**
   * Params: ids bigint[], epochs bigint[], lease ms, node, node, node. One statement renews every
   * lease a node holds and is its heartbeat. Returns the ids whose epoch moved on (taken over while
   * this node was silent), logged as fenced.
   */
  static final String RENEW =
      """
      WITH h AS (SELECT * FROM unnest(?::bigint[], ?::bigint[]) AS h(id, epoch)),
      r AS (
        UPDATE hotshrink.inputs i SET lease_until = now() + ? * interval '1 millisecond'
        FROM h
        WHERE i.id = h.id AND i.epoch = h.epoch AND i.node = ? AND i.lease_until IS NOT NULL),
      lost AS (
        SELECT h.id, h.epoch FROM h LEFT JOIN hotshrink.inputs i ON i.id = h.id
        WHERE i.id IS NULL OR i.epoch <> h.epoch),
      f AS (
        INSERT INTO hotshrink.fenced (input_id, epoch, node)
        SELECT id, epoch, ? FROM lost ON CONFLICT DO NOTHING),
      n AS (UPDATE hotshrink.nodes SET last_seen = now(), stopped = NULL WHERE name = ?)
      SELECT id FROM lost""";

  /** Params: folder, paths text[]. Forgets finished rows (of inputs gone from the folder). */
  static final String FORGET =
      "DELETE FROM hotshrink.inputs WHERE folder = ? AND path = ANY (?) AND state = 'done'";

  // --- nodes ---

  /**
   * Params: name, run, lease ms. Returns a row unless a live daemon (heard from within its lease,
   * not stopped) already uses this name.
   */
  static final String REGISTER =
      """
      INSERT INTO hotshrink.nodes AS n (name, run, lease_ms, started, last_seen)
      VALUES (?, ?, ?, now(), now())
      ON CONFLICT (name) DO UPDATE
      SET run = excluded.run, lease_ms = excluded.lease_ms, started = now(), last_seen = now(),
          stopped = NULL
      WHERE n.run = excluded.run OR n.stopped IS NOT NULL
         OR n.last_seen < now() - n.lease_ms * interval '1 millisecond'
      RETURNING name""";

  /**
   * A node is alive while it has not stopped and was heard from within its lease: one rule for the
   * status (and so /health and the metrics) and for the temp files the start-up sweep spares.
   */
  private static final String ALIVE =
      "n.stopped IS NULL AND n.last_seen > now() - n.lease_ms * interval '1 millisecond'";

  /** The runs of the nodes alive now. */
  static final String LIVE_RUNS = "SELECT n.run FROM hotshrink.nodes n WHERE " + ALIVE;

  /** Params: name, run. */
  static final String STOPPED =
      "UPDATE hotshrink.nodes SET stopped = now() WHERE name = ? AND run = ?";

  // --- status ---

  static final String NODES =
      """
      SELECT n.name, n.started, n.last_seen, n.stopped,
             """
          + ALIVE
          + """
           AS alive,
             (SELECT count(*) FROM hotshrink.inputs i
              WHERE i.node = n.name AND i.lease_until > now()) AS held,
             (SELECT count(*) FROM hotshrink.takeovers t WHERE t.node = n.name) AS takeovers,
             (SELECT count(*) FROM hotshrink.fenced f WHERE f.node = n.name) AS fenced
      FROM hotshrink.nodes n
      ORDER BY n.name""";

  static final String FOLDERS =
      """
      SELECT folder,
             count(*) FILTER (WHERE state = 'ready') AS ready,
             count(*) FILTER (WHERE state = 'claimed') AS claimed,
             count(*) FILTER (WHERE state = 'committed') AS committed,
             count(*) FILTER (WHERE state = 'done' AND result = 'published') AS published,
             count(*) FILTER (WHERE state = 'done' AND result = 'failed') AS failed,
             count(*) FILTER (WHERE state <> 'done' AND lease_until <= now()) AS expired
      FROM hotshrink.inputs
      GROUP BY folder
      ORDER BY folder""";

  static final String NOW = "SELECT now()";
}
