/**
 * Cluster mode's claim authority (issue 15): with several hosts running the daemon on one shared
 * hot folder, PostgreSQL decides which host works on which input, so that every input still ends
 * exactly once. Entry class: {@link io.hotshrink.cluster.ClaimStore}; settings: {@link
 * io.hotshrink.cluster.ClusterSettings}. It may import only the JDK, the PostgreSQL JDBC driver and
 * slf4j; nothing here knows about files, images or the pool. All SQL is in {@code Sql}.
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
 * id, epoch, node}: 0 rows means fenced. Takeovers and fenced claims are logged as events (tables
 * {@code takeovers}, {@code fenced}, keyed by input and epoch, so one fenced claim counts once
 * however many calls notice it); {@code nodes} holds each daemon's heartbeat. The schema is
 * versioned ({@code schema_version}, an ordered list of migrations applied under an advisory lock).
 *
 * <p><b>Changes to the design, and why.</b> (1) Uniqueness of (folder, path, size, mtime)
 * is enforced on a SHA-256 of the four (computed by the INSERT itself) rather than on the columns:
 * a B-tree entry holds at most 2704 bytes, a relative path up to 4 KB, and one long name would
 * otherwise make every batch that contains it fail. (2) A takeover is any claim of a row whose
 * lease ran out, including one that an earlier run of the same node name held (a daemon restarted
 * after {@code kill -9}): it is a different process that never saw that work. (3) {@code node}
 * stays on a row after its lease ends (released or done): it says who handled it last; "held" is
 * {@code lease_until IS NOT NULL}.
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
 * <p><b>Limits.</b> A claim whose answer was lost (the connection broke after the server committed
 * it) is not repeated: those rows wait out their lease and are taken over. The share must give
 * every host the same relative paths, sizes and modification times for one file (so that offers
 * meet on one row): with NFS attribute caching, settle only on values that have stopped changing.
 */
package io.hotshrink.cluster;
