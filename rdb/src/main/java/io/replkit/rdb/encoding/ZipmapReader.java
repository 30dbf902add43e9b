package io.replkit.rdb.encoding;

import io.replkit.rdb.RdbFormatException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A forward cursor over the key/value pairs of a zipmap ({@code zipmap.c}), the blob of RDB type
 * {@code HASH_ZIPMAP} (9, since RDB version 2), written by Redis 2.4 and 2.6 before
 * {@code HASH_ZIPLIST} replaced it; later servers still load it.
 *
 * <pre>
 * zmlen:u8  { len key  len free:u8 value free x padding }*  0xFF
 * len: one byte 0..253, or 0xFE then uint32 LE; 0xFF in place of a key length ends the map
 * </pre>
 *
 * <p>Keys and values are exposed as ranges of {@link #array()}; nothing is allocated per pair.
 * Errors carry the offset relative to the start of the blob.
 */
public final class ZipmapReader {
    /** {@code ZIPMAP_BIGLEN}: lengths and zmlen at or above this are not one-byte values. */
    public static final int ZIPMAP_BIGLEN = 254;
    /** {@code ZIPMAP_END}. */
    public static final int ZIPMAP_END = 0xFF;

    private final byte[] buf;
    private final int start;
    /** Absolute position of the terminator (the last byte). */
    private final int end;
    private final int declaredCount;

    private int pos;
    private int index;
    private boolean done;
    private int entryStart = -1;
    private int keyOff;
    private int keyLen;
    private int valueOff;
    private int valueLen;

    // Result of the last readLength: the length and where its bytes end.
    private long lenValue;
    private int lenEnd;

    /**
     * Checks the frame of the zipmap {@code buf[off, off + len)}: at least 2 bytes, the last one
     * 0xFF.
     *
     * @throws RdbFormatException if it is shorter than 2 bytes or does not end with 0xFF
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf}
     */
    public ZipmapReader(byte[] buf, int off, int len) throws RdbFormatException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 2) {
            throw new RdbFormatException("zipmap blob length " + len + " is shorter than the minimum 2 bytes", 0);
        }
        int last = buf[off + len - 1] & 0xFF;
        if (last != ZIPMAP_END) {
            throw new RdbFormatException("zipmap terminator 0x" + Texts.hex(last) + " is not 0xFF", len - 1);
        }
        int zmlen = buf[off] & 0xFF;
        this.buf = buf;
        this.start = off;
        this.end = off + len - 1;
        this.declaredCount = zmlen < ZIPMAP_BIGLEN ? zmlen : -1;
        this.pos = off + 1;
    }

    /** The header's pair count, or -1 when it is 254 or 255 (unknown). */
    public int declaredCount() {
        return declaredCount;
    }

    /**
     * Advances to the next key/value pair.
     *
     * @return false at the terminator (and on every later call)
     * @throws RdbFormatException if a length, key, value or padding runs past the terminator, a
     *     0xFF stands where a value length belongs, the map ends before its last byte, or the
     *     pair count disagrees with a declared zmlen
     */
    public boolean next() throws RdbFormatException {
        final byte[] b = buf;
        final int p = pos;
        entryStart = -1;
        if (p == end) {
            if (!done) {
                if (declaredCount >= 0 && index != declaredCount) {
                    throw new RdbFormatException("zipmap zmlen " + declaredCount + " does not match " + index
                            + " pairs", 0);
                }
                done = true;
            }
            return false;
        }
        if ((b[p] & 0xFF) == ZIPMAP_END) {
            throw new RdbFormatException("zipmap end marker 0xFF is not the last of " + (end - start + 1)
                    + " bytes", p - start);
        }
        readLength(p, "key");
        int kOff = lenEnd;
        int kLen = checkFits(kOff, lenValue, "key", p);
        int q = kOff + kLen;
        if (q == end || (b[q] & 0xFF) == ZIPMAP_END) {
            throw new RdbFormatException("zipmap value length is missing after key", q - start);
        }
        readLength(q, "value");
        int fp = lenEnd; // free byte
        if (fp >= end) {
            throw new RdbFormatException("zipmap value free byte is missing: 0 bytes remain", fp - start);
        }
        int free = b[fp] & 0xFF;
        int vOff = fp + 1;
        int vLen = checkFits(vOff, lenValue, "value", q);
        int padEnd = vOff + vLen;
        if (free > end - padEnd) {
            throw new RdbFormatException("zipmap value free " + free + " exceeds remaining " + (end - padEnd)
                    + " bytes", fp - start);
        }
        entryStart = p;
        keyOff = kOff;
        keyLen = kLen;
        valueOff = vOff;
        valueLen = vLen;
        index++;
        pos = padEnd + free;
        return true;
    }

    /** Reads the length at {@code p} (not 0xFF) into lenValue / lenEnd. */
    private void readLength(int p, String what) throws RdbFormatException {
        int first = buf[p] & 0xFF;
        if (first < ZIPMAP_BIGLEN) {
            lenValue = first;
            lenEnd = p + 1;
        } else if (first == ZIPMAP_BIGLEN) {
            if (5 > end - p) {
                throw new RdbFormatException("zipmap " + what + " length of 5 bytes exceeds remaining "
                        + (end - p) + " bytes", p - start);
            }
            lenValue = LittleEndian.readUInt32LE(buf, p + 1);
            lenEnd = p + 5;
        } else {
            throw new RdbFormatException("zipmap " + what + " length byte 0xFF is not valid", p - start);
        }
    }

    private int checkFits(int from, long length, String what, int lenPos) throws RdbFormatException {
        int room = end - from;
        if (length > room) {
            throw new RdbFormatException("zipmap " + what + " length " + length + " exceeds remaining " + room
                    + " bytes", lenPos - start);
        }
        return (int) length;
    }

    /** The array the key and value ranges refer to (the one given to the constructor). */
    public byte[] array() {
        return buf;
    }

    /** Absolute position in {@link #array()} of the current key. */
    public int keyOffset() {
        requireEntry();
        return keyOff;
    }

    public int keyLength() {
        requireEntry();
        return keyLen;
    }

    /** Absolute position in {@link #array()} of the current value. */
    public int valueOffset() {
        requireEntry();
        return valueOff;
    }

    public int valueLength() {
        requireEntry();
        return valueLen;
    }

    /** A copy of the current key. */
    public byte[] keyBytes() {
        requireEntry();
        return Arrays.copyOfRange(buf, keyOff, keyOff + keyLen);
    }

    /** A copy of the current value. */
    public byte[] valueBytes() {
        requireEntry();
        return Arrays.copyOfRange(buf, valueOff, valueOff + valueLen);
    }

    /** Offset of the current pair (its key length) relative to the start of the blob. */
    public int entryOffset() {
        requireEntry();
        return entryStart - start;
    }

    private void requireEntry() {
        if (entryStart < 0) {
            throw new IllegalStateException("no current zipmap pair: call next() first");
        }
    }
}
