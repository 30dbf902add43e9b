package io.replkit.replica.apply;

import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.MutableValue;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.SnapshotEpochs;
import io.replkit.replica.data.StreamObject;
import io.replkit.replica.data.ZSetObject;
import java.util.function.LongSupplier;

/**
 * What a command sees while it runs: the dataset, the selected database, the clock, options.
 *
 * <p>Commands change lists, sets, sorted sets, hashes and streams in place, and always reach them
 * through {@link #typed}: that is where copy-on-write happens while a snapshot is being written
 * (see {@link SnapshotEpochs}). Strings are never changed in place.
 */
final class ApplyContext {
    final Dataset dataset;
    final LongSupplier clock;
    final ApplierOptions options;
    final SnapshotEpochs epochs;
    int dbIndex;

    ApplyContext(Dataset dataset, LongSupplier clock, ApplierOptions options, SnapshotEpochs epochs) {
        this.dataset = dataset;
        this.clock = clock;
        this.options = options;
        this.epochs = epochs;
    }

    Db db() {
        return dataset.db(dbIndex);
    }

    long now() {
        return clock.getAsLong();
    }

    /** A string value (byte[] or Long) or null; WRONGTYPE for other types. */
    Object string(byte[] key) throws CommandException {
        Object v = db().get(key);
        if (v != null && !(v instanceof byte[]) && !(v instanceof Long)) {
            throw CommandException.wrongType();
        }
        return v;
    }

    /**
     * The value at {@code key} for a command that may change it in place: null when absent,
     * WRONGTYPE when not a {@code type}. When an open snapshot still needs the stored object, the
     * key gets a copy first and the command changes that.
     */
    <T> T typed(byte[] key, Class<T> type) throws CommandException {
        Db db = db();
        Object v = db.get(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw CommandException.wrongType();
        }
        if (v instanceof MutableValue m && epochs.mustCopy(m)) {
            v = epochs.copyForWrite(m);
            db.put(key, v);
        }
        return type.cast(v);
    }

    ListObject list(byte[] key) throws CommandException {
        return typed(key, ListObject.class);
    }

    SetObject set(byte[] key) throws CommandException {
        return typed(key, SetObject.class);
    }

    ZSetObject zset(byte[] key) throws CommandException {
        return typed(key, ZSetObject.class);
    }

    HashObject hash(byte[] key) throws CommandException {
        return typed(key, HashObject.class);
    }

    StreamObject stream(byte[] key) throws CommandException {
        return typed(key, StreamObject.class);
    }

    /** Deletes {@code key} when its collection became empty (as Redis does after every removal). */
    void removeIfEmpty(byte[] key, int size) {
        if (size == 0) {
            db().remove(key);
        }
    }
}
