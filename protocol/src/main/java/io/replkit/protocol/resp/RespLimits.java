package io.replkit.protocol.resp;

/**
 * Every bound the RESP decoders enforce, named in one place. A length read from the wire is checked
 * against these before anything is allocated, and buffers grow with the bytes that actually arrive.
 *
 * @param maxBulkLength      longest bulk string, blob error or verbatim string (Redis's own
 *                           {@code proto-max-bulk-len} defaults to 512 MiB)
 * @param maxAggregateLength most elements in one array, set or push, most entries in one map or
 *                           attribute
 * @param maxDepth           deepest nesting of aggregates (a flat array has depth 1)
 * @param maxLineLength      longest header or simple line, and longest inline command, in bytes
 *                           without the line end (Redis caps inline requests at 64 KiB)
 */
public record RespLimits(long maxBulkLength, int maxAggregateLength, int maxDepth, int maxLineLength) {

    /** Java arrays cannot hold more. */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 16;

    public static final RespLimits DEFAULT = new RespLimits(512L << 20, 1 << 24, 64, 64 << 10);

    public RespLimits {
        if (maxBulkLength < 0 || maxBulkLength > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("maxBulkLength must be in 0.." + MAX_ARRAY_LENGTH);
        }
        if (maxAggregateLength < 0 || maxAggregateLength > MAX_ARRAY_LENGTH / 2) {
            throw new IllegalArgumentException("maxAggregateLength must be in 0.." + MAX_ARRAY_LENGTH / 2);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
        if (maxLineLength < 32) {
            throw new IllegalArgumentException("maxLineLength must be at least 32");
        }
    }

    public RespLimits withMaxBulkLength(long n) {
        return new RespLimits(n, maxAggregateLength, maxDepth, maxLineLength);
    }

    public RespLimits withMaxAggregateLength(int n) {
        return new RespLimits(maxBulkLength, n, maxDepth, maxLineLength);
    }

    public RespLimits withMaxDepth(int n) {
        return new RespLimits(maxBulkLength, maxAggregateLength, n, maxLineLength);
    }

    public RespLimits withMaxLineLength(int n) {
        return new RespLimits(maxBulkLength, maxAggregateLength, maxDepth, n);
    }
}
