package io.replkit.replica.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One database: keys to values with an absolute expiry per key. Values are {@code byte[]} or
 * {@code Long} (strings, see {@link Strings}), {@link ListObject}, {@link SetObject},
 * {@link ZSetObject}, {@link HashObject}, {@link StreamObject} or {@link ModuleObject}.
 *
 * <p>Nothing here expires on its own: like a Redis replica, keys past their expiry stay until the
 * master's DEL; readers use {@link #isLogicallyExpired} to treat them as missing.
 */
public final class Db {
    /** No expiry. */
    public static final long NO_EXPIRY = Long.MIN_VALUE;

    private final int id;
    private BytesTable table;
    private int expires;

    public Db(int id) {
        this.id = id;
        this.table = new BytesTable(true, true, 16);
    }

    public int id() {
        return id;
    }

    public int size() {
        return table.size();
    }

    /** Keys with an expiry. */
    public int expiresCount() {
        return expires;
    }

    /** The value, expired or not; null when absent. */
    public Object get(byte[] key) {
        return table.get(key);
    }

    public boolean contains(byte[] key) {
        return table.contains(key);
    }

    /** Sets a value, keeping the key's expiry when it exists. */
    public void put(byte[] key, Object value) {
        table.put(key, value, NO_EXPIRY);
    }

    /** Sets a value and clears any expiry (a plain SET). */
    public void putClearingExpiry(byte[] key, Object value) {
        int s = table.insert(key, NO_EXPIRY);
        table.setValueAt(s, value);
        if (table.auxAt(s) != NO_EXPIRY) {
            table.setAuxAt(s, NO_EXPIRY);
            expires--;
        }
    }

    /** Adds a new key with an expiry (or {@link #NO_EXPIRY}); replaces an existing one entirely. */
    public void putWithExpiry(byte[] key, Object value, long expireAt) {
        putClearingExpiry(key, value);
        if (expireAt != NO_EXPIRY) {
            setExpiry(key, expireAt);
        }
    }

    public boolean remove(byte[] key) {
        int s = table.find(key);
        if (s < 0) {
            return false;
        }
        if (table.auxAt(s) != NO_EXPIRY) {
            expires--;
        }
        table.removeAt(s);
        return true;
    }

    /** The key's absolute expiry in ms, or {@link #NO_EXPIRY} (also when the key is absent). */
    public long expiry(byte[] key) {
        int s = table.find(key);
        return s < 0 ? NO_EXPIRY : table.auxAt(s);
    }

    /** Sets or clears a present key's expiry; returns false when the key is absent. */
    public boolean setExpiry(byte[] key, long at) {
        int s = table.find(key);
        if (s < 0) {
            return false;
        }
        long old = table.auxAt(s);
        if (old == NO_EXPIRY && at != NO_EXPIRY) {
            expires++;
        } else if (old != NO_EXPIRY && at == NO_EXPIRY) {
            expires--;
        }
        table.setAuxAt(s, at);
        return true;
    }

    public boolean isLogicallyExpired(byte[] key, long nowMs) {
        long at = expiry(key);
        return at != NO_EXPIRY && at < nowMs;
    }

    public void clear() {
        table = new BytesTable(true, true, 16);
        expires = 0;
    }

    /** Swaps contents with another db (SWAPDB). */
    public void swapWith(Db other) {
        BytesTable t = table;
        table = other.table;
        other.table = t;
        int e = expires;
        expires = other.expires;
        other.expires = e;
    }

    /**
     * This database as it is now, for a point-in-time snapshot: O(1); the table copies its arrays
     * before its next change (see {@link BytesTable#freeze()}).
     */
    public Frozen freeze() {
        return new Frozen(table.freeze(), expires);
    }

    /** A database's keys, values and expiries at one moment (values stay the objects they were then). */
    public record Frozen(BytesTable.Frozen table, int expires) {
        public int size() {
            return table.size();
        }
    }

    /** A key visitor. */
    public interface KeyConsumer {
        void accept(byte[] key, Object value, long expireAt);
    }

    /** Visits every key; the db must not be modified meanwhile. */
    public void forEach(KeyConsumer action) {
        BytesTable t = table;
        for (int s = 0; s < t.capacity(); s++) {
            byte[] k = t.keyAt(s);
            if (k != null) {
                action.accept(k, t.valueAt(s), t.auxAt(s));
            }
        }
    }

    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>(size());
        forEach((k, v, e) -> out.add(k));
        return out;
    }

    /**
     * One SCAN step over the keys (see {@link BytesTable#scanBucket}); returns the next cursor,
     * 0 when the scan is complete.
     */
    public long scanStep(long cursor, KeyConsumer action) {
        BytesTable t = table;
        return t.scanBucket(cursor, s -> action.accept(t.keyAt(s), t.valueAt(s), t.auxAt(s)));
    }

    /** A random key (expired or not), or null when the db is empty. */
    public byte[] randomKey(java.util.Random random) {
        int s = table.randomSlot(random);
        return s < 0 ? null : table.keyAt(s);
    }
}
