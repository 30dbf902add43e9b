package io.replkit.replica.data;

/**
 * A value the applier changes in place (a list, set, sorted set, hash or stream; strings are
 * immutable arrays and replaced whole). It carries the copy-on-write mark of point-in-time
 * snapshots ({@link SnapshotEpochs}): the newest capture that no longer needs this very object,
 * either because the object was copied after that capture or because that capture's writer has
 * already written it.
 */
public abstract class MutableValue {
    private volatile long freeUpTo;

    /** Captures up to this generation do not need this object; 0 when it may predate any capture. */
    public final long freeUpTo() {
        return freeUpTo;
    }

    /** Marks the object as no longer needed by captures up to {@code generation}. */
    public final void freeUpTo(long generation) {
        if (generation > freeUpTo) {
            freeUpTo = generation;
        }
    }

    /** A copy with the same contents and the same encoding, sharing only the immutable element arrays. */
    public abstract MutableValue copy();
}
