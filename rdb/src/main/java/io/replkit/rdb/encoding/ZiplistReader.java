package io.replkit.rdb.encoding;

import io.replkit.rdb.RdbFormatException;
import java.util.Objects;

/**
 * A forward cursor over a ziplist ({@code ziplist.c}), the blob inside RDB types
 * {@code LIST_ZIPLIST} (10) and {@code ZSET_ZIPLIST} (12) (since RDB version 2),
 * {@code HASH_ZIPLIST} (13, since RDB version 4) and the nodes of {@code LIST_QUICKLIST} (14,
 * since RDB version 7). Written up to RDB version 9; still accepted as input.
 *
 * <pre>
 * zlbytes:uint32 LE  zltail:uint32 LE  zllen:uint16 LE  { prevlen  encoding  data }*  0xFF
 * </pre>
 *
 * <p>Construction checks the header; each {@link #next()} checks one entry completely (prevlen
 * equal to the previous entry's size, a known encoding, the entry before the terminator), and
 * reaching the terminator checks zllen and zltail. Nothing is allocated per entry: strings are
 * exposed as a range of {@link #array()}. Errors carry the offset relative to the start of the
 * blob.
 *
 * <p>Formats as found: prevlen may use the 5-byte form for a value below 254 (Redis leaves a
 * widened prevlen in place rather than shrink it during a cascade update); the 24-bit integer and
 * 4-bit immediate encodings appear only since RDB version 6 (Redis 2.6); like Redis, any
 * encoding byte {@code 10xxxxxx} is read as the 32-bit string length form, whose length is big
 * endian, unlike the rest of the header fields.
 */
public final class ZiplistReader extends PackedEntryCursor {
    /** zlbytes, zltail, zllen. */
    public static final int HEADER_SIZE = 10;
    /** {@code ZIP_END}. */
    public static final int ZIP_END = 0xFF;
    /** {@code ZIP_BIG_PREVLEN}: a 1-byte prevlen is below this; this byte announces 4 more. */
    public static final int ZIP_BIG_PREVLEN = 0xFE;
    /** zllen value meaning "count by walking". */
    public static final int UNKNOWN_COUNT = 0xFFFF;

    private static final int ZIP_STR_06B = 0x00;
    private static final int ZIP_STR_14B = 0x40;
    private static final int ZIP_STR_32B = 0x80;
    private static final int ZIP_INT_16B = 0xC0;
    private static final int ZIP_INT_32B = 0xD0;
    private static final int ZIP_INT_64B = 0xE0;
    private static final int ZIP_INT_24B = 0xF0;
    private static final int ZIP_INT_8B = 0xFE;
    private static final int ZIP_INT_IMM_MIN = 0xF1;
    private static final int ZIP_INT_IMM_MAX = 0xFD;

    /** Absolute position of the terminator (the last byte). */
    private final int end;
    private final long zltail;
    private final int declaredCount;

    private int pos;
    private int index;
    /** Size of the previous entry, which the next prevlen must equal. */
    private int prevSize;
    /** Absolute position of the last entry read, or -1. */
    private int lastStart = -1;
    private boolean done;

