package io.replkit.rdb.encoding;

import java.util.Objects;

/**
 * Builds a ziplist ({@code ziplist.c}) in a reusable buffer: the blob of the ziplist RDB types
 * (hashes and sorted sets up to RDB version 9, quicklist nodes of RDB 7 to 9, small lists of RDB 6).
 * The layout is the one {@link ZiplistReader} reads:
 *
 * <pre>
 * zlbytes:uint32 LE  zltail:uint32 LE  zllen:uint16 LE (65535 when larger)  entry*  0xFF
 * entry = prevlen (1 byte below 254, else 0xFE + uint32 LE)  encoding  data
 * </pre>
 *
 * Strings that are the canonical text of an int64 (at most 31 bytes, {@code zipTryEncoding}) are
 * stored as integer entries, including the 4-bit immediates and 24-bit integers of RDB 6 and later.
 * Call {@link #reset()}, append, then {@link #finish()}. Not thread-safe.
 */
public final class ZiplistWriter extends PackedBlobWriter<ZiplistWriter> {
    /** Prevlen values from this on take 5 bytes ({@code ZIP_BIG_PREVLEN}). */
    private static final int BIG_PREVLEN = ZiplistReader.ZIP_BIG_PREVLEN;

    /** Offset of the last entry, and its length (prevlen of the next). */
    private int tail;
    private int lastEntryLength;

    public ZiplistWriter() {
        super("ziplist", ZiplistReader.HEADER_SIZE);
        reset();
    }

    @Override
    public ZiplistWriter reset() {
        super.reset();
        tail = ZiplistReader.HEADER_SIZE;
        lastEntryLength = 0;
        return this;
    }

    @Override
    public ZiplistWriter appendString(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        int prev = prevlenSize(lastEntryLength);
        int header = stringHeaderSize(len);
        ensure(prev + header + len);
        int p = writePrevlen(size);
        if (len <= 0x3F) {
            buf[p] = (byte) len;
        } else if (len <= 0x3FFF) {
            buf[p] = (byte) (0x40 | (len >>> 8));
            buf[p + 1] = (byte) len;
        } else {
            buf[p] = (byte) 0x80;
            buf[p + 1] = (byte) (len >>> 24);
            buf[p + 2] = (byte) (len >>> 16);
            buf[p + 3] = (byte) (len >>> 8);
            buf[p + 4] = (byte) len;
        }
        System.arraycopy(b, off, buf, p + header, len);
        finishEntry(p + header + len);
        return this;
    }

    @Override
    public ZiplistWriter appendInteger(long v) {
        int entry = integerEntrySize(v);
        ensure(prevlenSize(lastEntryLength) + entry);
        int p = writePrevlen(size);
        if (entry == 1) {
            buf[p] = (byte) (0xF1 + v); // 4-bit immediate, stored as value + 1
        } else if (entry == 2) {
            buf[p] = (byte) 0xFE;
            buf[p + 1] = (byte) v;
        } else if (entry == 3) {
            buf[p] = (byte) 0xC0;
            LittleEndian.writeInt16LE(buf, p + 1, (int) v);
        } else if (entry == 4) {
            buf[p] = (byte) 0xF0;
            LittleEndian.writeInt24LE(buf, p + 1, (int) v);
        } else if (entry == 5) {
            buf[p] = (byte) 0xD0;
            LittleEndian.writeInt32LE(buf, p + 1, (int) v);
        } else {
            buf[p] = (byte) 0xE0;
            LittleEndian.writeInt64LE(buf, p + 1, v);
        }
        finishEntry(p + entry);
        return this;
    }

    @Override
    public int finish() {
        int total = terminate();
        LittleEndian.writeInt32LE(buf, 4, tail);
        LittleEndian.writeInt16LE(buf, 8, Math.min(count, ZiplistReader.UNKNOWN_COUNT));
        return total;
    }

    /**
     * Bytes an entry for this string would add after the current last entry, prevlen included;
     * what {@code ziplist_overhead} plus the data comes to in {@code _quicklistNodeAllowInsert}.
     */
    public int entrySize(byte[] b, int off, int len) {
        int prev = prevlenSize(lastEntryLength);
        if (len <= AsciiNumbers.MAX_INT64_TEXT && AsciiNumbers.isCanonicalInt64(b, off, len)) {
            return prev + integerEntrySize(AsciiNumbers.parseCanonicalInt64(b, off, len));
        }
        return prev + (int) stringEntrySize(len);
    }

    /** Bytes a string entry of {@code len} bytes takes after its prevlen: 1, 2 or 5 header bytes and the data. */
    public static long stringEntrySize(long len) {
        return stringHeaderSize(len) + len;
    }

    /** Bytes an integer entry takes after its prevlen: the smallest integer encoding (4-bit immediates for 0..12). */
    public static int integerEntrySize(long v) {
        if (v >= 0 && v <= 12) {
            return 1;
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
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

    /** Bytes of the prevlen that follows an entry of {@code prevEntryLength} bytes: 1, or 5 from 254 on. */
    public static int prevlenSize(long prevEntryLength) {
        return prevEntryLength < BIG_PREVLEN ? 1 : 5;
    }

    private static int stringHeaderSize(long len) {
        return len <= 0x3F ? 1 : len <= 0x3FFF ? 2 : 5;
    }

    /** Writes the prevlen at {@code p}; returns where the encoding starts. */
    private int writePrevlen(int p) {
        if (lastEntryLength < BIG_PREVLEN) {
            buf[p] = (byte) lastEntryLength;
            return p + 1;
        }
        buf[p] = (byte) BIG_PREVLEN;
        LittleEndian.writeInt32LE(buf, p + 1, lastEntryLength);
        return p + 5;
    }

    private void finishEntry(int end) {
        tail = size;
        lastEntryLength = end - size;
        size = end;
        count++;
    }
}
