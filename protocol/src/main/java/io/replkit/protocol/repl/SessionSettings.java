package io.replkit.protocol.repl;

import java.time.Duration;

/**
 * How a {@link ReplicationSession} behaves.
 *
 * @param startFrom      where to continue ({@code PSYNC <replid> <offset+1>}); null for a full sync
 * @param listeningPort  the port announced with {@code REPLCONF listening-port}; 0 announces the
 *                       connection's local port, which tells replkit's connections apart in
 *                       {@code INFO replication}
 * @param replTimeout    a master silent for longer is considered gone (Redis's {@code repl-timeout}, 60 s)
 * @param ackInterval    how often {@code REPLCONF ACK} is sent (Redis: every second)
 * @param maxRetries     reconnect attempts after a lost link before giving up (ignored when {@code follow})
 * @param follow         reconnect forever
 * @param initialBackoff the delay before the first reconnect; it doubles with each failed attempt
 * @param maxBackoff     the longest delay between reconnects
 * @param rdbOnly        ask for the snapshot only ({@code REPLCONF rdb-only 1}, Redis 7.0+; older
 *                       masters ignore it and the caller disconnects after the snapshot)
 */
public record SessionSettings(
    ReplicationOffset startFrom,
    int listeningPort,
    Duration replTimeout,
    Duration ackInterval,
    int maxRetries,
    boolean follow,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean rdbOnly) {

    public static final Duration DEFAULT_REPL_TIMEOUT = Duration.ofSeconds(60);

    public SessionSettings {
        if (replTimeout.isNegative() || replTimeout.isZero()) {
            throw new IllegalArgumentException("repl-timeout must be positive");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
    }

    /** Full sync, 60 s timeout, ACK every second, 10 reconnect attempts from 100 ms up to 10 s apart. */
    public static SessionSettings defaults() {
        return new SessionSettings(null, 0, DEFAULT_REPL_TIMEOUT, Duration.ofSeconds(1), 10, false,
            Duration.ofMillis(100), Duration.ofSeconds(10), false);
    }

    public SessionSettings withStartFrom(ReplicationOffset from) {
        return new SessionSettings(from, listeningPort, replTimeout, ackInterval, maxRetries, follow, initialBackoff, maxBackoff, rdbOnly);
    }

    public SessionSettings withListeningPort(int port) {
        return new SessionSettings(startFrom, port, replTimeout, ackInterval, maxRetries, follow, initialBackoff, maxBackoff, rdbOnly);
    }

    public SessionSettings withReplTimeout(Duration timeout) {
        return new SessionSettings(startFrom, listeningPort, timeout, ackInterval, maxRetries, follow, initialBackoff, maxBackoff, rdbOnly);
    }

    public SessionSettings withAckInterval(Duration interval) {
        return new SessionSettings(startFrom, listeningPort, replTimeout, interval, maxRetries, follow, initialBackoff, maxBackoff, rdbOnly);
    }

    public SessionSettings withRetries(int retries, boolean forever) {
        return new SessionSettings(startFrom, listeningPort, replTimeout, ackInterval, retries, forever, initialBackoff, maxBackoff, rdbOnly);
    }

    public SessionSettings withBackoff(Duration initial, Duration max) {
        return new SessionSettings(startFrom, listeningPort, replTimeout, ackInterval, maxRetries, follow, initial, max, rdbOnly);
    }

    public SessionSettings withRdbOnly(boolean only) {
        return new SessionSettings(startFrom, listeningPort, replTimeout, ackInterval, maxRetries, follow, initialBackoff, maxBackoff, only);
    }

    /** The delay before reconnect attempt {@code attempt} (1-based): doubling from the initial delay, capped. */
    public Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
