/**
 * Cluster mode's claim authority (issue 15): with several hosts running the daemon on one shared
 * hot folder, PostgreSQL decides which host works on which input, so that every input still ends
 * exactly once. Entry class: {@link io.hotshrink.cluster.ClaimStore}; settings: {@link
 * io.hotshrink.cluster.ClusterSettings}. Nothing here knows about files, images or the pool; all
 * SQL is in {@code Sql}. Beside the JDK it uses only the PostgreSQL JDBC driver and slf4j. May
 * import: none of our packages.
 *
 * <p><b>The model.</b> One row per input version ({@code hotshrink.inputs}: folder, relative path,
 * size, mtime), inserted with {@code INSERT ... ON CONFLICT DO NOTHING} once it has settled.
 * States: {@code ready → claimed → committed} (result {@code published} or {@code failed}: outputs
 * in place or failure decided, the source's disposition not yet done) {@code → done}. A claim
 * ({@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT k) RETURNING ...}) takes
 * open rows that nobody leases — new, released, or whose lease ran out by the database's clock —
 * increments their {@code epoch} (the fencing number), and sets {@code node} and {@code lease_until
 * = now() + lease}. A committed row whose holder died is claimed again for its disposition only
 * ({@link io.hotshrink.cluster.Claim.Task}). Every later call on a claim is checked against {@code
 * id, epoch, node}: 0 rows means fenced. The fence check ({@code confirm}) also needs the lease
 * alive by the database's clock, and renews it. {@code nodes} holds each daemon's heartbeat; alive
 * = heard from within its lease. The schema is versioned ({@code schema_version}, an ordered list
 * of migrations, each applied once in a transaction, under an advisory lock).
 *
 * <p><b>Threads and connections.</b> Two connections per node, no pool: one for the renewals (one
 * statement renews every lease the node holds and is its heartbeat, every third of the lease), on a
 * thread of its own so that claims and offers never delay a renewal; one for the daemon's calls,
 * short statements taken in turns. Each is reopened on the next call after it broke. A second
 * thread, the watchdog, times the renewals on the host's monotonic clock (the only place the host's
 * time matters; injected as a ticker) and has the daemon abandon its work when none succeeded for
 * lease − margin, counted from when the last good one was sent.
 *
 * <p><b>Changes to the design, and why.</b> (1) Uniqueness of (folder, path, size, mtime)
 * is enforced on a SHA-256 of the four (computed by the INSERT itself) rather than on the columns:
 * a B-tree entry holds at most 2704 bytes, a relative path up to 4 KB, and one long name would
 * otherwise make every batch that contains it fail. (2) A takeover is any claim of a row whose
 * lease ran out, including one that an earlier run of the same node name held (a daemon restarted
 * after {@code kill -9}): it is a different process that never saw that work. (3) {@code node}
 * stays on a row after its lease ends (released or done): it says who handled it last; "held" is
 * {@code lease_until IS NOT NULL}. (4) The per-node counts of takeovers and fenced results are kept
 * as events (tables {@code takeovers}, {@code fenced}, keyed by input and epoch) rather than
 * counter columns: one fenced claim may be noticed by several calls (the fence check, the commit, a
 * renewal) and must count once, and the events say which input, when and from whom. (5) The commit
 * is checked by the epoch alone, not the lease, so that it can be repeated after a lost answer: an
 * unchanged epoch means nobody has claimed the row since, and a claimer arriving at that moment
 * waits for the commit's row lock and then finds the lease renewed.
 *
 * <p><b>Known failures of similar designs, and how this one avoids them.</b>
 *
 * <ul>
 *   <li><i>Orphan locks after a crash</i> (Camel's JDBC idempotent repository kept a processing row
 *       forever after a JVM died, CAMEL-16427; Spring Integration's lock rows needed a TTL):
 *       nothing here is held without a lease, and a lease that is not renewed runs out; the next
 *       claim takes the row over (counted). A clean shutdown releases its claims at once.
 *   <li><i>No fencing of a paused node</i> (Spring Integration's JdbcLockRegistry: once its TTL
 *       passes another instance takes the lock while the first, paused in GC, still believes it
 *       holds it): every claim increments the epoch and every result is written with {@code WHERE
 *       id = ? AND epoch = ? AND node = ?}, so a node back from a pause can record nothing and
 *       disposes of no source; its renames only write the same bytes under the same names. The node
 *       also watches itself: without a renewal for lease − margin it abandons its work.
 *   <li><i>Clocks</i> (Spring Integration wrote lock times from each host's local clock and time
 *       zone; ShedLock compared hosts' clocks): leases are set and compared with {@code now()} of
 *       the database only; a host's clock only times its own watchdog, monotonically.
 *   <li><i>Insert races</i> (Camel's JDBC idempotent repository let two consumers insert the same
 *       key without a unique constraint; check-then-insert races): the unique key and {@code ON
 *       CONFLICT DO NOTHING} make offering atomic and idempotent; claiming uses {@code FOR UPDATE
 *       SKIP LOCKED}, so two nodes never get one row and never wait for each other.
 *   <li><i>A database that goes away</i>: every wait is bounded (connect, socket and statement
 *       timeouts shorter than the lease); broken connections are reopened on the next call; calls
 *       are idempotent where a lost answer could otherwise leave doubt (commit, done, release).
 * </ul>
 *
 * <p><b>Limits.</b> A claim whose answer was lost (the connection broke after the server ran it) is
 * unknown to its node: those rows wait out their lease and are taken over. Between a successful
 * fence check and the renames a node may still be paused past its lease; then two nodes rename the
 * same bytes onto the same names (outputs are derived from the input only), and only one commit
 * counts. The share must give every host the same relative paths, sizes and modification times for
 * one file, so that offers meet on one row. Rows of finished inputs stay (they keep a rescan from
 * redoing them) until {@code forget} is called for inputs that left the hot folder.
 */
package io.hotshrink.cluster;
