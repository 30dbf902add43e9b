package io.replkit.cli.output;

import java.util.Arrays;

/**
 * Orders byte-array keys in unsigned lexicographic order (the manifests' canonical order for set
 * members and hash fields). Large sets made a comparator sort the costliest step of JSON output, so
 * keys are ordered by a primitive sort of their first bytes packed with their index, and only keys
 * whose packed prefixes tie are compared in full. It works on a plain array of keys and returns
 * index order, so its loops see one shape of data whatever the value type (a key-extracting
 * function here made the JIT recompile these loops over and over as sets and hashes alternated).
 */
final class ByteOrderSort {
    private static final int SMALL = 24;

    private ByteOrderSort() {
    }

    /** The indexes of {@code keys} in ascending unsigned byte order; equal keys keep their order. */
    static int[] order(byte[][] keys) {
        int n = keys.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n < SMALL) {
            insertionSort(keys, order, 0, n);
            return order;
        }
        // Each long: the key's first bytes (big-endian, zero-padded) in the high bits, the key's
        // index in the low indexBits; the top bit flipped so that a signed sort orders them unsigned.
        int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        long indexMask = (1L << indexBits) - 1;
        // Keys often share a leading part (field:0001, field:0002...): pack the bytes after it.
        byte[] first = keys[0];
        int common = first.length;
        for (int i = 1; i < n && common > 0; i++) {
            byte[] k = keys[i];
            int m = Arrays.mismatch(first, 0, common, k, 0, Math.min(common, k.length));
            if (m >= 0) {
                common = m;
            }
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long prefix = bytesAt(keys[i], common);
            packed[i] = (((prefix >>> indexBits) << indexBits) | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(packed);
        for (int i = 0; i < n; i++) {
            order[i] = (int) (packed[i] & indexMask);
        }
        // Runs of equal prefixes: order them by their whole keys.
        long prefixMask = ~indexMask;
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && ((packed[end] ^ packed[start]) & prefixMask) == 0) {
                end++;
            }
            if (end - start > 1) {
                sortRun(keys, order, start, end);
            }
            start = end;
        }
        return order;
    }

    /** Orders {@code order[from, to)} by whole keys; the run arrives in index order, so it is stable. */
    private static void sortRun(byte[][] keys, int[] order, int from, int to) {
        if (to - from <= SMALL) {
            insertionSort(keys, order, from, to);
            return;
        }
        Integer[] boxed = new Integer[to - from];
        for (int i = from; i < to; i++) {
            boxed[i - from] = order[i];
        }
        Arrays.sort(boxed, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        for (int i = from; i < to; i++) {
            order[i] = boxed[i - from];
        }
    }

    private static void insertionSort(byte[][] keys, int[] order, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int x = order[i];
            byte[] k = keys[x];
            int j = i - 1;
            while (j >= from && Arrays.compareUnsigned(keys[order[j]], k) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
    }

    /** Up to eight bytes from {@code from}, big-endian, zero-padded. */
    private static long bytesAt(byte[] b, int from) {
        long p = 0;
        int len = Math.min(8, b.length - from);
        for (int i = 0; i < len; i++) {
            p |= (b[from + i] & 0xFFL) << (56 - 8 * i);
        }
        return p;
    }
}
