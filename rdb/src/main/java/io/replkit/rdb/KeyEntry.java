package io.replkit.rdb;

import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.ValueBuilder;
import java.io.IOException;

/**
 * A key and its value's header, as returned by {@link RdbReader#next()}. The value itself is read
 * on demand — {@link #value()} materialises it, {@link #accept(ValueVisitor)} streams it element by
 * element — and skipped when the caller moves on without reading it. Either way it can be read
 * only once, before the next call to {@code next()}.
 */
public final class KeyEntry implements RdbRecord {
    /** No expiry, no idle time, no LFU counter. */
    public static final long NONE = -1;

    private final RdbReader reader;
    private final int db;
    private final byte[] key;
    private final RdbType type;
    private final long expireAtMs;
    private final long idleSeconds;
    private final int lfuFreq;
    private final long offset;
    private long endOffset = -1;

    KeyEntry(RdbReader reader, int db, byte[] key, RdbType type, long expireAtMs, long idleSeconds, int lfuFreq, long offset) {
        this.reader = reader;
        this.db = db;
        this.key = key;
        this.type = type;
        this.expireAtMs = expireAtMs;
        this.idleSeconds = idleSeconds;
        this.lfuFreq = lfuFreq;
        this.offset = offset;
    }

    public int db() {
        return db;
    }

    /** The key's raw bytes (do not modify). */
    public byte[] key() {
        return key;
    }

    public RdbType type() {
        return type;
    }

    /** Absolute expiry in unix ms, or {@link #NONE}. */
    public long expireAtMs() {
        return expireAtMs;
    }

    public boolean hasExpiry() {
        return expireAtMs != NONE;
    }

    /** LRU idle seconds from an IDLE opcode, or {@link #NONE}. */
    public long idleSeconds() {
        return idleSeconds;
    }

    /** LFU counter from a FREQ opcode, or -1. */
    public int lfuFreq() {
        return lfuFreq;
    }

    /** Offset of the value-type byte. */
    @Override
    public long offset() {
        return offset;
    }

    /** True once the value was read or skipped. */
    public boolean isConsumed() {
        return endOffset >= 0;
    }

    /** Bytes taken in the file by type byte, key and value; known once the value was read or skipped. */
    public long serializedSize() {
        if (endOffset < 0) {
            throw new IllegalStateException("the value of " + describe() + " has not been read yet");
        }
        return endOffset - offset;
    }

    /** Reads the whole value into memory. */
    public RdbValue value() throws IOException {
        ValueBuilder builder = new ValueBuilder();
        accept(builder);
        return builder.result();
    }

    /** Streams the value to a visitor, element by element. */
    public void accept(ValueVisitor visitor) throws IOException {
        requireUnread();
        reader.decodeValue(this, visitor);
        endOffset = reader.offset();
    }

    /** Skips the value without materialising it. */
    public void skip() throws IOException {
        if (endOffset >= 0) {
            return;
        }
        reader.skipValue(this);
        endOffset = reader.offset();
    }

    private void requireUnread() {
        if (endOffset >= 0) {
            throw new IllegalStateException("the value of " + describe() + " was already read or skipped");
        }
        reader.requireCurrent(this);
    }

    /** How errors name this key: {@code key "name" (db 0, LIST_QUICKLIST_2)}. */
    public String describe() {
        return "key \"" + Printable.escape(key, 200) + "\" (db " + db + ", " + type.rdbName() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
