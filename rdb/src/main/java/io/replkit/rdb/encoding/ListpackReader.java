package io.replkit.rdb.encoding;

import io.replkit.rdb.RdbFormatException;
import java.util.Objects;

/**
 * A forward cursor over a listpack ({@code listpack.c}), the blob inside RDB types
 * {@code STREAM_LISTPACKS} (15, since RDB version 9), {@code HASH_LISTPACK} (16),
 * {@code ZSET_LISTPACK} (17) and {@code LIST_QUICKLIST_2} (18) (since RDB version 10),
 * {@code SET_LISTPACK} (20, since RDB version 11) and {@code HASH_LISTPACK_EX} (25, since RDB
 * version 12).
 *
 * <pre>
 * total_bytes:uint32 LE  num_elements:uint16 LE  { encoding+data  backlen }*  0xFF
 * </pre>
 *
 * <p>Construction checks the header; each {@link #next()} checks one entry completely (its
 * encoding, that it lies before the terminator, and that its {@code backlen} encodes its length),
 * and reaching the terminator checks the declared count. Nothing is allocated per entry: strings
 * are exposed as a range of {@link #array()}. Errors carry the offset relative to the start of
 * the blob.
 *
 * <pre>{@code
 * ListpackReader lp = new ListpackReader(buf, off, len);
 * while (lp.next()) {
 *     if (lp.isInteger()) use(lp.longValue());
 *     else use(lp.array(), lp.stringOffset(), lp.stringLength());
 * }
 * }</pre>
 */
public final class ListpackReader extends PackedEntryCursor {
    /** total_bytes, num_elements. */
    public static final int HEADER_SIZE = 6;
    /** {@code LP_EOF}. */
    public static final int EOF = 0xFF;
    /** num_elements value meaning "count by walking". */
    public static final int UNKNOWN_COUNT = 0xFFFF;

    private static final int LP_ENCODING_7BIT_UINT_MASK = 0x80;
    private static final int LP_ENCODING_6BIT_STR = 0x80;
    private static final int LP_ENCODING_13BIT_INT = 0xC0;
    private static final int LP_ENCODING_12BIT_STR = 0xE0;
    private static final int LP_ENCODING_32BIT_STR = 0xF0;
    private static final int LP_ENCODING_16BIT_INT = 0xF1;
    private static final int LP_ENCODING_24BIT_INT = 0xF2;
    private static final int LP_ENCODING_32BIT_INT = 0xF3;
    private static final int LP_ENCODING_64BIT_INT = 0xF4;

    /** Absolute position of the terminator (the last byte). */
    private final int end;
    private final int declaredCount;

    /** Absolute position of the next entry. */
    private int pos;
    /** Entries returned so far. */
    private int index;
    /** Whether the terminator was reached and the count checked. */
    private boolean done;

