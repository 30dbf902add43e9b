package io.replkit.replica.chain;

/**
 * How much stream a downstream replica may have waiting to be sent before it is cut off, like
 * Redis's {@code client-output-buffer-limit replica <hard> <soft> <seconds>}: at once past
 * {@code hardBytes}, or when it stays past {@code softBytes} for {@code softSeconds}. 0 disables a
 * bound (as in Redis).
 */
public record OutputLimit(long hardBytes, long softBytes, long softSeconds) {
    /** Redis's default for replicas: 256mb 64mb 60. */
    public static final OutputLimit REDIS_DEFAULT = new OutputLimit(256L << 20, 64L << 20, 60);

    public OutputLimit {
        if (hardBytes < 0 || softBytes < 0 || softSeconds < 0) {
            throw new IllegalArgumentException("output limits must not be negative");
        }
    }

    /** Why {@code pending} bytes, over the soft bound since {@code softSinceMs} (or -1), break the limit, or null. */
    String exceeded(long pending, long softSinceMs, long nowMs) {
        if (hardBytes > 0 && pending > hardBytes) {
            return pending + " bytes pending exceed the hard limit of " + hardBytes;
        }
        if (softBytes > 0 && pending > softBytes && softSinceMs >= 0 && nowMs - softSinceMs >= softSeconds * 1000) {
            return pending + " bytes pending stayed over the soft limit of " + softBytes + " for " + softSeconds + " s";
        }
        return null;
    }
}
