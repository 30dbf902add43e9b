package io.replkit.replica.chain;

/**
 * What a connection told us with {@code REPLCONF} before {@code SYNC}/{@code PSYNC}: where it
 * listens and what it understands ({@code replconfCommand}). Set on the client's event-loop thread.
 */
public final class ReplicaAnnouncement {
    /** {@code REPLCONF listening-port}, 0 when not announced. */
    public volatile int listeningPort;
    /** {@code REPLCONF ip-address}, or null to use the peer address. */
    public volatile String ipAddress;
    /** {@code capa eof}: can read a {@code $EOF:<mark>} payload. */
    public volatile boolean capaEof;
    /** {@code capa psync2}: understands {@code +CONTINUE <replid>}. */
    public volatile boolean capaPsync2;
    /** {@code REPLCONF rdb-only 1}: wants the snapshot and nothing after it ({@code redis-cli --rdb}). */
    public volatile boolean rdbOnly;
}
