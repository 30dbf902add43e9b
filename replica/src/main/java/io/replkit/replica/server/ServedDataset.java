package io.replkit.replica.server;

import io.replkit.replica.data.Dataset;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The dataset the server reads, with the read side of the lock its writer holds while changing it.
 *
 * <p>Locking scheme: the applier ({@code CommandApplier}) owns a {@link ReentrantReadWriteLock} and
 * takes its write side around each command it applies, and around a whole MULTI ... EXEC block.
 * Every client command (and a client's EXEC as a whole) runs under the read side, so a reader sees
 * a command's effect entirely or not at all, and a transaction as a unit; readers run in parallel
 * with each other, and a long read (KEYS *) delays applying, as it would on Redis. A full resync
 * builds a new dataset with a new applier, out of sight, then {@link #replace}s the {@link View}
 * (dataset and lock together) in one volatile write: commands already running finish on the old
 * dataset, which nothing changes any more; the next command sees the new one.
 */
public final class ServedDataset {
    /** A dataset and the read lock that guards it. */
    public record View(Dataset dataset, Lock readLock) {
    }

    private volatile View view;

    /** A dataset nobody writes to (or whose writer uses its own lock: see {@link #ServedDataset(Dataset, Lock)}). */
    public ServedDataset(Dataset initial) {
        this(initial, new ReentrantReadWriteLock().readLock());
    }

    public ServedDataset(Dataset initial, Lock readLock) {
        this.view = new View(initial, readLock);
    }

    /** The current dataset and its lock: take the lock, read, release; keep the view for the whole command. */
    public View view() {
        return view;
    }

    /** Serves {@code next}, guarded by {@code readLock}, from the next command on. */
    public void replace(Dataset next, Lock readLock) {
        this.view = new View(next, readLock);
    }
}
