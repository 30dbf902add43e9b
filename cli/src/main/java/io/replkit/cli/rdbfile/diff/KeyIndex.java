package io.replkit.cli.rdbfile.diff;

/**
 * A compact index of one file's keys for the diff's second pass: for each key, a 64-bit hash of
 * (db, key name), the 64-bit digest of its value, and where its record starts in the file with
 * its database, plus a "matched" bit. Open addressing over three parallel {@code long[]}s at a
 * load factor of at most 1/2: between 48 and 96 bytes per key and no object per key, whatever
 * the size of the keys and values.
 */
final class KeyIndex {
    static final int MAX_DB = (1 << 15) - 1;
    private static final long OFFSET_MASK = (1L << 48) - 1;
    private static final long MATCHED = 1L << 63;

    private long[] keys;
    private long[] digests;
    /** Bits 0-47 record offset, 48-62 db, 63 matched; 0 marks a free slot (an offset is never 0). */
    private long[] places;
    private int size;

    KeyIndex() {
        allocate(1 << 10);
    }

    int size() {
        return size;
    }

    /** Adds a key; false if the same (db, key) hash is already present. */
    boolean add(long keyHash, long digest, int db, long recordOffset) {
        if (db < 0 || db > MAX_DB) {
            throw new IllegalArgumentException("database " + db + " is beyond the " + MAX_DB + " the diff index supports");
        }
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int slot = find(keyHash);
        if (places[slot] != 0) {
            return false;
        }
        keys[slot] = keyHash;
        digests[slot] = digest;
        places[slot] = recordOffset | ((long) db << 48);
        size++;
        return true;
    }

    /** The slot holding this key hash, or -1; see {@link #digest}, {@link #markMatched}. */
    int lookup(long keyHash) {
        int slot = find(keyHash);
        return places[slot] == 0 ? -1 : slot;
    }

    long digest(int slot) {
        return digests[slot];
    }

    long recordOffset(int slot) {
        return places[slot] & OFFSET_MASK;
    }

    int db(int slot) {
        return (int) ((places[slot] >>> 48) & MAX_DB);
    }

    boolean isMatched(int slot) {
        return (places[slot] & MATCHED) != 0;
    }

    void markMatched(int slot) {
        places[slot] |= MATCHED;
    }

    int capacity() {
        return keys.length;
    }

    /** Whether a slot holds a key (for iterating over all slots). */
    boolean isUsed(int slot) {
        return places[slot] != 0;
    }

    private int find(long keyHash) {
        int mask = keys.length - 1;
        int slot = (int) Hash64.mix(keyHash) & mask;
        while (places[slot] != 0 && keys[slot] != keyHash) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldDigests = digests;
        long[] oldPlaces = places;
        if (oldKeys.length >= 1 << 30) {
            throw new IllegalStateException("more than 2^29 keys do not fit the diff index");
        }
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldPlaces[i] != 0) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                digests[slot] = oldDigests[i];
                places[slot] = oldPlaces[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        digests = new long[capacity];
        places = new long[capacity];
    }
}