    /**
     * Checks the header of the listpack {@code buf[off, off + len)} and positions before its first
     * entry.
     *
     * @throws RdbFormatException if the blob is shorter than 7 bytes, its total_bytes is not
     *     {@code len}, or its last byte is not 0xFF
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf}
     */
    public ListpackReader(byte[] buf, int off, int len) throws RdbFormatException {
        super(buf, off, "listpack");
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < HEADER_SIZE + 1) {
            throw new RdbFormatException("listpack blob length " + len
                    + " is shorter than the minimum 7 bytes", 0);
        }
        long total = LittleEndian.readUInt32LE(buf, off);
        if (total != len) {
            throw new RdbFormatException("listpack header total_bytes " + total
                    + " does not match blob length " + len, 0);
        }
        int last = buf[off + len - 1] & 0xFF;
        if (last != EOF) {
            throw new RdbFormatException("listpack terminator 0x" + Texts.hex(last) + " is not 0xFF", len - 1);
        }
        int n = LittleEndian.readUInt16LE(buf, off + 4);
        this.end = off + len - 1;
        this.declaredCount = n == UNKNOWN_COUNT ? -1 : n;
        this.pos = off + HEADER_SIZE;
    }

    /** The header's num_elements, or -1 when it is 65535 (unknown: use {@link #count()}). */
    @Override
    public int declaredCount() {
        return declaredCount;
    }

    /**
     * Advances to the next entry.
     *
     * @return false at the terminator (and on every later call)
     * @throws RdbFormatException if the entry is malformed or does not fit before the
     *     terminator, its backlen is wrong, a 0xFF appears before the last byte, or the terminator
     *     is reached after a number of entries other than the declared one
     */
    @Override
    public boolean next() throws RdbFormatException {
        final byte[] b = buf;
        final int p = pos;
        entryStart = -1;
        if (p == end) {
            if (!done) {
                if (declaredCount >= 0 && index != declaredCount) {
                    throw new RdbFormatException("listpack num_elements " + declaredCount
                            + " does not match " + index + " entries", 4);
                }
                done = true;
            }
            return false;
        }
        final int remaining = end - p; // >= 1, terminator excluded
        final int enc = b[p] & 0xFF;
        int encLen; // encoding + data
        if ((enc & LP_ENCODING_7BIT_UINT_MASK) == 0) {
            integer = true;
            value = enc;
            encLen = 1;
        } else if ((enc & 0xC0) == LP_ENCODING_6BIT_STR) {
            encLen = string(p, 1, enc & 0x3F, remaining);
        } else if ((enc & 0xE0) == LP_ENCODING_13BIT_INT) {
            require(p, 2, remaining, enc);
            integer = true;
            long v = ((enc & 0x1F) << 8) | (b[p + 1] & 0xFF);
            value = (v << 51) >> 51;
            encLen = 2;
        } else if ((enc & 0xF0) == LP_ENCODING_12BIT_STR) {
            require(p, 2, remaining, enc);
            encLen = string(p, 2, ((enc & 0x0F) << 8) | (b[p + 1] & 0xFF), remaining);
        } else {
            switch (enc) {
                case LP_ENCODING_32BIT_STR:
                    require(p, 5, remaining, enc);
                    encLen = string(p, 5, LittleEndian.readUInt32LE(b, p + 1), remaining);
                    break;
                case LP_ENCODING_16BIT_INT:
                    require(p, 3, remaining, enc);
                    integer = true;
                    value = LittleEndian.readInt16LE(b, p + 1);
                    encLen = 3;
                    break;
                case LP_ENCODING_24BIT_INT:
                    require(p, 4, remaining, enc);
                    integer = true;
                    value = LittleEndian.readInt24LE(b, p + 1);
                    encLen = 4;
                    break;
                case LP_ENCODING_32BIT_INT:
                    require(p, 5, remaining, enc);
                    integer = true;
                    value = LittleEndian.readInt32LE(b, p + 1);
                    encLen = 5;
                    break;
                case LP_ENCODING_64BIT_INT:
                    require(p, 9, remaining, enc);
                    integer = true;
                    value = LittleEndian.readInt64LE(b, p + 1);
                    encLen = 9;
                    break;
                case EOF:
                    throw new RdbFormatException("listpack end marker 0xFF is not the last of "
                            + (end - start + 1) + " bytes", p - start);
                default:
                    throw new RdbFormatException("listpack entry encoding 0x" + Texts.hex(enc) + " is not valid",
                            p - start);
            }
        }
        int backlenSize = backlenSize(encLen);
        if (backlenSize > remaining - encLen) {
            throw new RdbFormatException("listpack entry backlen of " + backlenSize + " bytes exceeds remaining "
                    + (remaining - encLen) + " bytes", p + encLen - start);
        }
        requireBacklen(p + encLen, backlenSize, encLen);
        entryStart = p;
        index++;
        pos = p + encLen + backlenSize;
        return true;
    }

    /** Records a string entry; returns its encoding+data length after checking it fits. */
    private int string(int p, int headerLen, long length, int remaining) throws RdbFormatException {
        int room = remaining - headerLen;
        if (length > room) {
            throw new RdbFormatException("listpack entry length " + length + " exceeds remaining " + room
                    + " bytes", p - start);
        }
        integer = false;
        strOff = p + headerLen;
        strLen = (int) length;
        return headerLen + strLen;
    }

    private void require(int p, int need, int remaining, int enc) throws RdbFormatException {
        if (need > remaining) {
            throw new RdbFormatException("listpack entry header 0x" + Texts.hex(enc) + " of " + need
                    + " bytes exceeds remaining " + remaining + " bytes", p - start);
        }
    }

    /**
     * Size of the backlen for an entry of {@code l} bytes of encoding+data, as
     * {@code lpEncodeBacklen} chooses it (note the exclusive upper bounds from 2 bytes on).
     */
    static int backlenSize(long l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    /**
     * Checks that the {@code size} bytes at {@code q} are the backlen of {@code encLen}: read right
     * to left, 7 bits per byte, low bits first, bit 7 set on every byte but the leftmost.
     */
    private void requireBacklen(int q, int size, int encLen) throws RdbFormatException {
        final byte[] b = buf;
        long v = 0;
        boolean ok = true;
        for (int i = 0; i < size; i++) {
            int x = b[q + size - 1 - i] & 0xFF;
            boolean more = (x & 0x80) != 0;
            if (more == (i == size - 1)) {
                ok = false;
                break;
            }
            v |= (long) (x & 0x7F) << (7 * i);
        }
        if (!ok || v != encLen) {
            StringBuilder sb = new StringBuilder("listpack entry backlen [");
            for (int i = 0; i < size; i++) {
                sb.append(i == 0 ? "" : " ").append(Texts.hex(b[q + i] & 0xFF));
            }
            sb.append("] does not encode entry length ").append(encLen);
            throw new RdbFormatException(sb.toString(), q - start);
        }
    }
}
