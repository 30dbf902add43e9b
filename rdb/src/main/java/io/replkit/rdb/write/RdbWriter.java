package io.replkit.rdb.write;

import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.Printable;
import io.replkit.rdb.RdbOpcode;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.value.RdbValue;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an RDB file ({@code rdbSaveRio}) record by record to a stream, for a chosen
 * {@link RdbTarget}: memory is one value at a time plus a 64 KB buffer, and the CRC64 is computed
 * as the bytes go out.
 *
 * <pre>{@code
 * try (RdbWriter w = new RdbWriter(out, RdbWriterOptions.defaults(RdbTarget.redis("7.0")))) {
 *     w.writeHeader();
 *     w.writeAux("redis-ver", "7.0.15");
 *     w.selectDb(0);
 *     w.resizeDb(1, 0);
 *     w.writeKey("k".getBytes(UTF_8), new StringValue("v".getBytes(UTF_8)), KeyEntry.NONE, KeyEntry.NONE, -1);
 *     w.finish();
 * }
 * }</pre>
 *
 * Records the target has no place for are left out where they are only hints (AUX and RESIZEDB
 * before RDB 7, IDLE and FREQ before 9, SLOT_INFO before 12); values and function libraries it
 * cannot hold raise an {@link RdbWriteException} before any of their bytes are written.
 */
public final class RdbWriter implements Closeable {
    private final OutputStream stream;
    private final RdbWriterOptions options;
    private final RdbTarget target;
    private final RdbOutput out;
    private final ValueEncoder values;
    private int db;
    private boolean headerWritten;
    private boolean finished;

    public RdbWriter(OutputStream out, RdbWriterOptions options) {
        this.stream = out;
        this.options = options;
        this.target = options.target();
        this.out = new RdbOutput(out, options.compress(), target.has64BitLengths());
        this.values = new ValueEncoder(options);
    }

    public RdbWriterOptions options() {
        return options;
    }

    /** Bytes written so far (buffered ones included). */
    public long bytesWritten() {
        return out.bytesWritten();
    }

    /** {@code REDIS} and the four-digit version. */
    public void writeHeader() throws IOException {
        requireOpen();
        if (headerWritten) {
            throw new IllegalStateException("the header was already written");
        }
        out.writeBytes(target.magic().getBytes(StandardCharsets.US_ASCII));
        headerWritten = true;
    }

    /** An AUX field (since RDB 7; left out before). */
    public void writeAux(String key, String value) throws IOException {
        writeAux(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    public void writeAux(String key, byte[] value) throws IOException {
        writeAux(key.getBytes(StandardCharsets.UTF_8), value);
    }

    public void writeAux(byte[] key, byte[] value) throws IOException {
        requireBody();
        if (target.hasAuxFields()) {
            out.writeByte(RdbOpcode.AUX.code());
            out.writeString(key);
            out.writeString(value);
        }
    }

    /** SELECTDB: the keys that follow belong to this database. */
    public void selectDb(int db) throws IOException {
        requireBody();
        if (db < 0) {
            throw new IllegalArgumentException("database " + db + " is negative");
        }
        out.writeByte(RdbOpcode.SELECTDB.code());
        out.writeLength(db);
        this.db = db;
    }

    /** RESIZEDB, the size hint after SELECTDB (since RDB 7; left out before). */
    public void resizeDb(long dbSize, long expiresSize) throws IOException {
        requireBody();
        if (target.hasAuxFields()) {
            out.writeByte(RdbOpcode.RESIZEDB.code());
            out.writeLength(dbSize);
            out.writeLength(expiresSize);
        }
    }

    /** SLOT_INFO, Redis 7.4's cluster-mode hint before a slot's keys (since RDB 12; left out before). */
    public void writeSlotInfo(int slot, long slotSize, long expiresSlotSize) throws IOException {
        requireBody();
        if (slot < 0 || slot > 16383) {
            throw new IllegalArgumentException("slot " + slot + " is outside 0..16383");
        }
        if (target.hasSlotInfo()) {
            out.writeByte(RdbOpcode.SLOT_INFO.code());
            out.writeLength(slot);
            out.writeLength(slotSize);
            out.writeLength(expiresSlotSize);
        }
    }

    /**
     * A key with its value and attributes ({@code rdbSaveKeyValuePair}).
     *
     * @param expireAtMs  absolute expiry in unix ms, or {@link KeyEntry#NONE}
     * @param idleSeconds LRU idle time, or {@link KeyEntry#NONE} (written since RDB 9)
     * @param lfuFreq     LFU counter 0..255, or -1 (written since RDB 9)
     * @throws RdbWriteException when the target cannot hold the value; nothing was written then
     */
    public void writeKey(byte[] key, RdbValue value, long expireAtMs, long idleSeconds, int lfuFreq) throws IOException {
        requireBody();
        if (lfuFreq > 255) {
            throw new IllegalArgumentException("LFU counter " + lfuFreq + " is above 255");
        }
        RdbType type = values.choose(value, describe(key));
        if (expireAtMs != KeyEntry.NONE) {
            out.writeByte(RdbOpcode.EXPIRETIME_MS.code());
            out.writeInt64LE(expireAtMs);
        }
        if (target.hasIdleAndFreq()) {
            if (idleSeconds != KeyEntry.NONE) {
                out.writeByte(RdbOpcode.IDLE.code());
                out.writeLength(idleSeconds);
            }
            if (lfuFreq >= 0) {
                out.writeByte(RdbOpcode.FREQ.code());
                out.writeByte(lfuFreq);
            }
        }
        out.writeByte(type.code());
        out.writeString(key);
        values.write(out, type, value);
    }

    /** A key read by {@link io.replkit.rdb.RdbReader}: reads its value and keeps its expiry, idle time and LFU counter. */
    public void writeKey(KeyEntry entry) throws IOException {
        writeKey(entry.key(), entry.value(), entry.expireAtMs(), entry.idleSeconds(), entry.lfuFreq());
    }

    /**
     * A FUNCTION2 record (since RDB 10).
     *
     * @throws RdbWriteException for targets before RDB 10, which have no place for functions
     */
    public void writeFunctionLibrary(FunctionLibrary library) throws IOException {
        writeFunctionLibrary(library.code());
    }

    public void writeFunctionLibrary(byte[] code) throws IOException {
        requireBody();
        if (!target.hasFunctions()) {
            FunctionLibrary lib = new FunctionLibrary(code, -1);
            throw new RdbWriteException("function library " + (lib.name() == null ? "(unnamed)" : "\"" + lib.name() + "\"")
                + " cannot be written to RDB version " + target.rdbVersion() + " (needs 10)");
        }
        out.writeByte(RdbOpcode.FUNCTION2.code());
        out.writeString(code);
    }

    /** EOF and the CRC64 trailer (little endian); flushes. The stream stays open. */
    public void finish() throws IOException {
        requireBody();
        out.writeByte(RdbOpcode.EOF.code());
        long crc = out.crc();
        out.writeInt64LE(crc);
        out.flush();
        finished = true;
    }

    /** Flushes what was written and closes the stream (without finishing the file). */
    @Override
    public void close() throws IOException {
        try {
            out.flush();
        } finally {
            stream.close();
        }
    }

    private String describe(byte[] key) {
        return "key \"" + Printable.escape(key, 200) + "\" (db " + db + ")";
    }

    private void requireBody() {
        requireOpen();
        if (!headerWritten) {
            throw new IllegalStateException("writeHeader() must come first");
        }
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the file is finished");
        }
    }
}
