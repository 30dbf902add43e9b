package io.replkit.replica.server;

import java.util.Map;

/**
 * How the server listens, whom it lets in, and the limits it keeps (Redis 7.0's defaults).
 *
 * @param bind              address to bind (127.0.0.1 unless told otherwise)
 * @param port              TCP port, 0 for any free port
 * @param password          the default user's password (AUTH/HELLO AUTH), or null for none
 * @param redisVersion      the version reported by HELLO and INFO; replies follow Redis 7.0
 * @param users             other users by name, with their passwords ({@code AUTH user pass})
 * @param protectedMode     with no default-user password, refuse clients from non-loopback addresses
 * @param maxClients        connections beyond this get "-ERR max number of clients reached" and are closed
 * @param timeoutSeconds    close normal clients idle this long; 0 never
 * @param queryBufferLimit  most bytes one client's unprocessed input may hold (client-query-buffer-limit)
 * @param protoMaxBulkLen   longest argument a client may send (proto-max-bulk-len)
 * @param pubsubOutputLimit output buffer limit of clients with subscriptions
 */
public record ServerOptions(String bind, int port, String password, String redisVersion, Map<String, String> users,
                            boolean protectedMode, int maxClients, long timeoutSeconds, long queryBufferLimit,
                            long protoMaxBulkLen, OutputLimit pubsubOutputLimit) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final String REPORTED_VERSION = "7.0.15";
    public static final int DEFAULT_MAX_CLIENTS = 10_000;
    public static final long DEFAULT_QUERY_BUFFER_LIMIT = 1L << 30;
    public static final long DEFAULT_PROTO_MAX_BULK_LEN = 512L << 20;

    /**
     * Redis's {@code client-output-buffer-limit}: a client is closed once its pending output passes
     * {@code hard} bytes, or stays above {@code soft} bytes for {@code softSeconds}; 0 disables either.
     */
    public record OutputLimit(long hard, long soft, long softSeconds) {
        public static final OutputLimit PUBSUB_DEFAULT = new OutputLimit(32L << 20, 8L << 20, 60);
        public static final OutputLimit NONE = new OutputLimit(0, 0, 0);

        public OutputLimit {
            if (hard < 0 || soft < 0 || softSeconds < 0) {
                throw new IllegalArgumentException("output buffer limits cannot be negative");
            }
        }
    }

    public ServerOptions {
        users = Map.copyOf(users);
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxclients must be at least 1");
        }
        if (timeoutSeconds < 0 || queryBufferLimit < 1 || protoMaxBulkLen < 1) {
            throw new IllegalArgumentException("timeout, query buffer limit and bulk length must be positive");
        }
    }

    /** No password, the defaults of Redis 7.0 for everything else. */
    public ServerOptions(String bind, int port, String password, String redisVersion) {
        this(bind, port, password, redisVersion, Map.of(), true, DEFAULT_MAX_CLIENTS, 0, DEFAULT_QUERY_BUFFER_LIMIT,
                DEFAULT_PROTO_MAX_BULK_LEN, OutputLimit.PUBSUB_DEFAULT);
    }

    public static ServerOptions of(String bind, int port) {
        return new ServerOptions(bind, port, null, REPORTED_VERSION);
    }

    public ServerOptions withPassword(String pass) {
        return new ServerOptions(bind, port, pass, redisVersion, users, protectedMode, maxClients, timeoutSeconds,
                queryBufferLimit, protoMaxBulkLen, pubsubOutputLimit);
    }

    public ServerOptions withUsers(Map<String, String> u) {
        return new ServerOptions(bind, port, password, redisVersion, u, protectedMode, maxClients, timeoutSeconds,
                queryBufferLimit, protoMaxBulkLen, pubsubOutputLimit);
    }

    public ServerOptions withProtectedMode(boolean on) {
        return new ServerOptions(bind, port, password, redisVersion, users, on, maxClients, timeoutSeconds,
                queryBufferLimit, protoMaxBulkLen, pubsubOutputLimit);
    }

    public ServerOptions withMaxClients(int n) {
        return new ServerOptions(bind, port, password, redisVersion, users, protectedMode, n, timeoutSeconds,
                queryBufferLimit, protoMaxBulkLen, pubsubOutputLimit);
    }

    public ServerOptions withTimeoutSeconds(long s) {
        return new ServerOptions(bind, port, password, redisVersion, users, protectedMode, maxClients, s,
                queryBufferLimit, protoMaxBulkLen, pubsubOutputLimit);
    }

    public ServerOptions withQueryBufferLimit(long n) {
        return new ServerOptions(bind, port, password, redisVersion, users, protectedMode, maxClients, timeoutSeconds,
                n, protoMaxBulkLen, pubsubOutputLimit);
    }

    public ServerOptions withProtoMaxBulkLen(long n) {
        return new ServerOptions(bind, port, password, redisVersion, users, protectedMode, maxClients, timeoutSeconds,
                queryBufferLimit, n, pubsubOutputLimit);
    }

    public ServerOptions withPubsubOutputLimit(OutputLimit l) {
        return new ServerOptions(bind, port, password, redisVersion, users, protectedMode, maxClients, timeoutSeconds,
                queryBufferLimit, protoMaxBulkLen, l);
    }

    /** Whether a client starts out authenticated (the default user has no password). */
    boolean defaultUserOpen() {
        return password == null;
    }
}
