package io.replkit.replica.apply;

import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.StreamObject;
import io.replkit.replica.data.ZSetObject;
import java.util.function.LongSupplier;

/** What a command sees while it runs: the dataset, the selected database, the clock, options. */
final class ApplyContext {
    final Dataset dataset;
    final LongSupplier clock;
    final ApplierOptions options;
    int dbIndex;

    ApplyContext(Dataset dataset, LongSupplier clock, ApplierOptions options) {
        this.dataset = dataset;
        this.clock = clock;
        this.options = options;
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

    <T> T typed(byte[] key, Class<T> type) throws CommandException {
        return typed(db(), key, type);
    }

    static <T> T typed(Db db, byte[] key, Class<T> type) throws CommandException {
        Object v = db.get(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw CommandException.wrongType();
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
