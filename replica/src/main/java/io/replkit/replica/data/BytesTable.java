package io.replkit.replica.data;

import java.util.Arrays;

/**
 * An open-addressing hash table keyed by byte arrays (linear probing, backward-shift deletion),
 * with an optional object value and an optional {@code long} per slot. One class serves the
 * keyspace (value + expiry), large hashes (value + field TTL), large sets (key only) and the
 * member index of large sorted sets (score bits): parallel arrays cost a few words per entry,
 * where a {@code HashMap} costs a node, a boxed key and a table slot.
 *
 * <p>Slots are exposed for iteration: {@code for (int s = 0; s < capacity(); s++) if (keyAt(s) != null)}.
 * The table must not be modified while iterating.
 */
public final class BytesTable {
    private static final int MIN_CAPACITY = 4;

    private final boolean withValues;
    private final boolean withAux;
    private byte[][] keys;
    private int[] hashes;
    private Object[] values;
    private long[] aux;
    private int size;
    /** The arrays are also held by a {@link Frozen} view: copy them before the next change. */
    private boolean shared;

    public BytesTable(boolean withValues, boolean withAux, int expectedSize) {
        this.withValues = withValues;
        this.withAux = withAux;
        allocate(capacityFor(expectedSize));
    }

    private static int capacityFor(int n) {
        int cap = MIN_CAPACITY;
        while (cap * 3L / 4 < n && cap < (1 << 30)) {
            cap <<= 1;
        }
        return cap;
    }

    private void allocate(int capacity) {
        shared = false;
        keys = new byte[capacity][];
        hashes = new int[capacity];
        values = withValues ? new Object[capacity] : null;
        aux = withAux ? new long[capacity] : null;
    }

