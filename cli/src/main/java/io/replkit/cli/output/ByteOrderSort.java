package io.replkit.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Sorts items by a byte-array key in unsigned lexicographic order (the manifests' canonical order for
 * set members and hash fields). Large sets made a comparator sort the costliest step of JSON output,
 * so items are ordered by a primitive sort of their first key bytes packed with their index, and
 * only items whose packed prefixes tie are compared in full.
 */
final class ByteOrderSort {
    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;
    private static final int SMALL = 24;

    private ByteOrderSort() {
    }

    static <T> List<T> sorted(List<T> items, Function<T, byte[]> key) {
        int n = items.size();
        List<T> out = new ArrayList<>(items);
        if (n < SMALL) {
            out.sort((a, b) -> Arrays.compareUnsigned(key.apply(a), key.apply(b)));
            return out;
        }
        // Each long: the key's first bytes (big-endian, zero-padded) in the high bits, the item's
        // index in the low indexBits; the top bit flipped so that a signed sort orders them unsigned.
        int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        long indexMask = (1L << indexBits) - 1;
        // Keys often share a leading part (field:0001, field:0002...): pack the bytes after it.
        byte[] first = key.apply(items.get(0));
        int common = first.length;
        for (int i = 1; i < n && common > 0; i++) {
            byte[] k = key.apply(items.get(i));
            int m = Arrays.mismatch(first, 0, common, k, 0, Math.min(common, k.length));
            if (m >= 0) {
                common = m;
            }
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long prefix = bytesAt(key.apply(items.get(i)), common);
            packed[i] = (((prefix >>> indexBits) << indexBits) | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(packed);
        for (int i = 0; i < n; i++) {
            out.set(i, items.get((int) (packed[i] & indexMask)));
        }
        // Runs of equal prefixes: order them by their whole keys.
        long prefixMask = ~indexMask;
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && ((packed[end] ^ packed[start]) & prefixMask) == 0) {
                end++;
            }
            if (end - start > 1) {
                out.subList(start, end).sort((a, b) -> UNSIGNED.compare(key.apply(a), key.apply(b)));
            }
            start = end;
        }
        return out;
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