    /**
     * Checks the header of the ziplist {@code buf[off, off + len)} and positions before its first
     * entry.
     *
     * @throws RdbFormatException if the blob is shorter than 11 bytes, zlbytes is not {@code len},
     *     zltail points outside the entries, or the last byte is not 0xFF
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf}
     */
    public ZiplistReader(byte[] buf, int off, int len) throws RdbFormatException {
        super(buf, off, "ziplist");
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < HEADER_SIZE + 1) {
            throw new RdbFormatException("ziplist blob length " + len + " is shorter than the minimum 11 bytes", 0);
        }
        long zlbytes = LittleEndian.readUInt32LE(buf, off);
        if (zlbytes != len) {
            throw new RdbFormatException("ziplist header zlbytes " + zlbytes + " does not match blob length " + len, 0);
        }
        long tail = LittleEndian.readUInt32LE(buf, off + 4);
        if (tail < HEADER_SIZE || tail > len - 1) {
            throw new RdbFormatException("ziplist header zltail " + tail + " is outside the entries "
                    + HEADER_SIZE + ".." + (len - 1), 4);
        }
        int last = buf[off + len - 1] & 0xFF;
        if (last != ZIP_END) {
            throw new RdbFormatException("ziplist terminator 0x" + Texts.hex(last) + " is not 0xFF", len - 1);
        }
        int n = LittleEndian.readUInt16LE(buf, off + 8);
        this.end = off + len - 1;
        this.zltail = tail;
        this.declaredCount = n == UNKNOWN_COUNT ? -1 : n;
        this.pos = off + HEADER_SIZE;
    }

    /** The header's zllen, or -1 when it is 65535 (unknown: use {@link #count()}). */
    @Override
    public int declaredCount() {
        return declaredCount;
    }

    /**
     * Advances to the next entry.
     *
     * @return false at the terminator (and on every later call)
     * @throws RdbFormatException if the entry is malformed or does not fit before the terminator,
     *     its prevlen is not the previous entry's size, or at the terminator zllen or zltail
     *     disagree with the entries
     */
    @Override
    public boolean next() throws RdbFormatException {
        final byte[] b = buf;
        final int p = pos;
        entryStart = -1;
        if (p == end) {
            if (!done) {
                finish();
                done = true;
            }
            return false;
        }
        final int remaining = end - p; // >= 1, terminator excluded
        int first = b[p] & 0xFF;
        int prevlenSize;
        long prevlen;
        if (first < ZIP_BIG_PREVLEN) {
            prevlenSize = 1;
            prevlen = first;
        } else if (first == ZIP_BIG_PREVLEN) {
            if (5 > remaining - 1) {
                throw new RdbFormatException("ziplist entry prevlen of 5 bytes plus encoding exceeds remaining "
                        + remaining + " bytes", p - start);
            }
            prevlenSize = 5;
            prevlen = LittleEndian.readUInt32LE(b, p + 1);
        } else {
            throw new RdbFormatException("ziplist end marker 0xFF is not the last of " + (end - start + 1)
                    + " bytes", p - start);
        }
        if (prevlen != prevSize) {
            throw new RdbFormatException("ziplist entry prevlen " + prevlen + " does not match previous entry size "
                    + prevSize, p - start);
        }
        final int e = p + prevlenSize; // encoding
        if (e >= end) {
            throw new RdbFormatException("ziplist entry encoding is missing: 0 bytes remain after prevlen", e - start);
        }
        final int avail = end - e; // bytes for encoding + data, >= 1
        final int enc = b[e] & 0xFF;
        int size; // encoding + data
        switch (enc & 0xC0) {
            case ZIP_STR_06B:
                size = string(e, 1, enc & 0x3F, avail);
                break;
            case ZIP_STR_14B:
                require(e, 2, avail, enc);
                size = string(e, 2, ((enc & 0x3F) << 8) | (b[e + 1] & 0xFF), avail);
                break;
            case ZIP_STR_32B:
                require(e, 5, avail, enc);
                size = string(e, 5, LittleEndian.readUInt32BE(b, e + 1), avail);
                break;
            default:
                size = integer(e, enc, avail);
                break;
        }
        entryStart = p;
        lastStart = p;
        index++;
        prevSize = prevlenSize + size;
        pos = e + size;
        return true;
    }

    private int integer(int e, int enc, int avail) throws RdbFormatException {
        final byte[] b = buf;
        int size;
        switch (enc) {
            case ZIP_INT_8B:
                require(e, 2, avail, enc);
                value = b[e + 1];
                size = 2;
                break;
            case ZIP_INT_16B:
                require(e, 3, avail, enc);
                value = LittleEndian.readInt16LE(b, e + 1);
                size = 3;
                break;
            case ZIP_INT_24B:
                require(e, 4, avail, enc);
                value = LittleEndian.readInt24LE(b, e + 1);
                size = 4;
                break;
            case ZIP_INT_32B:
                require(e, 5, avail, enc);
                value = LittleEndian.readInt32LE(b, e + 1);
                size = 5;
                break;
            case ZIP_INT_64B:
                require(e, 9, avail, enc);
                value = LittleEndian.readInt64LE(b, e + 1);
                size = 9;
                break;
            default:
                if (enc >= ZIP_INT_IMM_MIN && enc <= ZIP_INT_IMM_MAX) {
                    value = (enc & 0x0F) - 1;
                    size = 1;
                    break;
                }
                throw new RdbFormatException("ziplist entry encoding 0x" + Texts.hex(enc) + " is not valid",
                        e - start);
        }
        integer = true;
        return size;
    }

    private int string(int e, int headerLen, long length, int avail) throws RdbFormatException {
        int room = avail - headerLen;
        if (length > room) {
            throw new RdbFormatException("ziplist entry length " + length + " exceeds remaining " + room
                    + " bytes", e - start);
        }
        integer = false;
        strOff = e + headerLen;
        strLen = (int) length;
        return headerLen + strLen;
    }

    private void require(int e, int need, int avail, int enc) throws RdbFormatException {
        if (need > avail) {
            throw new RdbFormatException("ziplist entry encoding 0x" + Texts.hex(enc) + " of " + need
                    + " bytes exceeds remaining " + avail + " bytes", e - start);
        }
    }

    private void finish() throws RdbFormatException {
        if (declaredCount >= 0 && index != declaredCount) {
            throw new RdbFormatException("ziplist zllen " + declaredCount + " does not match " + index
                    + " entries", 8);
        }
        long lastOffset = lastStart < 0 ? HEADER_SIZE : lastStart - start;
        if (zltail != lastOffset) {
            throw new RdbFormatException("ziplist header zltail " + zltail + " does not match last entry offset "
                    + lastOffset, 4);
        }
    }
}
