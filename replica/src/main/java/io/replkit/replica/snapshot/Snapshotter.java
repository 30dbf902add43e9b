package io.replkit.replica.snapshot;

import io.replkit.replica.apply.CommandApplier;
import java.util.function.Supplier;

/**
 * Takes point-in-time snapshots of what start-replica serves while the stream keeps being applied.
 *
 * <p>How: {@link CommandApplier#capture()} takes the applier's write lock between two commands,
 * records the replication id and offset, freezes each database's table (O(1): the table copies
 * its slot arrays before its next change) and copies the function libraries. From then on the
 * applier copies a list, set, sorted set, hash or stream before changing it in place while the
 * capture still needs it (see {@link io.replkit.replica.data.SnapshotEpochs}); strings are never
 * changed in place. The capture is written later, without locks, by whoever holds the
 * {@link DatasetSnapshot}.
 *
 * <p>The applier is looked up at each capture, since a full resync replaces it (and the dataset).
 */
public final class Snapshotter {
    private final Supplier<CommandApplier> applier;
    private CommandApplier counted;
    private long countedBefore;

    /** @param applier the applier currently feeding the served dataset */
    public Snapshotter(Supplier<CommandApplier> applier) {
        this.applier = applier;
    }

    /**
     * Commands applied since this snapshotter was made, across appliers (a full resync, which
     * replaces the applier, counts as one change). For INFO's rdb_changes_since_last_save.
     */
    public synchronized long changesApplied() {
        CommandApplier a = applier.get();
        if (a != counted) {
            if (counted != null) {
                countedBefore += counted.appliedCount() + 1;
            }
            counted = a;
        }
        return countedBefore + a.appliedCount();
    }

    /** Captures the served dataset together with the replication id and offset it reflects (atomically:
     *  never half a command, never inside MULTI/EXEC). Cheap: the stream goes on being applied at once. */
    public DatasetSnapshot capture() {
        long start = System.nanoTime();
        CommandApplier.Capture c = applier.get().capture();
        return new DatasetSnapshot(c, System.nanoTime() - start);
    }
}
