package io.replkit.rdb.memory;

import io.replkit.rdb.encoding.AsciiNumbers;
import io.replkit.rdb.encoding.ListpackReader;
import io.replkit.rdb.encoding.ListpackWriter;
import io.replkit.rdb.encoding.ZiplistReader;
import io.replkit.rdb.encoding.ZiplistWriter;

/**
 * Counts the bytes of a listpack or ziplist as its elements are appended, without building it;
 * entry sizes come from {@link ListpackWriter} and {@link ZiplistWriter}. Strings that are
 * canonical int64 text are stored as integers, as both encodings do ({@code lpStringToInt64},
 * {@code zipTryEncoding}). Reused: {@link #reset()} starts an empty blob.
 */
final class PackedSizer {
    /** Listpack: 4-byte total length + 2-byte count, and the 0xFF terminator. */
    static final int LISTPACK_EMPTY = ListpackReader.HEADER_SIZE + 1;
    /** Ziplist: zlbytes, zltail, zllen (4 + 4 + 2) and the 0xFF terminator. */
    static final int ZIPLIST_EMPTY = ZiplistReader.HEADER_SIZE + 1;

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
        append(stringEntry(len));
    }

    /** Appends an integer element. */
    void addInteger(long v) {
        append(integerEntry(v));
    }

    /** Appends a string element whose content is unknown but known not to be an integer. */
    void addText(long len) {
        append(stringEntry(len));
    }

    /** Replaces the size of an integer element already counted (an in-place update such as a counter). */
    void replaceInteger(long oldValue, long newValue) {
        bytes += integerEntry(newValue) - integerEntry(oldValue);
    }

    private void append(long entryWithoutPrevlen) {
        long entry = entryWithoutPrevlen;
        if (!listpack) {
            entry += ZiplistWriter.prevlenSize(lastEntry);
            lastEntry = entry;
        }
        bytes += entry;
        count++;
    }

    /** A string entry (listpack: with its backlen; ziplist: without its prevlen, which append adds). */
    private long stringEntry(long len) {
        return listpack ? ListpackWriter.stringEntrySize(len) : ZiplistWriter.stringEntrySize(len);
    }

    private int integerEntry(long v) {
        return listpack ? ListpackWriter.integerEntrySize(v) : ZiplistWriter.integerEntrySize(v);
    }
}
