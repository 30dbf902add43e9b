package io.replkit.cli.rdbfile;

import io.replkit.cli.rdbfile.diff.Hash64;

/**
 * Which input holds the winning copy of each (db, key) in a merge: the key's identity as two
 * independent 64-bit hashes (a false match needs a 128-bit collision, ~n²/2^129), the input's
 * number and whether that copy has an expiry. Open addressing at a load of at most 1/2: about
 * 40-80 bytes per key, whatever the size of the keys and values.
 */
final class MergeIndex {
    private static final int EXPIRES = 1 << 31;

    private long[] h1;
    private long[] h2;
    /** input number + 1 (0 = free), with {@link #EXPIRES} set when that copy has an expiry. */
    private int[] owner;
    private int size;

    MergeIndex() {
        allocate(1 << 10);
    }

    static long hash1(int db, byte[] key) {
        return Hash64.ofKey(db, key);
    }

    static long hash2(int db, byte[] key) {
        return Hash64.step(Hash64.ofSeeded(key, 0x5bd1e995L), ~db);
    }

    /**
     * Records that {@code input} holds the key; returns the input that held it before, or -1.
     * The earlier input's expiry flag is returned through {@link #lastExpired()}.
     */
    int put(long a, long b, int input, boolean expires) {
        if ((size + 1) * 2L > h1.length) {
            grow();
        }
        int slot = find(a, b);
        int prev = owner[slot];
        owner[slot] = (input + 1) | (expires ? EXPIRES : 0);
        h1[slot] = a;
        h2[slot] = b;
        if (prev == 0) {
            size++;
            lastExpired = false;
            return -1;
        }
        lastExpired = (prev & EXPIRES) != 0;
        return (prev & ~EXPIRES) - 1;
    }

    private boolean lastExpired;

    /** Whether the copy replaced by the last {@link #put} had an expiry. */
    boolean lastExpired() {
        return lastExpired;
    }

    /** The input holding the winning copy, or -1. */
    int owner(long a, long b) {
        int o = owner[find(a, b)];
        return o == 0 ? -1 : (o & ~EXPIRES) - 1;
    }

    int size() {
        return size;
    }

    private int find(long a, long b) {
        int mask = h1.length - 1;
        int slot = (int) Hash64.mix(a) & mask;
        while (owner[slot] != 0 && (h1[slot] != a || h2[slot] != b)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oa = h1;
        long[] ob = h2;
        int[] oo = owner;
        if (oa.length >= 1 << 30) {
            throw new IllegalStateException("more than 2^29 keys do not fit the merge index");
        }
        allocate(oa.length * 2);
        for (int i = 0; i < oa.length; i++) {
            if (oo[i] != 0) {
                int slot = find(oa[i], ob[i]);
                h1[slot] = oa[i];
                h2[slot] = ob[i];
                owner[slot] = oo[i];
            }
        }
    }

    private void allocate(int capacity) {
        h1 = new long[capacity];
        h2 = new long[capacity];
        owner = new int[capacity];
    }
}
