package io.replkit.replica.server;

import io.replkit.replica.data.Dataset;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The dataset the server reads, and the lock that keeps reads from seeing half an applied command.
 *
 * <p>Locking scheme: one {@link ReentrantReadWriteLock} for the whole dataset. The applier takes the
 * write lock around each command it applies, and around a whole MULTI ... EXEC block (from MULTI to
 * EXEC, on its one thread); each client command (and a client's EXEC as a whole) runs under the read
 * lock. So a reader sees a command's effect entirely or not at all, and a transaction as a unit.
 * Readers run in parallel with each other; a long read (KEYS *) delays applying, as it would on
 * Redis, whose single thread does both. A full resync builds a new {@link Dataset} without any lock
 * and swaps it in under the write lock with {@link #replace}.
 */
public final class ServedDataset {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Dataset current;

    public ServedDataset(Dataset initial) {
        this.current = initial;
    }

    /** The dataset; read it while holding {@link #readLock()}, change it while holding {@link #writeLock()}. */
    public Dataset current() {
        return current;
    }

    public Lock readLock() {
        return lock.readLock();
    }

    public Lock writeLock() {
        return lock.writeLock();
    }

    /** Atomically replaces the served dataset: readers see the old one until this returns. */
    public void replace(Dataset next) {
        Lock w = lock.writeLock();
        w.lock();
        try {
            current = next;
        } finally {
            w.unlock();
        }
    }
}
