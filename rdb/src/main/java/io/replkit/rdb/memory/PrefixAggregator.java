package io.replkit.rdb.memory;

import io.replkit.rdb.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Sums key sizes by key prefix ({@code --prefix-depth N --separator S}): the prefix of a key is
 * the part before its N-th separator, so {@code a:b:c} has the prefix {@code a} at depth 1 and
 * {@code a:b} at depth 2; a key with fewer than N separators is its own prefix.
 *
 * <p>Keys are binary and matched byte for byte; the separator is taken as UTF-8. Looking a prefix
 * up allocates nothing; a prefix's bytes are copied once, when it is first seen. To bound memory
 * over files with millions of distinct prefixes, at most {@code maxPrefixes} are tracked; keys of
 * further prefixes are summed in one {@linkplain PrefixStats#isOther() other} row.
 */
public final class PrefixAggregator {
    /** The default separator. */
    public static final String DEFAULT_SEPARATOR = ":";
    /** The default bound on distinct prefixes. */
    public static final int DEFAULT_MAX_PREFIXES = 1_000_000;

    private final int depth;
    private final byte[] separator;
    private final int maxPrefixes;

    // Open addressing, linear probing; capacity is a power of two, at most half full.
    private byte[][] prefixes;
    private int[] hashes;
    private long[] keys;
    private long[] bytes;
    private int size;
    private long otherKeys;
    private long otherBytes;

    /** Aggregates at {@code depth} with the {@code ":"} separator. */
    public PrefixAggregator(int depth) {
        this(depth, DEFAULT_SEPARATOR, DEFAULT_MAX_PREFIXES);
    }

    public PrefixAggregator(int depth, String separator) {
        this(depth, separator, DEFAULT_MAX_PREFIXES);
    }

    /**
     * @throws IllegalArgumentException when depth or maxPrefixes is below 1 or the separator is empty
     */
    public PrefixAggregator(int depth, String separator, int maxPrefixes) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefix depth must be at least 1, not " + depth);
        }
        if (separator == null || separator.isEmpty()) {
            throw new IllegalArgumentException("the prefix separator must not be empty");
        }
        if (maxPrefixes < 1) {
            throw new IllegalArgumentException("maxPrefixes must be at least 1, not " + maxPrefixes);
        }
        this.depth = depth;
        this.separator = separator.getBytes(StandardCharsets.UTF_8);
        this.maxPrefixes = maxPrefixes;
        allocate(64);
    }

    /** Counts one key of {@code sizeInBytes}. */
    public void add(byte[] key, long sizeInBytes) {
        int len = prefixLength(key);
        int h = hash(key, len);
        int mask = prefixes.length - 1;
        int i = h & mask;
        while (prefixes[i] != null) {
            if (hashes[i] == h && Arrays.equals(prefixes[i], 0, prefixes[i].length, key, 0, len)) {
                keys[i]++;
                bytes[i] += sizeInBytes;
                return;
            }
            i = (i + 1) & mask;
        }
        if (size >= maxPrefixes) {
            otherKeys++;
            otherBytes += sizeInBytes;
            return;
        }
        prefixes[i] = Arrays.copyOf(key, len);
        hashes[i] = h;
        keys[i] = 1;
        bytes[i] = sizeInBytes;
        if (++size * 2 > prefixes.length) {
            grow();
        }
    }

    /** The length of {@code key}'s prefix: up to the {@code depth}-th separator, or the whole key. */
    public int prefixLength(byte[] key) {
        int found = 0;
        int last = key.length - separator.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < separator.length; j++) {
                if (key[i + j] != separator[j]) {
                    continue outer;
                }
            }
            if (++found == depth) {
                return i;
            }
            i += separator.length - 1;
        }
        return key.length;
    }

    /** Distinct prefixes tracked (the other row not included). */
    public int prefixCount() {
        return size;
    }

    /**
     * The rows, largest total first (ties by key count, then prefix bytes); the other row, if any,
     * comes last.
     */
    public List<PrefixStats> result() {
        List<PrefixStats> rows = new ArrayList<>(size + 1);
        for (int i = 0; i < prefixes.length; i++) {
            if (prefixes[i] != null) {
                rows.add(new PrefixStats(prefixes[i], keys[i], bytes[i]));
            }
        }
        rows.sort(Comparator.comparingLong(PrefixStats::bytes).reversed()
            .thenComparing(Comparator.comparingLong(PrefixStats::keys).reversed())
            .thenComparing(PrefixStats::prefix, Arrays::compareUnsigned));
        if (otherKeys > 0) {
            rows.add(new PrefixStats(null, otherKeys, otherBytes));
        }
        return rows;
    }

    private static int hash(byte[] b, int len) {
        int h = 1;
        for (int i = 0; i < len; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    private void allocate(int capacity) {
        prefixes = new byte[capacity][];
        hashes = new int[capacity];
        keys = new long[capacity];
        bytes = new long[capacity];
    }

    private void grow() {
        byte[][] oldPrefixes = prefixes;
        int[] oldHashes = hashes;
        long[] oldKeys = keys;
        long[] oldBytes = bytes;
        allocate(oldPrefixes.length * 2);
        int mask = prefixes.length - 1;
        for (int j = 0; j < oldPrefixes.length; j++) {
            if (oldPrefixes[j] != null) {
                int i = oldHashes[j] & mask;
                while (prefixes[i] != null) {
                    i = (i + 1) & mask;
                }
                prefixes[i] = oldPrefixes[j];
                hashes[i] = oldHashes[j];
                keys[i] = oldKeys[j];
                bytes[i] = oldBytes[j];
            }
        }
    }

    /**
     * One row of the report.
     *
     * @param prefix the prefix bytes (do not modify), or null for the row summing prefixes beyond
     *               the bound
     * @param keys   how many keys have the prefix
     * @param bytes  their total estimated size
     */
    public record PrefixStats(byte[] prefix, long keys, long bytes) {

        /** Whether this row sums the keys of prefixes beyond the bound. */
        public boolean isOther() {
            return prefix == null;
        }

        /** The prefix as text, escaped like redis-cli (printable ASCII kept, other bytes as {@code \xHH}); "(other)" for the other row. */
        public String prefixText() {
            if (prefix == null) {
                return "(other)";
            }
            return Printable.escape(prefix, Integer.MAX_VALUE);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PrefixStats p && Arrays.equals(prefix, p.prefix) && keys == p.keys && bytes == p.bytes;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(prefix), keys, bytes);
        }

        @Override
        public String toString() {
            return prefixText() + " keys=" + keys + " bytes=" + bytes;
        }
    }
}
