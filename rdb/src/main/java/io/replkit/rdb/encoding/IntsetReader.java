package io.replkit.rdb.encoding;

import io.replkit.rdb.RdbFormatException;
import java.util.Objects;

/**
 * Random access to an intset ({@code intset.c}), the blob of RDB type {@code SET_INTSET} (11,
 * since RDB version 2).
 *
 * <pre>
 * encoding:uint32 LE (2, 4 or 8)  length:uint32 LE  length x int{16,32,64} LE
 * </pre>
 *
 * <p>Redis keeps the elements sorted ascending and unique; {@link #requireAscendingUnique()}
 * checks that on demand (the constructor checks only the header and size).
 */
public final class IntsetReader {
    public static final int HEADER_SIZE = 8;
    public static final int INTSET_ENC_INT16 = 2;
    public static final int INTSET_ENC_INT32 = 4;
    public static final int INTSET_ENC_INT64 = 8;

    private final byte[] buf;
    private final int start;
    private final int encoding;
    private final int size;

    /**
     * Checks the header of the intset {@code buf[off, off + len)}.
     *
     * @throws RdbFormatException if the blob is shorter than 8 bytes, the encoding is not 2, 4 or
     *     8, or {@code 8 + length * encoding != len}
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf}
     */
    public IntsetReader(byte[] buf, int off, int len) throws RdbFormatException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < HEADER_SIZE) {
            throw new RdbFormatException("intset blob length " + len + " is shorter than the 8-byte header", 0);
        }
        long enc = LittleEndian.readUInt32LE(buf, off);
        if (enc != INTSET_ENC_INT16 && enc != INTSET_ENC_INT32 && enc != INTSET_ENC_INT64) {
            throw new RdbFormatException("intset encoding " + enc + " is not 2, 4 or 8", 0);
        }
        long length = LittleEndian.readUInt32LE(buf, off + 4);
        long expected = HEADER_SIZE + length * enc; // < 2^36, no overflow
        if (expected != len) {
            throw new RdbFormatException("intset length " + length + " of " + enc + "-byte elements needs "
                    + expected + " bytes but the blob has " + len, 4);
        }
        this.buf = buf;
        this.start = off;
        this.encoding = (int) enc;
        this.size = (int) length;
    }

    /** Bytes per element: 2, 4 or 8. */
    public int encoding() {
        return encoding;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /**
     * The element at {@code i}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    public long get(int i) {
        Objects.checkIndex(i, size);
        int p = start + HEADER_SIZE + i * encoding;
        switch (encoding) {
            case INTSET_ENC_INT16:
                return LittleEndian.readInt16LE(buf, p);
            case INTSET_ENC_INT32:
                return LittleEndian.readInt32LE(buf, p);
            default:
                return LittleEndian.readInt64LE(buf, p);
        }
    }

    /**
     * Checks that the elements are strictly ascending, as Redis keeps them (its deep integrity
     * check rejects anything else).
     *
     * @throws RdbFormatException at the first element not greater than the one before it
     */
    public void requireAscendingUnique() throws RdbFormatException {
        for (int i = 1; i < size; i++) {
            long prev = get(i - 1);
            long cur = get(i);
            if (cur <= prev) {
                throw new RdbFormatException("intset element " + i + " value " + cur
                        + " is not greater than the previous " + prev, HEADER_SIZE + (long) i * encoding);
            }
        }
    }
}
