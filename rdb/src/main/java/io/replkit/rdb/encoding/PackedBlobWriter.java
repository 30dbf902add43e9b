package io.replkit.rdb.encoding;

import java.util.Arrays;
import java.util.Objects;

/**
 * The buffer and entry count shared by the listpack and ziplist writers: the blob grows in one
 * reusable array that always keeps a byte free for the 0xFF terminator, and strings that are the
 * canonical text of an int64 go in as integer entries. Subclasses write their own entries and
 * header fields.
 *
 * @param <W> the writer itself, returned by the appending methods for chaining
 */
public abstract sealed class PackedBlobWriter<W extends PackedBlobWriter<W>> permits ListpackWriter, ZiplistWriter {
    private static final int INITIAL_CAPACITY = 256;
    /** Largest blob: the largest Java array, with headroom. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 16;
    /** {@code LP_EOF} and {@code ZIP_END}. */
    private static final int TERMINATOR = 0xFF;

    /** "listpack" or "ziplist", for messages. */
    private final String kind;
    private final int headerSize;
    byte[] buf = new byte[INITIAL_CAPACITY];
    /** Bytes of header and entries so far (the terminator is not counted). */
    int size;
    int count;

    PackedBlobWriter(String kind, int headerSize) {
        this.kind = kind;
        this.headerSize = headerSize;
        this.size = headerSize;
    }

    /** Starts a new, empty blob (keeping the buffer). */
    public W reset() {
        size = headerSize;
        count = 0;
        return self();
    }

    /** Entries appended since {@link #reset()}. */
    public final int count() {
        return count;
    }

    /** The blob's size if it were finished now, terminator included. */
    public final int bytes() {
        return size + 1;
    }

    /** Appends a string, as an integer entry when it is the canonical text of an int64. */
    public final W append(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len <= AsciiNumbers.MAX_INT64_TEXT && AsciiNumbers.isCanonicalInt64(b, off, len)) {
            return appendInteger(AsciiNumbers.parseCanonicalInt64(b, off, len));
        }
        return appendString(b, off, len);
    }

    public final W append(byte[] b) {
        return append(b, 0, b.length);
    }

    /** Appends a string entry as is (no integer conversion). */
    public abstract W appendString(byte[] b, int off, int len);

    /** Appends an integer entry in the smallest integer encoding. */
    public abstract W appendInteger(long v);

    /**
     * Writes the terminator and the header; returns the blob's length. The writer may be appended
     * to again afterwards (the terminator is overwritten) and finished again.
     */
    public abstract int finish();

    /** The buffer holding the blob; valid up to the length {@link #finish()} returned. */
    public final byte[] array() {
        return buf;
    }

    /** A copy of the finished blob. */
    public final byte[] toByteArray() {
        return Arrays.copyOf(buf, finish());
    }

    /** Writes the terminator and the leading 32-bit total length; returns the total length. */
    final int terminate() {
        // ensure() always leaves room for the terminator, so the buffer is never replaced here
        buf[size] = (byte) TERMINATOR;
        int total = size + 1;
        LittleEndian.writeInt32LE(buf, 0, total);
        return total;
    }

    /** Room for {@code n} more bytes after {@code size}, and the terminator after them. */
    final void ensure(int n) {
        long need = (long) size + n + 1;
        if (need > buf.length) {
            if (need > MAX_BYTES) {
                throw new IllegalStateException(kind + " would exceed " + MAX_BYTES + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(MAX_BYTES, Math.max(need, 2L * buf.length)));
        }
    }

    @SuppressWarnings("unchecked")
    final W self() {
        return (W) this;
    }
}
