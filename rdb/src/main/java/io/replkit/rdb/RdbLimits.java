package io.replkit.rdb;

/**
 * Every bound the reader enforces, named in one place. A length read from a file is checked
 * against these and against the bytes that remain before anything is allocated.
 */
public record RdbLimits(long maxStringLength, int readBufferSize) {

    /** Java arrays cannot hold more; Redis itself caps strings at 512 MB by default. */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 16;

    /** When the input size is unknown (a stream), buffers grow by at most this much per read. */
    public static final int UNKNOWN_SIZE_GROWTH = 1 << 20;

    public static final RdbLimits DEFAULT = new RdbLimits(MAX_ARRAY_LENGTH, 1 << 18);

    public RdbLimits {
        if (maxStringLength < 0 || maxStringLength > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("maxStringLength must be in 0.." + MAX_ARRAY_LENGTH);
        }
        if (readBufferSize < 64) {
            throw new IllegalArgumentException("readBufferSize must be at least 64");
        }
    }
}
