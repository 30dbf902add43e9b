package io.replkit.rdb.write;

import io.replkit.rdb.RdbType;
import io.replkit.rdb.encoding.ListpackWriter;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes stream values (types 15, 19 and 21, {@code rdbSaveObject} OBJ_STREAM). The entries are
 * packed into listpack nodes as {@code streamAppendItem} would have built them with the configured
 * {@code stream-node-max-bytes} / {@code -entries}: a master entry with the first entry's fields,
 * entries flagged SAMEFIELDS when their fields match it. Deleted entries are not kept by the
 * reader, so nodes hold live entries only. Metadata missing from older formats is filled in the
 * way the server's loader fills it (first id from the data, or the maximal id for an empty stream, max deleted id 0-0, entries added =
 * length, group entries-read estimated, consumer active time = seen time).
 */
final class StreamEncoder {
    private static final int FLAG_NONE = 0, FLAG_SAMEFIELDS = 2;
    /** {@code SCG_INVALID_ENTRIES_READ}. */
    private static final long INVALID_ENTRIES_READ = -1;
    /** {@code UINT64_MAX-UINT64_MAX}. */
    private static final StreamId MAX_ID = new StreamId(-1L, -1L);

    private final RdbWriterOptions options;
    private final ListpackWriter lp;
    private final byte[] masterKey = new byte[16];
    private int[] nodeCounts = new int[16];

    StreamEncoder(RdbWriterOptions options, ListpackWriter lp) {
        this.options = options;
        this.lp = lp;
    }

    void write(RdbOutput out, RdbType type, StreamValue s) throws IOException {
        int version = type == RdbType.STREAM_LISTPACKS ? 1 : type == RdbType.STREAM_LISTPACKS_2 ? 2 : 3;
        List<StreamValue.Entry> entries = s.entries();
        int nodes = splitNodes(entries);
        out.writeLength(nodes);
        int next = 0;
        for (int n = 0; n < nodes; n++) {
            int count = nodeCounts[n];
            StreamId master = entries.get(next).id();
            encodeNode(entries, next, count);
            encodeId(master);
            out.writeString(masterKey, 0, masterKey.length);
            out.writeString(lp.array(), 0, lp.finish());
            next += count;
        }

        StreamMetadata meta = s.metadata();
        StreamId lastId = meta != null && meta.lastId() != null ? meta.lastId()
            : entries.isEmpty() ? StreamId.ZERO : entries.get(entries.size() - 1).id();
        long length = entries.size();
        // Like the loader of type 15 (streamGetEdgeID): the first entry, or the maximal id when there is none.
        StreamId firstId = meta != null && meta.firstId() != null ? meta.firstId()
            : entries.isEmpty() ? MAX_ID : entries.get(0).id();
        StreamId maxDeleted = meta != null && meta.maxDeletedId() != null ? meta.maxDeletedId() : StreamId.ZERO;
        long entriesAdded = meta != null && meta.entriesAdded() != null ? meta.entriesAdded() : length;

        out.writeLength(length);
        writeIdLengths(out, lastId);
        if (version >= 2) {
            writeIdLengths(out, firstId);
            writeIdLengths(out, maxDeleted);
            out.writeLength(entriesAdded);
        }
        List<StreamMetadata.Group> groups = meta == null ? List.of() : meta.groups();
        out.writeLength(groups.size());
        for (StreamMetadata.Group g : groups) {
            out.writeString(g.name());
            writeIdLengths(out, g.lastDeliveredId());
            if (version >= 2) {
                long entriesRead = g.entriesRead() != null ? g.entriesRead()
                    : estimateEntriesRead(g.lastDeliveredId(), length, entriesAdded, lastId, firstId, maxDeleted);
                out.writeLength(entriesRead);
            }
            out.writeLength(g.pending().size());
            for (StreamMetadata.PendingEntry p : g.pending()) {
                out.writeStreamIdRaw(p.id().ms(), p.id().seq());
                out.writeInt64LE(p.deliveryTimeMs());
                out.writeLength(p.deliveryCount());
            }
            out.writeLength(g.consumers().size());
            for (StreamMetadata.Consumer c : g.consumers()) {
                out.writeString(c.name());
                out.writeInt64LE(c.seenTimeMs());
                if (version >= 3) {
                    out.writeInt64LE(c.activeTimeMs() != null ? c.activeTimeMs() : c.seenTimeMs());
                }
                out.writeLength(c.pending().size());
                for (StreamId id : c.pending()) {
                    out.writeStreamIdRaw(id.ms(), id.seq());
                }
            }
        }
    }

