package io.replkit.rdb.encoding;

import io.replkit.rdb.RdbFormatException;

/**
 * The shared shape of the listpack and ziplist cursors: step with {@link #next()}, then read the
 * current entry as an integer or as a byte range of the blob (no copy).
 */
public interface ElementCursor {

    /** Advances to the next entry; false at the terminator. */
    boolean next() throws RdbFormatException;

    boolean isInteger();

    long longValue();

    byte[] array();

    int stringOffset();

    int stringLength();

    /** A copy of the current entry: its bytes, or for an integer its decimal ASCII text. */
    byte[] bytes();

    /** The entry as a number (integer entries, or string entries holding a Redis double text). */
    double doubleValue() throws RdbFormatException;

    /** Offset of the current entry relative to the blob start. */
    int entryOffset();

    /** The element count the header states, or -1 when it does not (count overflowed). */
    int declaredCount();
}
