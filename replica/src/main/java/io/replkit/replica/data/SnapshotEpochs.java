package io.replkit.replica.data;

import java.util.TreeMap;

/**
 * Which point-in-time captures of one dataset are still being written, so the applier knows when a
 * {@link MutableValue} must be copied before it is changed in place. Each capture gets a
 * generation (1, 2, ...). The applier copies a value when an open capture newer than the value's
 * {@link MutableValue#freeUpTo() mark} exists, puts the copy (marked free up to the latest
 * generation) in the live table and changes that: the capture keeps the object it saw. A capture's
 * writer marks each value free once written, but only while it is the oldest open capture (an
 * older one may still need the value; newer ones are unaffected, their generation being higher).
 *
 * <p>{@link #open()} runs under the applier's write lock; {@link #close} from any thread.
 */
public final class SnapshotEpochs {
    /**
     * Open captures by generation, with what happened while each was open: [0] the longest pause
     * in applying (ns), [1] values copied, [2] ns spent copying them, [3] the longest copy (ns).
     */
    private final TreeMap<Long, long[]> open = new TreeMap<>();
    private volatile long latest;
    private volatile long newestOpen;
    private volatile long oldestOpen;

    /** Registers a new capture; returns its generation. */
    public synchronized long open() {
        long g = latest + 1;
        latest = g;
        open.put(g, new long[4]);
        update();
        return g;
    }

    /** What copy-on-write cost the applier while one capture was open. */
    public record Costs(long longestPauseNanos, long copies, long copyNanos, long longestCopyNanos) {
        public static final Costs NONE = new Costs(0, 0, 0, 0);
    }

    /**
     * The capture is written or abandoned: its values no longer need protecting. Returns what
     * the applier went through while it was open.
     */
    public synchronized Costs close(long generation) {
        long[] c = open.remove(generation);
        update();
        return c == null ? Costs.NONE : new Costs(c[0], c[1], c[2], c[3]);
    }

    private void update() {
        newestOpen = open.isEmpty() ? 0 : open.lastKey();
        oldestOpen = open.isEmpty() ? 0 : open.firstKey();
    }

    /** Whether any capture is open (a volatile read: cheap enough for every command). */
    public boolean anyOpen() {
        return newestOpen != 0;
    }

    /** The applier applied one command in {@code nanos} (lock wait included): kept as a pause when longest. */
    public synchronized void recordPause(long nanos) {
        for (long[] p : open.values()) {
            if (nanos > p[0]) {
                p[0] = nanos;
            }
        }
    }

    /** Whether some open capture may still need {@code v} as it is (the applier must change a copy). */
    public boolean mustCopy(MutableValue v) {
        long n = newestOpen;
        return n != 0 && v.freeUpTo() < n;
    }

    /** The copy the applier changes instead of {@code v}: free for every capture taken so far. */
    public MutableValue copyForWrite(MutableValue v) {
        long start = System.nanoTime();
        MutableValue c = v.copy();
        c.freeUpTo(latest);
        recordCopy(System.nanoTime() - start);
        return c;
    }

    private synchronized void recordCopy(long nanos) {
        for (long[] p : open.values()) {
            p[1]++;
            p[2] += nanos;
            if (nanos > p[3]) {
                p[3] = nanos;
            }
        }
    }

    /** Called by a capture's writer once it has written {@code v}. */
    public void written(MutableValue v, long generation) {
        if (oldestOpen == generation) {
            v.freeUpTo(generation);
        }
    }

    /** How many captures are open. */
    public synchronized int openCount() {
        return open.size();
    }
}
