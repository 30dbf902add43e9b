package io.replkit.replica.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted set: members ordered by (score, member bytes) in a list of sorted chunks of at most
 * {@link #CHUNK} entries (a flat B-tree: rank and range queries walk chunk sizes, then binary
 * search one chunk), plus a member&rarr;score index once the set outgrows one chunk.
 */
public final class ZSetObject extends MutableValue {
    static final int CHUNK = 128;

    private static final class Chunk {
        byte[][] members = new byte[8][];
        double[] scores = new double[8];
        int n;

        void insertAt(int i, byte[] m, double s) {
            if (n == members.length) {
                int cap = Math.min(CHUNK, n * 2);
                members = Arrays.copyOf(members, cap);
                scores = Arrays.copyOf(scores, cap);
            }
            System.arraycopy(members, i, members, i + 1, n - i);
            System.arraycopy(scores, i, scores, i + 1, n - i);
            members[i] = m;
            scores[i] = s;
            n++;
        }

        void removeAt(int i) {
            System.arraycopy(members, i + 1, members, i, n - i - 1);
            System.arraycopy(scores, i + 1, scores, i, n - i - 1);
            n--;
            members[n] = null;
        }
    }

    private final List<Chunk> chunks = new ArrayList<>();
    private BytesTable index;
    private int size;
    /** Whether the master holds this set as a listpack (see {@link EncodingRules}). */
    private boolean packed = true;

    public ZSetObject() {
        chunks.add(new Chunk());
    }

    public int size() {
        return size;
    }

    public boolean isPacked() {
        return packed;
    }

    public void setPacked(boolean packed) {
        this.packed = packed;
    }

    /**
     * {@code zsetAdd}'s effect on members and encoding: a new member that does not fit the
     * listpack limits turns the set into a skiplist first; a score written into a listpack
     * loses the sign of zero when the rules say so. Returns whether the member was new.
     */
    public boolean add(byte[] m, double score, EncodingRules rules) {
        Double old = score(m);
        if (old != null && old == score) {
            return false;
        }
        if (packed && old == null
            && (size + 1 > rules.zsetMaxListpackEntries() || m.length > rules.zsetMaxListpackValue())) {
            packed = false;
        }
        if (packed && rules.integerScoresInListpack() && score == 0) {
            score = 0.0;
        }
        return put(m, score);
    }

