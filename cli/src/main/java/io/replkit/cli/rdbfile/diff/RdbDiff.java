package io.replkit.cli.rdbfile.diff;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.value.RdbValue;
import java.io.IOException;
import java.util.Arrays;

/**
 * The comparison of two RDB files, key by key.
 *
 * <p>It starts in <b>lockstep</b>: while both files list the same (db, key) at the same position
 * (a file and its conversion, two saves of an unchanged hash table), the two values are read side
 * by side and compared, one key at a time. At the first key where the orders part, it switches to
 * an <b>index</b> of the rest of one file (a file, never stdin): pass 1 records for each key a
 * 64-bit hash of (db, key), a 64-bit digest of type, expiry and content, and the record's offset
 * ({@link KeyIndex}); pass 2 streams the rest of the other file, looks each key up and compares
 * digests; only keys whose digests differ are read again from both files and compared in detail;
 * keys never looked up are read again by offset and reported as present on one side only.
 */
public final class RdbDiff {

    /** Where the results go, in a stable order: file order of the streamed side, then the rest. */
    public interface Listener {
        void onlyInA(KeyEntry k) throws IOException;

        void onlyInB(KeyEntry k) throws IOException;

        void differs(KeyEntry a, KeyEntry b, ValueComparison.Result r) throws IOException;
    }

    /** Counts for the summary line. */
    public static final class Stats {
        public long keysA;
        public long keysB;
        public long equal;
        public long onlyInA;
        public long onlyInB;
        public long differing;
        public long lockstepKeys;
        /** Keys in the index, 0 when the whole diff ran in lockstep. */
        public long indexedKeys;
        /** "A" or "B": which file was indexed after the orders parted, or null. */
        public String indexedSide;
        public long rereads;

        public boolean anyDifference() {
            return onlyInA + onlyInB + differing > 0;
        }
    }

    private final DiffInput a;
    private final DiffInput b;
    private final ValueComparison comparison;
    private final ValueHasher hasher;
    private final Listener out;
    private final Stats stats = new Stats();

    RdbDiff(DiffInput a, DiffInput b, boolean withEncoding, int maxDetails, Listener out) {
        this.a = a;
        this.b = b;
        this.comparison = new ValueComparison(withEncoding, maxDetails);
        this.hasher = new ValueHasher(withEncoding);
        this.out = out;
    }

    /** Opens both inputs ("-" is stdin, allowed for one of them) and compares them. */
    public static Stats run(String fileA, String fileB, java.io.InputStream stdin, io.replkit.rdb.filter.KeyFilter filter,
                            boolean withEncoding, int maxDetails, Listener out) throws IOException {
        try (DiffInput a = DiffInput.open(fileA, stdin, filter);
             DiffInput b = DiffInput.open(fileB, stdin, filter)) {
            return new RdbDiff(a, b, withEncoding, maxDetails, out).run();
        }
    }

    Stats run() throws IOException {
        KeyEntry ka = a.next();
        KeyEntry kb = b.next();
        while (ka != null && kb != null && sameKey(ka, kb)) {
            RdbValue va = ka.value();
            RdbValue vb = kb.value();
            stats.lockstepKeys++;
            report(ka, kb, comparison.compare(ka, va, kb, vb));
            ka = a.next();
            kb = b.next();
        }
        if (ka != null && kb != null) {
            // The orders part here: index the rest of one file (one that can be read again).
            if (b.isRereadable()) {
                indexed(b, kb, a, ka, false);
            } else {
                indexed(a, ka, b, kb, true);
            }
        } else {
            for (; ka != null; ka = a.next()) {
                onlyIn(ka, true);
            }
            for (; kb != null; kb = b.next()) {
                onlyIn(kb, false);
            }
        }
        stats.keysA = a.keys();
        stats.keysB = b.keys();
        return stats;
    }

    /**
     * @param idx      the side to index from its current key {@code first} on
     * @param str      the side to stream from its current key {@code firstStreamed} on
     * @param idxIsA   whether the indexed side is A
     */
    private void indexed(DiffInput idx, KeyEntry first, DiffInput str, KeyEntry firstStreamed, boolean idxIsA) throws IOException {
        stats.indexedSide = idxIsA ? "A" : "B";
        KeyIndex index = new KeyIndex();
        for (KeyEntry k = first; k != null; k = idx.next()) {
            long offset = idx.recordStart();
            if (!index.add(keyHash(k), hasher.digest(k), k.db(), offset)) {
                throw new IOException(k.describe() + " appears twice in " + idx.name()
                    + " (or two keys share a 64-bit hash), at offset " + offset);
            }
        }
        stats.indexedKeys = index.size();
        for (KeyEntry k = firstStreamed; k != null; k = str.next()) {
            int slot = index.lookup(keyHash(k));
            if (slot < 0) {
                onlyIn(k, !idxIsA);
                continue;
            }
            long streamedOffset = str.recordStart();
            RdbValue value = null;
            long digest;
            if (str.isRereadable()) {
                digest = hasher.digest(k);
            } else {
                value = k.value();
                ValueReplay.replay(k, value, hasher);
                digest = hasher.digest();
            }
            if (digest == index.digest(slot)) {
                index.markMatched(slot);
                stats.equal++;
                continue;
            }
            DiffInput.Loaded other = idx.reread(index.recordOffset(slot), index.db(slot), true);
            stats.rereads++;
            if (other.entry().db() != k.db() || !Arrays.equals(other.entry().key(), k.key())) {
                onlyIn(k, !idxIsA); // a 64-bit key hash collision: not the same key after all
                continue;
            }
            index.markMatched(slot);
            KeyEntry streamedKey = k;
            if (value == null) {
                DiffInput.Loaded again = str.reread(streamedOffset, k.db(), true);
                stats.rereads++;
                streamedKey = again.entry();
                value = again.value();
            }
            if (idxIsA) {
                report(other.entry(), streamedKey, comparison.compare(other.entry(), other.value(), streamedKey, value));
            } else {
                report(streamedKey, other.entry(), comparison.compare(streamedKey, value, other.entry(), other.value()));
            }
        }
        // What the streamed side never asked for is only in the indexed side: report in file order.
        long[] unmatched = new long[Math.max(0, index.size())];
        int n = 0;
        for (int slot = 0; slot < index.capacity(); slot++) {
            if (index.isUsed(slot) && !index.isMatched(slot)) {
                unmatched[n++] = index.recordOffset(slot) << 15 | index.db(slot);
            }
        }
        Arrays.sort(unmatched, 0, n);
        for (int i = 0; i < n; i++) {
            long offset = unmatched[i] >>> 15;
            int db = (int) (unmatched[i] & KeyIndex.MAX_DB);
            DiffInput.Loaded k = idx.reread(offset, db, false);
            stats.rereads++;
            onlyIn(k.entry(), idxIsA);
        }
    }

    private void onlyIn(KeyEntry k, boolean inA) throws IOException {
        if (inA) {
            stats.onlyInA++;
            out.onlyInA(k);
        } else {
            stats.onlyInB++;
            out.onlyInB(k);
        }
    }

    private void report(KeyEntry ka, KeyEntry kb, ValueComparison.Result r) throws IOException {
        if (r.isEqual()) {
            stats.equal++;
        } else {
            stats.differing++;
            out.differs(ka, kb, r);
        }
    }

    private static boolean sameKey(KeyEntry x, KeyEntry y) {
        return x.db() == y.db() && Arrays.equals(x.key(), y.key());
    }

    private static long keyHash(KeyEntry k) {
        return Hash64.ofKey(k.db(), k.key());
    }
}
