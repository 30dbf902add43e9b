package io.replkit.rdb.memory;

/**
 * Counts the nodes of a Redis radix tree ({@code rax.c}) holding 16-byte stream ids inserted in
 * ascending order, without building it, so that {@code streamRadixTreeMemoryUsage} can be
 * reproduced.
 *
 * <p>A rax built by insertions only has a node at: the root; every position where keys branch;
 * every child of a branching position (the start of a compressed chain); and every key end (a
 * leaf, as all keys have the same length). With keys arriving in ascending order, a new key
 * shares a prefix of {@code lcp} bytes with the previous one and only the previous key's path
 * can be affected: position {@code lcp} becomes a branching node, the previous key's child at
 * {@code lcp + 1} becomes a node, and the new key adds its child at {@code lcp + 1} and its leaf.
 * The counter therefore keeps just the previous key and which positions of its path are nodes.
 */
final class RaxNodeCounter {
    static final int KEY_LENGTH = 16;

    private final byte[] last = new byte[KEY_LENGTH];
    private final byte[] scratch = new byte[KEY_LENGTH];
    /** onPath[d]: the previous key's prefix of length d is a rax node. */
    private final boolean[] onPath = new boolean[KEY_LENGTH + 1];
    private long elements;
    private long nodes;

    RaxNodeCounter() {
        reset();
    }

    void reset() {
        elements = 0;
        nodes = 1; // an empty rax has its root
        java.util.Arrays.fill(onPath, false);
        onPath[0] = true;
    }

    long elements() {
        return elements;
    }

    long nodes() {
        return nodes;
    }

    /** Adds the id {@code ms-seq} (big-endian, as streams key their rax); ids must ascend. */
    void add(long ms, long seq) {
        byte[] key = scratch;
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (ms >>> (56 - 8 * i));
            key[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        add(key);
    }

    private void add(byte[] key) {
        if (elements == 0) {
            // The root becomes a compressed node holding the whole key, followed by the leaf.
            System.arraycopy(key, 0, last, 0, KEY_LENGTH);
            onPath[KEY_LENGTH] = true;
            nodes++;
            elements++;
            return;
        }
        int lcp = 0;
        while (lcp < KEY_LENGTH && key[lcp] == last[lcp]) {
            lcp++;
        }
        if (lcp == KEY_LENGTH) {
            return; // already present: rax keeps one element per key
        }
        if (!onPath[lcp]) {
            nodes++; // the compressed chain through lcp is split: lcp becomes a branching node
        }
        if (!onPath[lcp + 1]) {
            nodes++; // the previous key's branch now starts a node of its own
        }
        nodes++; // the new key's child of the branching node
        for (int d = lcp + 1; d <= KEY_LENGTH; d++) {
            onPath[d] = false;
        }
        onPath[lcp] = true;
        onPath[lcp + 1] = true;
        if (lcp + 1 < KEY_LENGTH) {
            nodes++; // and its leaf
        }
        onPath[KEY_LENGTH] = true;
        System.arraycopy(key, 0, last, 0, KEY_LENGTH);
        elements++;
    }
}
