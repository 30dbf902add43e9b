package io.replkit.rdb.encoding;

import io.replkit.rdb.RdbFormatException;
import java.util.Arrays;

/**
 * The current-entry state and accessors shared by the listpack and ziplist cursors: an entry is
 * either an integer or a byte range of the blob. Subclasses walk their own format in
 * {@link #next()} and set these fields for each entry.
 */
public abstract sealed class PackedEntryCursor implements ElementCursor permits ListpackReader, ZiplistReader {
    final byte[] buf;
    /** Absolute position of the blob's first byte in {@link #buf}. */
    final int start;
    /** "listpack" or "ziplist", for messages. */
    private final String kind;
    /** Absolute position of the current entry, or -1 when there is none. */
    int entryStart = -1;
    boolean integer;
    long value;
    int strOff;
    int strLen;

    PackedEntryCursor(byte[] buf, int start, String kind) {
        this.buf = buf;
        this.start = start;
        this.kind = kind;
    }

    /**
     * Counts the entries from the cursor's position to the end by calling {@link #next()} until it
     * returns false, so every entry is validated. On a fresh reader this is the number of entries
     * in the blob. It resets nothing: afterwards the cursor is at the end, and iterating again
     * takes a new reader.
     */
    public final int count() throws RdbFormatException {
        int n = 0;
        while (next()) {
            n++;
        }
        return n;
    }

    /** Whether the current entry is an integer (else a string). */
    @Override
    public final boolean isInteger() {
        requireEntry();
        return integer;
    }

    /** The current integer entry's value. */
    @Override
    public final long longValue() {
        requireEntry();
        if (!integer) {
            throw new IllegalStateException(kind + " entry is a string");
        }
        return value;
    }

    /** The array the string ranges refer to (the one given to the constructor). */
    @Override
    public final byte[] array() {
        return buf;
    }

    /** Absolute position in {@link #array()} of the current string entry's first byte. */
    @Override
    public final int stringOffset() {
        requireString();
        return strOff;
    }

    /** Length of the current string entry. */
    @Override
    public final int stringLength() {
        requireString();
        return strLen;
    }

    @Override
    public final byte[] bytes() {
        requireEntry();
        return integer ? AsciiNumbers.toBytes(value) : Arrays.copyOfRange(buf, strOff, strOff + strLen);
    }

    /**
     * The current entry as a double: an integer's value, or a string parsed as a Redis score text
     * (see {@link AsciiNumbers#parseDoubleOrNaN}), including "inf", "+inf" and "-inf".
     *
     * @throws RdbFormatException if the string is not a number
     */
    @Override
    public final double doubleValue() throws RdbFormatException {
        requireEntry();
        if (integer) {
            return value;
        }
        double d = AsciiNumbers.parseDoubleOrNaN(buf, strOff, strLen);
        if (Double.isNaN(d)) {
            throw new RdbFormatException(kind + " entry " + Texts.quote(buf, strOff, strLen)
                    + " is not a valid double", entryStart - start);
        }
        return d;
    }

    /** Offset of the current entry relative to the start of the blob. */
    @Override
    public final int entryOffset() {
        requireEntry();
        return entryStart - start;
    }

    final void requireEntry() {
        if (entryStart < 0) {
            throw new IllegalStateException("no current " + kind + " entry: call next() first");
        }
    }

    final void requireString() {
        requireEntry();
        if (integer) {
            throw new IllegalStateException(kind + " entry is an integer");
        }
    }
}