    /**
     * Node boundaries, as {@code streamAppendItem} decides them: a new node when the current one's
     * bytes plus the entry's field and value bytes reach stream-node-max-bytes, or it holds
     * stream-node-max-entries entries.
     */
    private int splitNodes(List<StreamValue.Entry> entries) {
        int nodes = 0;
        int inNode = 0;
        byte[][] masterFields = null;
        StreamId master = null;
        for (StreamValue.Entry e : entries) {
            if (inNode > 0) {
                long totelelen = 0;
                for (byte[] b : e.fieldsAndValues()) {
                    totelelen += b.length;
                }
                boolean full = options.streamNodeMaxBytes() > 0 && lp.bytes() + totelelen >= options.streamNodeMaxBytes()
                    || options.streamNodeMaxEntries() > 0 && inNode >= options.streamNodeMaxEntries();
                if (full) {
                    nodes = addNode(nodes, inNode);
                    inNode = 0;
                }
            }
            if (inNode == 0) {
                masterFields = fields(e);
                master = e.id();
                beginNode(masterFields, 1);
            }
            appendEntry(e, master, masterFields);
            inNode++;
        }
        if (inNode > 0) {
            nodes = addNode(nodes, inNode);
        }
        return nodes;
    }

    /** Encodes entries [from, from + count) as one node listpack into {@link #lp}. */
    private void encodeNode(List<StreamValue.Entry> entries, int from, int count) {
        StreamValue.Entry first = entries.get(from);
        byte[][] masterFields = fields(first);
        beginNode(masterFields, count);
        for (int i = from; i < from + count; i++) {
            appendEntry(entries.get(i), first.id(), masterFields);
        }
    }

    /** The master entry: live count, deleted count (0), the master fields, and a 0 terminator. */
    private void beginNode(byte[][] masterFields, int count) {
        lp.reset();
        lp.appendInteger(count).appendInteger(0).appendInteger(masterFields.length);
        for (byte[] f : masterFields) {
            lp.append(f);
        }
        lp.appendInteger(0);
    }

    /** flags, ms and seq deltas, [field count, fields and] values, lp-count. */
    private void appendEntry(StreamValue.Entry e, StreamId master, byte[][] masterFields) {
        byte[][] fv = e.fieldsAndValues();
        int numFields = fv.length / 2;
        boolean same = sameFields(fv, masterFields);
        lp.appendInteger(same ? FLAG_SAMEFIELDS : FLAG_NONE);
        lp.appendInteger(e.id().ms() - master.ms());
        lp.appendInteger(e.id().seq() - master.seq());
        if (!same) {
            lp.appendInteger(numFields);
        }
        for (int f = 0; f < numFields; f++) {
            if (!same) {
                lp.append(fv[2 * f]);
            }
            lp.append(fv[2 * f + 1]);
        }
        lp.appendInteger(same ? numFields + 3 : 2L * numFields + 4);
    }

    private static byte[][] fields(StreamValue.Entry e) {
        byte[][] fv = e.fieldsAndValues();
        byte[][] f = new byte[fv.length / 2][];
        for (int i = 0; i < f.length; i++) {
            f[i] = fv[2 * i];
        }
        return f;
    }

    private static boolean sameFields(byte[][] fv, byte[][] master) {
        if (fv.length / 2 != master.length) {
            return false;
        }
        for (int i = 0; i < master.length; i++) {
            if (!Arrays.equals(fv[2 * i], master[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A group's entries-read where the source format had none (stream type 15), computed as
     * {@code streamEstimateDistanceFromFirstEverEntry} does when the server loads such a group.
     */
    static long estimateEntriesRead(StreamId id, long length, long entriesAdded, StreamId lastId, StreamId firstId,
                                    StreamId maxDeleted) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return INVALID_ENTRIES_READ;
        }
        int cmpFirst = id.compareTo(firstId);
        if (maxDeleted.equals(StreamId.ZERO) || maxDeleted.compareTo(firstId) < 0) {
            if (cmpFirst < 0) {
                return entriesAdded - length;
            } else if (cmpFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return INVALID_ENTRIES_READ;
    }

    private void encodeId(StreamId id) {
        for (int i = 0; i < 8; i++) {
            masterKey[i] = (byte) (id.ms() >>> (56 - 8 * i));
            masterKey[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
    }

    private static void writeIdLengths(RdbOutput out, StreamId id) throws IOException {
        out.writeLength(id.ms());
        out.writeLength(id.seq());
    }

    private int addNode(int nodes, int count) {
        if (nodes == nodeCounts.length) {
            nodeCounts = Arrays.copyOf(nodeCounts, nodes * 2);
        }
        nodeCounts[nodes] = count;
        return nodes + 1;
    }
}
