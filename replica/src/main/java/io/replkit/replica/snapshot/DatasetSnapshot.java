package io.replkit.replica.snapshot;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriteException;
import io.replkit.rdb.write.RdbWriter;
import io.replkit.rdb.write.RdbWriterOptions;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.data.BytesTable;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.RdbValues;
import io.replkit.replica.data.SnapshotEpochs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The served dataset at one stream offset, as {@link Snapshotter#capture()} took it: written once
 * as an RDB file, then closed. Until it is closed the applier copies values before changing them
 * (only those not yet written, and only once each), so close it promptly, also after a failure.
 */
public final class DatasetSnapshot implements AutoCloseable {
    /** The {@code redis-ver} aux field written (the version the replica reports). */
    static final String REDIS_VER = "7.0.15";

    private final String replId;
    private final long offset;
    private final int streamDb;
    private final long keyCount;
    private final long captureNanos;
    private CommandApplier.Capture capture;
    private final long capturedAtMs = System.currentTimeMillis();
    private boolean written;
    private volatile boolean closed;
    private SnapshotEpochs.Costs costs = SnapshotEpochs.Costs.NONE;
    private long keysWritten;

    DatasetSnapshot(CommandApplier.Capture capture, long captureNanos) {
        this.capture = capture;
        this.captureNanos = captureNanos;
        this.replId = capture.replId();
        this.offset = capture.offset();
        this.streamDb = capture.streamDb();
        long n = 0;
        for (Db.Frozen d : capture.data().dbs()) {
            n += d.size();
        }
        this.keyCount = n;
    }

    /** The master's replication id the data belongs to. */
    public String replId() {
        return replId;
    }

    /** The master offset the data reflects (the stream continues at offset()+1). */
    public long offset() {
        return offset;
    }

    /** The database the stream had selected at the capture ({@code repl-stream-db}). */
    public int streamDb() {
        return streamDb;
    }

    /** How long the capture took, lock wait included (the applier was stopped at most that long). */
    public long captureNanos() {
        return captureNanos;
    }

    public long capturedAtMs() {
        return capturedAtMs;
    }

    /** Keys in the capture. */
    public long keyCount() {
        return keyCount;
    }

    /** Keys written so far (for progress). */
    public long keysWritten() {
        return keysWritten;
    }

    /** The longest time one command took to apply (lock wait included) while this capture was open; set by close. */
    public long longestPauseNanos() {
        return costs.longestPauseNanos();
    }

    /** Values the applier copied before changing them while this capture was open, and the time that took; set by close. */
    public SnapshotEpochs.Costs costs() {
        return costs;
    }

    /**
     * Writes exactly the captured state as an RDB file (aux repl-id/repl-offset set) to out; once.
     * The stream is flushed, not closed.
     *
     * @throws RdbWriteException when the target cannot hold a value (a module value, hash field TTLs
     *                           before RDB 12, functions before RDB 10)
     */
    public void writeTo(OutputStream out, RdbTarget target) throws IOException {
        CommandApplier.Capture capture;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("snapshot already closed");
            }
            if (written) {
                throw new IllegalStateException("snapshot already written");
            }
            written = true;
            capture = this.capture;
        }
        RdbWriter w = new RdbWriter(out, RdbWriterOptions.defaults(target));
        w.writeHeader();
        w.writeAux("redis-ver", REDIS_VER);
        w.writeAux("redis-bits", "64");
        w.writeAux("ctime", Long.toString(capturedAtMs / 1000));
        w.writeAux("used-mem", Long.toString(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));
        w.writeAux("repl-stream-db", Integer.toString(streamDb));
        w.writeAux("repl-id", replId);
        w.writeAux("repl-offset", Long.toString(offset));
        w.writeAux("aof-base", "0");
        for (byte[] code : capture.data().functions().values()) {
            w.writeFunctionLibrary(code);
        }
        List<Db.Frozen> dbs = capture.data().dbs();
        for (int i = 0; i < dbs.size(); i++) {
            Db.Frozen d = dbs.get(i);
            if (d.size() == 0) {
                continue;
            }
            w.selectDb(i);
            w.resizeDb(d.size(), d.expires());
            BytesTable.Frozen t = d.table();
            for (int s = 0, cap = t.capacity(); s < cap; s++) {
                byte[] key = t.keyAt(s);
                if (key == null) {
                    continue;
                }
                if (closed) {
                    throw new IOException("snapshot closed while being written");
                }
                Object v = t.valueAt(s);
                long at = t.auxAt(s);
                try {
                    w.writeKey(key, RdbValues.of(v), at == Db.NO_EXPIRY ? KeyEntry.NONE : at, KeyEntry.NONE, -1);
                } catch (IllegalArgumentException e) {
                    throw new RdbWriteException("key \"" + new String(key, StandardCharsets.ISO_8859_1) + "\" in db "
                        + i + ": " + e.getMessage());
                }
                capture.written(v);
                keysWritten++;
            }
        }
        w.finish();
    }

    /** Drops what the capture keeps alive and ends copy-on-write for it. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        costs = capture.release();
        capture = null;
    }
}
