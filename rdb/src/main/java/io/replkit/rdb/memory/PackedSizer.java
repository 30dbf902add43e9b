package io.replkit.rdb.memory;

import io.replkit.rdb.encoding.AsciiNumbers;

/**
 * Counts the bytes of a listpack or ziplist as its elements are appended, without building it.
 * Strings that are canonical int64 text are stored as integers, as both encodings do
 * ({@code lpStringToInt64}, {@code zipTryEncoding}). Reused: {@link #reset()} starts an empty blob.
 */
final class PackedSizer {
    /** Listpack: 4-byte total length + 2-byte count, and the 0xFF terminator. */
    static final int LISTPACK_EMPTY = 7;
    /** Ziplist: zlbytes, zltail, zllen (4 + 4 + 2) and the 0xFF terminator. */
    static final int ZIPLIST_EMPTY = 11;

    private final boolean listpack;
    private long bytes;
    private int count;
    /** Ziplist only: total length of the last entry, which the next entry's prevlen field encodes. */
    private long lastEntry;

    PackedSizer(boolean listpack) {
        this.listpack = listpack;
        reset();
    }

    void reset() {
        bytes = listpack ? LISTPACK_EMPTY : ZIPLIST_EMPTY;
        count = 0;
        lastEntry = 0;
    }

    boolean isListpack() {
        return listpack;
    }

    /** Total bytes of the blob so far ({@code lpBytes} / {@code ziplistBlobLen}). */
    long bytes() {
        return bytes;
    }

    /** Elements appended since the last reset. */
    int count() {
        return count;
    }

    /** Appends a string element (stored as an integer when it is canonical int64 text). */
    void addString(byte[] b, int off, int len) {
        if (len <= AsciiNumbers.MAX_INT64_TEXT && AsciiNumbers.isCanonicalInt64(b, off, len)) {
            addInteger(AsciiNumbers.parseCanonicalInt64(b, off, len));
            return;
        }
        append(listpack ? listpackStringEntry(len) : ziplistStringEntry(len));
    }

    /** Appends an integer element. */
    void addInteger(long v) {
        append(listpack ? listpackIntegerEntry(v) : ziplistIntegerEntry(v));
    }

    /** Appends a string element whose content is unknown but known not to be an integer. */
    void addText(long len) {
        append(listpack ? listpackStringEntry(len) : ziplistStringEntry(len));
    }

    /** Replaces the size of an integer element already counted (an in-place update such as a counter). */
    void replaceInteger(long oldValue, long newValue) {
        bytes += (listpack ? listpackIntegerEntry(newValue) - listpackIntegerEntry(oldValue)
            : ziplistIntegerEntry(newValue) - ziplistIntegerEntry(oldValue));
    }

    private void append(long entryWithoutPrevlen) {
        long entry = entryWithoutPrevlen;
        if (!listpack) {
            entry += lastEntry < 254 ? 1 : 5;
            lastEntry = entry;
        }
        bytes += entry;
        count++;
    }

    // ------------------------------------------------------------------ listpack entries

    /** A listpack string entry: encoding byte(s), data, backlen. */
    static long listpackStringEntry(long len) {
        long encoded = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
        return encoded + backlenSize(encoded);
    }

    /** A listpack integer entry: 7-bit, 13-bit, 16, 24, 32 or 64-bit, plus a 1-byte backlen. */
    static int listpackIntegerEntry(long v) {
        int encoded;
        if (v >= 0 && v <= 127) {
            encoded = 1;
        } else if (v >= -4096 && v <= 4095) {
            encoded = 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            encoded = 3;
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            encoded = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            encoded = 5;
        } else {
            encoded = 9;
        }
        return encoded + 1;
    }

    /** Bytes of the reversed length that ends every listpack entry ({@code lpEncodeBacklen}). */
    static int backlenSize(long encodedLength) {
        if (encodedLength <= 127) {
            return 1;
        } else if (encodedLength < 16383) {
            return 2;
        } else if (encodedLength < 2097151) {
            return 3;
        } else if (encodedLength < 268435455) {
            return 4;
        }
        return 5;
    }

    // ------------------------------------------------------------------ ziplist entries (prevlen added by append)

    static long ziplistStringEntry(long len) {
        return (len <= 63 ? 1 : len <= 16383 ? 2 : 5) + len;
    }

    static int ziplistIntegerEntry(long v) {
        if (v >= 0 && v <= 12) {
            return 1; // value in the encoding byte
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
}