    /** {@code zsetConvertToListpackIfNeeded}: small enough sets become listpacks again. */
    public void convertIfSmall(EncodingRules rules) {
        if (packed || size > rules.zsetMaxListpackEntries()) {
            return;
        }
        int[] maxLen = {0};
        forEachInOrder((m, s) -> maxLen[0] = Math.max(maxLen[0], m.length));
        if (maxLen[0] > rules.zsetMaxListpackValue()) {
            return;
        }
        packed = true;
        if (rules.integerScoresInListpack()) {
            for (Chunk c : chunks) {
                for (int i = 0; i < c.n; i++) {
                    if (c.scores[i] == 0) {
                        c.scores[i] = 0.0;
                        if (index != null) {
                            index.setAuxAt(index.find(c.members[i]), Double.doubleToRawLongBits(0.0));
                        }
                    }
                }
            }
        }
    }

    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) {
            return -1;
        }
        if (s1 > s2) {
            return 1;
        }
        return Arrays.compareUnsigned(m1, m2);
    }

    /** The member's score, or null. */
    public Double score(byte[] m) {
        if (index != null) {
            int s = index.find(m);
            return s < 0 ? null : Double.longBitsToDouble(index.auxAt(s));
        }
        Chunk c = chunks.get(0);
        for (int i = 0; i < c.n; i++) {
            if (Arrays.equals(c.members[i], m)) {
                return c.scores[i];
            }
        }
        return null;
    }

    /** Adds or moves {@code m} to {@code score}; returns whether it was new. */
    public boolean put(byte[] m, double score) {
        Double old = score(m);
        if (old != null) {
            if (old == score) {
                return false;
            }
            removeKnown(m, old);
        }
        insertNew(m, score);
        return old == null;
    }

    private void insertNew(byte[] m, double score) {
        int ci = chunkFor(score, m);
        Chunk c = chunks.get(ci);
        int pos = positionIn(c, score, m);
        c.insertAt(pos, m, score);
        if (c.n == CHUNK) {
            Chunk right = new Chunk();
            int half = CHUNK / 2;
            right.members = Arrays.copyOfRange(c.members, half, CHUNK);
            right.scores = Arrays.copyOfRange(c.scores, half, CHUNK);
            right.n = CHUNK - half;
            Arrays.fill(c.members, half, CHUNK, null);
            c.n = half;
            chunks.add(ci + 1, right);
        }
        size++;
        if (index == null && size >= CHUNK) {
            index = new BytesTable(false, true, size * 2);
            forEachInOrder((mm, ss) -> index.setAuxAt(index.insert(mm, 0), Double.doubleToRawLongBits(ss)));
        } else if (index != null) {
            index.setAuxAt(index.insert(m, 0), Double.doubleToRawLongBits(score));
        }
    }

    /** The chunk where (score, m) belongs: the first whose last element is &ge; it, else the last. */
    private int chunkFor(double score, byte[] m) {
        int lo = 0, hi = chunks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Chunk c = chunks.get(mid);
            if (c.n > 0 && compare(c.scores[c.n - 1], c.members[c.n - 1], score, m) >= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** First index in {@code c} whose element is &ge; (score, m). */
    private static int positionIn(Chunk c, double score, byte[] m) {
        int lo = 0, hi = c.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(c.scores[mid], c.members[mid], score, m) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public boolean remove(byte[] m) {
        Double old = score(m);
        if (old == null) {
            return false;
        }
        removeKnown(m, old);
        return true;
    }

    private void removeKnown(byte[] m, double score) {
        int ci = chunkFor(score, m);
        Chunk c = chunks.get(ci);
        int pos = positionIn(c, score, m);
        removeAt(ci, pos);
    }

    private void removeAt(int ci, int pos) {
        Chunk c = chunks.get(ci);
        byte[] m = c.members[pos];
        c.removeAt(pos);
        if (c.n == 0 && chunks.size() > 1) {
            chunks.remove(ci);
        }
        size--;
        if (index != null) {
            index.remove(m);
            if (size <= CHUNK / 2) {
                index = null;
                if (chunks.size() > 1) {
                    merge();
                }
            }
        }
    }

    private void merge() {
        Chunk all = new Chunk();
        all.members = new byte[CHUNK][];
        all.scores = new double[CHUNK];
        for (Chunk c : chunks) {
            System.arraycopy(c.members, 0, all.members, all.n, c.n);
            System.arraycopy(c.scores, 0, all.scores, all.n, c.n);
            all.n += c.n;
        }
        chunks.clear();
        chunks.add(all);
    }

    /** 0-based rank of {@code m} in ascending order, or -1. */
    public int rank(byte[] m) {
        Double s = score(m);
        if (s == null) {
            return -1;
        }
        return countBelow(s, m);
    }

    /** How many elements sort before (score, m). */
    private int countBelow(double score, byte[] m) {
        int ci = chunkFor(score, m);
        int r = 0;
        for (int i = 0; i < ci; i++) {
            r += chunks.get(i).n;
        }
        return r + positionIn(chunks.get(ci), score, m);
    }

    /** Elements with score below {@code min} (or &le; min when {@code exclusive}). */
    public int rankOfScore(double min, boolean exclusive) {
        int r = 0;
        for (Chunk c : chunks) {
            if (c.n == 0) {
                continue;
            }
            double last = c.scores[c.n - 1];
            if (exclusive ? last <= min : last < min) {
                r += c.n;
                continue;
            }
            for (int i = 0; i < c.n; i++) {
                if (exclusive ? c.scores[i] <= min : c.scores[i] < min) {
                    r++;
                } else {
                    return r;
                }
            }
            return r;
        }
        return r;
    }

    /** Lex bound test: how many elements sort below a lex bound (all scores assumed equal). */
    public int rankOfLex(byte[] bound, boolean exclusive, boolean minusInf, boolean plusInf) {
        if (minusInf) {
            return 0;
        }
        if (plusInf) {
            return size;
        }
        int r = 0;
        for (Chunk c : chunks) {
            for (int i = 0; i < c.n; i++) {
                int cmp = Arrays.compareUnsigned(c.members[i], bound);
                if (exclusive ? cmp <= 0 : cmp < 0) {
                    r++;
                } else {
                    return r;
                }
            }
        }
        return r;
    }

    public byte[] memberAt(int rank) {
        for (Chunk c : chunks) {
            if (rank < c.n) {
                return c.members[rank];
            }
            rank -= c.n;
        }
        throw new IndexOutOfBoundsException();
    }

    public double scoreAt(int rank) {
        for (Chunk c : chunks) {
            if (rank < c.n) {
                return c.scores[rank];
            }
            rank -= c.n;
        }
        throw new IndexOutOfBoundsException();
    }

    /** Removes ranks {@code from..to} inclusive; returns how many. */
    public int removeRange(int from, int to) {
        int n = 0;
        for (int r = to; r >= from; r--) {
            int rank = r;
            int ci = 0;
            while (rank >= chunks.get(ci).n) {
                rank -= chunks.get(ci).n;
                ci++;
            }
            removeAt(ci, rank);
            n++;
        }
        return n;
    }

    /** A (member, score) visitor. */
    public interface EntryConsumer {
        void accept(byte[] member, double score);
    }

    public void forEachInOrder(EntryConsumer action) {
        for (Chunk c : chunks) {
            for (int i = 0; i < c.n; i++) {
                action.accept(c.members[i], c.scores[i]);
            }
        }
    }

    @Override
    public ZSetObject copy() {
        ZSetObject z = new ZSetObject();
        z.chunks.clear();
        for (Chunk c : chunks) {
            Chunk d = new Chunk();
            d.members = c.members.clone();
            d.scores = c.scores.clone();
            d.n = c.n;
            z.chunks.add(d);
        }
        z.index = index == null ? null : index.copy();
        z.size = size;
        z.packed = packed;
        return z;
    }

    /** Whether a member index exists (else ZSCAN returns the whole set at once). */
    public boolean isIndexed() {
        return index != null;
    }

    /** One ZSCAN step over the member index; returns the next cursor (0 when done). */
    public long scanStep(long cursor, EntryConsumer action) {
        BytesTable t = index;
        return t.scanBucket(cursor, s -> action.accept(t.keyAt(s), Double.longBitsToDouble(t.auxAt(s))));
    }

    /**
     * Visits ranks {@code from..to} (inclusive, within range), ascending, or descending from
     * {@code to} when {@code reverse}; the visitor returns false to stop.
     */
    public void forEachInRankRange(int from, int to, boolean reverse, RankVisitor action) {
        if (from > to) {
            return;
        }
        if (!reverse) {
            int base = 0;
            for (Chunk c : chunks) {
                if (base + c.n <= from) {
                    base += c.n;
                    continue;
                }
                for (int i = Math.max(0, from - base); i < c.n && base + i <= to; i++) {
                    if (!action.visit(base + i, c.members[i], c.scores[i])) {
                        return;
                    }
                }
                base += c.n;
                if (base > to) {
                    return;
                }
            }
        } else {
            int base = size;
            for (int ci = chunks.size() - 1; ci >= 0; ci--) {
                Chunk c = chunks.get(ci);
                base -= c.n;
                if (base > to) {
                    continue;
                }
                for (int i = Math.min(c.n - 1, to - base); i >= 0 && base + i >= from; i--) {
                    if (!action.visit(base + i, c.members[i], c.scores[i])) {
                        return;
                    }
                }
                if (base <= from) {
                    return;
                }
            }
        }
    }

    /** A visitor of ranked entries that may stop early. */
    public interface RankVisitor {
        boolean visit(int rank, byte[] member, double score);
    }
}
