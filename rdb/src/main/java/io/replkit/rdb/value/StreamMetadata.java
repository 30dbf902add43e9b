package io.replkit.rdb.value;

import java.util.List;

/**
 * A stream's state besides its entries. Fields not stored by older formats are null
 * ({@code firstId}, {@code maxDeletedId}, {@code entriesAdded} before RDB type 19).
 */
public record StreamMetadata(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId,
                             Long entriesAdded, List<Group> groups) {

    /** A consumer group; {@code entriesRead} is null before type 19 and -1 when unknown. */
    public record Group(byte[] name, StreamId lastDeliveredId, Long entriesRead,
                        List<PendingEntry> pending, List<Consumer> consumers) {
    }

    /** An entry of a group's pending entries list. */
    public record PendingEntry(StreamId id, long deliveryTimeMs, long deliveryCount) {
    }

    /** A consumer; {@code activeTimeMs} is null before type 21 (STREAM_LISTPACKS_3). */
    public record Consumer(byte[] name, long seenTimeMs, Long activeTimeMs, List<StreamId> pending) {
    }
}
