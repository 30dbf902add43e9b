package io.replkit.rdb.encoding;

import java.util.Arrays;

/**
 * Builds an intset ({@code intset.c}), the blob of RDB type {@code SET_INTSET}: members sorted
 * ascending, unique, all in the narrowest of 16, 32 or 64 bits that holds every one of them.
 * Add members in any order, then {@link #finish()}. Reusable; not thread-safe.
 */
public final class IntsetWriter {
    private long[] values = new long[16];
    private int count;
    private byte[] buf = new byte[64];

    public IntsetWriter reset() {
        count = 0;
        return this;
    }

    public int count() {
        return count;
    }

    public IntsetWriter add(long v) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = v;
        return this;
    }

    /**
     * Sorts the members and encodes them; returns the blob's length ({@code array()[0, length)}).
     *
     * @throws IllegalArgumentException when a member was added twice (a set has none)
     */
    public int finish() {
        Arrays.sort(values, 0, count);
        long min = 0, max = 0;
        for (int i = 0; i < count; i++) {
            if (i > 0 && values[i] == values[i - 1]) {
                throw new IllegalArgumentException("intset member " + values[i] + " occurs twice");
            }
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        int width = min >= Short.MIN_VALUE && max <= Short.MAX_VALUE ? IntsetReader.INTSET_ENC_INT16
            : min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE ? IntsetReader.INTSET_ENC_INT32
            : IntsetReader.INTSET_ENC_INT64;
        int length = IntsetReader.HEADER_SIZE + count * width;
        if (buf.length < length) {
            buf = new byte[Math.max(length, buf.length * 2)];
        }
        LittleEndian.writeInt32LE(buf, 0, width);
        LittleEndian.writeInt32LE(buf, 4, count);
        int p = IntsetReader.HEADER_SIZE;
        for (int i = 0; i < count; i++, p += width) {
            switch (width) {
                case IntsetReader.INTSET_ENC_INT16 -> LittleEndian.writeInt16LE(buf, p, (int) values[i]);
                case IntsetReader.INTSET_ENC_INT32 -> LittleEndian.writeInt32LE(buf, p, (int) values[i]);
                default -> LittleEndian.writeInt64LE(buf, p, values[i]);
            }
        }
        return length;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, finish());
    }
}
