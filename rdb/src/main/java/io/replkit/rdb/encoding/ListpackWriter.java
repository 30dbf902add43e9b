package io.replkit.rdb.encoding;

import java.util.Objects;

/**
 * Builds a listpack ({@code listpack.c}) in a reusable buffer: the blob of the listpack RDB types
 * (since RDB version 10), of quicklist 2 nodes and of stream nodes. The layout is the one
 * {@link ListpackReader} reads:
 *
 * <pre>
 * total_bytes:uint32 LE  num_elements:uint16 LE (65535 when larger)  entry*  0xFF
 * entry = encoding+data  backlen (1-5 bytes, the length of encoding+data)
 * </pre>
 *
 * Strings that are the canonical text of an int64 are stored as integer entries, as
 * {@code lpAppend} does, so a reader gets the same text back. Call {@link #reset()}, append, then
 * {@link #finish()}; the blob is {@code array()[0, finish())}. Not thread-safe.
 */
public final class ListpackWriter extends PackedBlobWriter<ListpackWriter> {

    public ListpackWriter() {
        super("listpack", ListpackReader.HEADER_SIZE);
    }

    @Override
    public ListpackWriter appendString(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        int header = stringHeaderSize(len);
        int entry = header + len;
        ensure(entry + ListpackReader.backlenSize(entry));
        int p = size;
        if (len < 64) {
            buf[p] = (byte) (0x80 | len);
        } else if (len < 4096) {
            buf[p] = (byte) (0xE0 | (len >>> 8));
            buf[p + 1] = (byte) len;
        } else {
            buf[p] = (byte) 0xF0;
            LittleEndian.writeInt32LE(buf, p + 1, len);
        }
        System.arraycopy(b, off, buf, p + header, len);
        finishEntry(p, entry);
        return this;
    }

    @Override
    public ListpackWriter appendInteger(long v) {
        int entry = integerSize(v);
        ensure(entry + 1);
        int p = size;
        if (entry == 1) {
            buf[p] = (byte) v;
        } else if (entry == 2) {
            int u = (int) v & 0x1FFF; // 13-bit two's complement
            buf[p] = (byte) (0xC0 | (u >>> 8));
            buf[p + 1] = (byte) u;
        } else if (entry == 3) {
            buf[p] = (byte) 0xF1;
            LittleEndian.writeInt16LE(buf, p + 1, (int) v);
        } else if (entry == 4) {
            buf[p] = (byte) 0xF2;
            LittleEndian.writeInt24LE(buf, p + 1, (int) v);
        } else if (entry == 5) {
            buf[p] = (byte) 0xF3;
            LittleEndian.writeInt32LE(buf, p + 1, (int) v);
        } else {
            buf[p] = (byte) 0xF4;
            LittleEndian.writeInt64LE(buf, p + 1, v);
        }
        finishEntry(p, entry);
        return this;
    }

    @Override
    public int finish() {
        int total = terminate();
        LittleEndian.writeInt16LE(buf, 4, Math.min(count, ListpackReader.UNKNOWN_COUNT));
        return total;
    }

    /** Bytes an entry for this string takes (encoding, data and backlen), with integer conversion. */
    public static int entrySize(byte[] b, int off, int len) {
        if (len <= AsciiNumbers.MAX_INT64_TEXT && AsciiNumbers.isCanonicalInt64(b, off, len)) {
            return integerEntrySize(AsciiNumbers.parseCanonicalInt64(b, off, len));
        }
        return (int) stringEntrySize(len);
    }

    /** Bytes a string entry of {@code len} bytes takes: its 1, 2 or 5 header bytes, the data and the backlen. */
    public static long stringEntrySize(long len) {
        long entry = stringHeaderSize(len) + len;
        return entry + ListpackReader.backlenSize(entry);
    }

    /** Bytes an integer entry takes: the smallest integer encoding and its 1-byte backlen. */
    public static int integerEntrySize(long v) {
        return integerSize(v) + 1;
    }

    private static int stringHeaderSize(long len) {
        return len < 64 ? 1 : len < 4096 ? 2 : 5;
    }

    /** Encoding+data bytes of an integer entry (its backlen is always 1 byte). */
    private static int integerSize(long v) {
        if (v >= 0 && v <= 127) {
            return 1;
        } else if (v >= -4096 && v <= 4095) {
            return 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 3;
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            return 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return 9;
    }

    /** Writes the backlen of the entry at {@code p} ({@code lpEncodeBacklen}) and counts it. */
    private void finishEntry(int p, int entry) {
        int q = p + entry;
        int n = ListpackReader.backlenSize(entry);
        // Leftmost byte holds the highest 7-bit group; every byte right of it has bit 7 set.
        for (int i = n - 1; i >= 0; i--) {
            int group = (entry >>> (7 * (n - 1 - i))) & 0x7F;
            buf[q + i] = (byte) (i == 0 ? group : group | 0x80);
        }
        size = q + n;
        count++;
    }
}
