package io.replkit.cli.replica;

import io.replkit.cli.UsageException;
import io.replkit.replica.chain.ReplicationBacklog;
import java.util.Locale;
import picocli.CommandLine.Option;

/** start-replica's options for replicas of its own (chained replication). */
final class ChainOptions {

    @Option(names = "--backlog-size", paramLabel = "SIZE", defaultValue = "1mb",
        description = "Replication backlog kept for replicas of this replica to continue with a partial resync, "
            + "in bytes or with a unit as in redis.conf (kb, mb, gb; k, m, g are powers of 1000) "
            + "(default: ${DEFAULT-VALUE}, like Redis's repl-backlog-size).")
    String backlogSize;

    @Option(names = "--repl-diskless-sync-delay", paramLabel = "SECONDS", defaultValue = "5",
        description = "How long a diskless full sync waits for more replicas to come and share its snapshot; 0 starts "
            + "at once (default: ${DEFAULT-VALUE}, like Redis's repl-diskless-sync-delay).")
    long disklessSyncDelaySeconds;

    /** The diskless sync delay, checked. */
    java.time.Duration disklessSyncDelay() {
        if (disklessSyncDelaySeconds < 0) {
            throw new UsageException("--repl-diskless-sync-delay must be 0 or a number of seconds, not "
                + disklessSyncDelaySeconds);
        }
        return java.time.Duration.ofSeconds(disklessSyncDelaySeconds);
    }

    /** The backlog size in bytes. */
    long backlogBytes() {
        long n = memory(backlogSize);
        if (n < 1 || n > ReplicationBacklog.MAX_SIZE) {
            throw new UsageException("--backlog-size must be between 1 byte and " + ReplicationBacklog.MAX_SIZE
                + " bytes, not " + backlogSize);
        }
        return n;
    }

    /** A redis.conf memory amount ({@code memtoll}): digits and an optional unit. */
    static long memory(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        String unit = s.substring(i);
        long mul = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1;
        };
        if (i == 0 || mul < 0 || i > 12) {
            throw new UsageException("'" + text + "' is not a size: expected digits and an optional unit "
                + "(b, k, kb, m, mb, g, gb)");
        }
        return Long.parseLong(s.substring(0, i)) * mul;
    }
}