    public static int hash(byte[] k) {
        int h = 1;
        for (byte b : k) {
            h = 31 * h + b;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return keys.length;
    }

    public byte[] keyAt(int slot) {
        return keys[slot];
    }

    public Object valueAt(int slot) {
        return values[slot];
    }

    public void setValueAt(int slot, Object v) {
        own();
        values[slot] = v;
    }

    public long auxAt(int slot) {
        return aux[slot];
    }

    public void setAuxAt(int slot, long v) {
        own();
        aux[slot] = v;
    }

    /** The slot holding {@code k}, or -1. */
    public int find(byte[] k) {
        int h = hash(k);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] cur = keys[i];
            if (cur == null) {
                return -1;
            }
            if (hashes[i] == h && Arrays.equals(cur, k)) {
                return i;
            }
        }
    }

    public boolean contains(byte[] k) {
        return find(k) >= 0;
    }

    public Object get(byte[] k) {
        int s = find(k);
        return s < 0 ? null : values[s];
    }

    /**
     * The slot of {@code k}, inserting it (with a null value and aux {@code newAux}) when absent;
     * {@link #lastInserted()} tells which happened. The array {@code k} is kept: do not modify it.
     */
    public int insert(byte[] k, long newAux) {
        if ((size + 1) * 4L > keys.length * 3L) {
            rehash(keys.length * 2);
        } else {
            own();
        }
        int h = hash(k);
        int mask = keys.length - 1;
        int i = h & mask;
        for (; ; i = (i + 1) & mask) {
            byte[] cur = keys[i];
            if (cur == null) {
                break;
            }
            if (hashes[i] == h && Arrays.equals(cur, k)) {
                inserted = false;
                return i;
            }
        }
        keys[i] = k;
        hashes[i] = h;
        if (withAux) {
            aux[i] = newAux;
        }
        size++;
        inserted = true;
        return i;
    }

    private boolean inserted;

    /** Whether the last {@link #insert} added a new key. */
    public boolean lastInserted() {
        return inserted;
    }

    /** Puts a value, keeping the aux of an existing key; returns the previous value. */
    public Object put(byte[] k, Object v, long auxIfNew) {
        int s = insert(k, auxIfNew);
        Object old = values[s];
        values[s] = v;
        return old;
    }

    /** Removes {@code k}; returns whether it was there. */
    public boolean remove(byte[] k) {
        int s = find(k);
        if (s < 0) {
            return false;
        }
        removeAt(s);
        return true;
    }

    /** Removes the entry in {@code slot}, shifting later entries of its probe run back. */
    public void removeAt(int slot) {
        own();
        int mask = keys.length - 1;
        int hole = slot;
        for (int i = (slot + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
            int home = hashes[i] & mask;
            // move i into the hole when its home is not cyclically within (hole, i]
            boolean homeInRange = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeInRange) {
                keys[hole] = keys[i];
                hashes[hole] = hashes[i];
                if (withValues) {
                    values[hole] = values[i];
                }
                if (withAux) {
                    aux[hole] = aux[i];
                }
                hole = i;
            }
        }
        keys[hole] = null;
        hashes[hole] = 0;
        if (withValues) {
            values[hole] = null;
        }
        if (withAux) {
            aux[hole] = 0;
        }
        size--;
        if (keys.length > 64 && size * 8L < keys.length) {
            rehash(capacityFor(size * 2));
        }
    }

    public void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
    }

    private void rehash(int capacity) {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        long[] oldAux = aux;
        allocate(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) {
                continue;
            }
            int i = oldHashes[j] & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = oldKeys[j];
            hashes[i] = oldHashes[j];
            if (withValues) {
                values[i] = oldValues[j];
            }
            if (withAux) {
                aux[i] = oldAux[j];
            }
        }
    }

    /**
     * The entries as they are now, for a point-in-time snapshot: O(1), the arrays are shared, and
     * this table copies them before its next change (so the first change after a freeze costs a
     * copy of the arrays, never of the keys or values).
     */
    public Frozen freeze() {
        shared = true;
        return new Frozen(keys, values, aux, size);
    }

    /** Before changing a slot: stop sharing the arrays with a {@link Frozen} view. */
    private void own() {
        if (shared) {
            keys = keys.clone();
            if (withValues) {
                values = values.clone();
            }
            if (withAux) {
                aux = aux.clone();
            }
            shared = false;
        }
    }

    /** A table of the same entries (keys and values shared, arrays copied). */
    public BytesTable copy() {
        BytesTable c = new BytesTable(withValues, withAux, 0);
        c.keys = keys.clone();
        c.hashes = hashes.clone();
        c.values = withValues ? values.clone() : null;
        c.aux = withAux ? aux.clone() : null;
        c.size = size;
        return c;
    }

    /**
     * A table's entries at one moment, read-only: iterate slots {@code 0..capacity()-1}, skipping
     * null keys. Nothing changes these arrays once the table has moved on.
     */
    public static final class Frozen {
        private final byte[][] keys;
        private final Object[] values;
        private final long[] aux;
        private final int size;

        Frozen(byte[][] keys, Object[] values, long[] aux, int size) {
            this.keys = keys;
            this.values = values;
            this.aux = aux;
            this.size = size;
        }

        public int size() {
            return size;
        }

        public int capacity() {
            return keys.length;
        }

        public byte[] keyAt(int slot) {
            return keys[slot];
        }

        public Object valueAt(int slot) {
            return values[slot];
        }

        public long auxAt(int slot) {
            return aux[slot];
        }
    }

    /** Approximate heap bytes of the table's own arrays (not of keys or values). */
    public long tableBytes() {
        long per = 4 + 4 + (withValues ? 4 : 0) + (withAux ? 8 : 0);
        return per * keys.length + 64;
    }

    /** A slot visitor for {@link #scanBucket}. */
    public interface SlotConsumer {
        void accept(int slot);
    }

    /**
     * One step of a SCAN over this table with Redis's reverse-binary cursor ({@code dictScan}):
     * visits every key whose home slot is {@code cursor & mask} (with linear probing they all sit
     * between that slot and the next empty one), and returns the next cursor, 0 when done. As in
     * Redis, a key present for the whole scan is returned at least once, across resizes too, since
     * a key's home depends only on the low bits of its hash.
     */
    public long scanBucket(long cursor, SlotConsumer action) {
        int mask = keys.length - 1;
        int bucket = (int) (cursor & mask);
        for (int i = bucket; keys[i] != null; i = (i + 1) & mask) {
            if ((hashes[i] & mask) == bucket) {
                action.accept(i);
            }
        }
        long v = cursor | ~(long) mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** A random occupied slot, or -1 when empty. */
    public int randomSlot(java.util.Random random) {
        if (size == 0) {
            return -1;
        }
        for (;;) {
            int s = random.nextInt(keys.length);
            if (keys[s] != null) {
                return s;
            }
        }
    }
}
