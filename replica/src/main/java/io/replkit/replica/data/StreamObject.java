package io.replkit.replica.data;

import io.replkit.rdb.value.StreamId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream: entries by id, the counters Redis keeps beside them (last id, entries added, max
 * deleted id; the first id is derived from the entries), and consumer groups with their pending
 * entries lists and consumers.
 */
public final class StreamObject extends MutableValue {
    /** Orders names as a rax does: unsigned bytes, shorter first on a common prefix. */
    public static final Comparator<byte[]> NAME_ORDER = Arrays::compareUnsigned;

    private final TreeMap<StreamId, byte[][]> entries = new TreeMap<>();
    private StreamId lastId = StreamId.ZERO;
    private StreamId maxDeletedId = StreamId.ZERO;
    private long entriesAdded;
    private final TreeMap<byte[], Group> groups = new TreeMap<>(NAME_ORDER);

    /** A consumer group. {@code entriesRead} is -1 when unknown ({@code SCG_INVALID_ENTRIES_READ}). */
    public static final class Group {
        public final byte[] name;
        public StreamId lastId;
        public long entriesRead;
        public final TreeMap<StreamId, Pending> pel = new TreeMap<>();
        public final TreeMap<byte[], Consumer> consumers = new TreeMap<>(NAME_ORDER);

        public Group(byte[] name, StreamId lastId, long entriesRead) {
            this.name = name;
            this.lastId = lastId;
            this.entriesRead = entriesRead;
        }

        /** The consumer, created (with {@code now} as its seen and active time) when absent. */
        public Consumer consumer(byte[] consumerName, long now) {
            return consumers.computeIfAbsent(consumerName, n -> new Consumer(n, now, -1));
        }

        /** Removes a consumer and its pending entries from the group's PEL ({@code streamDelConsumer}). */
        public Consumer removeConsumer(byte[] consumerName) {
            Consumer c = consumers.remove(consumerName);
            if (c != null) {
                for (StreamId id : c.pel.keySet()) {
                    pel.remove(id);
                }
            }
            return c;
        }
    }

    /** A pending entry: delivered to {@code consumer}, not yet acknowledged. */
    public static final class Pending {
        public long deliveryTime;
        public long deliveryCount;
        public Consumer consumer;

        public Pending(long deliveryTime, long deliveryCount) {
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }
    }

    /** A consumer; {@code activeTime} is -1 when never active (or unknown, before RDB 11). */
    public static final class Consumer {
        public final byte[] name;
        public long seenTime;
        public long activeTime;
        public final TreeMap<StreamId, Pending> pel = new TreeMap<>();

        public Consumer(byte[] name, long seenTime, long activeTime) {
            this.name = name;
            this.seenTime = seenTime;
            this.activeTime = activeTime;
        }
    }

    public int length() {
        return entries.size();
    }

    public TreeMap<StreamId, byte[][]> entries() {
        return entries;
    }

    public StreamId lastId() {
        return lastId;
    }

    public void setLastId(StreamId id) {
        lastId = id;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public void setMaxDeletedId(StreamId id) {
        maxDeletedId = id;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    public void setEntriesAdded(long n) {
        entriesAdded = n;
    }

    /** The first live entry's id, 0-0 when empty. */
    public StreamId firstId() {
        return entries.isEmpty() ? StreamId.ZERO : entries.firstKey();
    }

    public Map<byte[], Group> groups() {
        return groups;
    }

    /** Appends an entry whose id is above {@link #lastId()}; counts it in entries-added. */
    public void append(StreamId id, byte[][] fieldsAndValues) {
        entries.put(id, fieldsAndValues);
        lastId = id;
        entriesAdded++;
    }

    /** Puts an entry as loaded from a snapshot (counters come separately). */
    public void load(StreamId id, byte[][] fieldsAndValues) {
        entries.put(id, fieldsAndValues);
    }

    /** XDEL of one id; returns whether it existed. */
    public boolean delete(StreamId id) {
        if (entries.remove(id) == null) {
            return false;
        }
        if (id.compareTo(maxDeletedId) > 0) {
            maxDeletedId = id;
        }
        return true;
    }

    /** Exact MAXLEN trim; returns entries removed. */
    public long trimToLength(long maxLen, long limit) {
        long deleted = 0;
        while (entries.size() > maxLen && (limit == 0 || deleted < limit)) {
            entries.pollFirstEntry();
            deleted++;
        }
        return deleted;
    }

    /** Exact MINID trim: removes entries below {@code minId}; returns how many. */
    public long trimToMinId(StreamId minId, long limit) {
        long deleted = 0;
        while (!entries.isEmpty() && entries.firstKey().compareTo(minId) < 0 && (limit == 0 || deleted < limit)) {
            entries.pollFirstEntry();
            deleted++;
        }
        return deleted;
    }

    @Override
    public StreamObject copy() {
        StreamObject s = new StreamObject();
        s.entries.putAll(entries);
        s.lastId = lastId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        for (Group g : groups.values()) {
            Group ng = new Group(g.name, g.lastId, g.entriesRead);
            for (Consumer c : g.consumers.values()) {
                Consumer nc = new Consumer(c.name, c.seenTime, c.activeTime);
                ng.consumers.put(c.name, nc);
            }
            for (Map.Entry<StreamId, Pending> e : g.pel.entrySet()) {
                Pending p = e.getValue();
                Pending np = new Pending(p.deliveryTime, p.deliveryCount);
                if (p.consumer != null) {
                    np.consumer = ng.consumers.get(p.consumer.name);
                    np.consumer.pel.put(e.getKey(), np);
                }
                ng.pel.put(e.getKey(), np);
            }
            s.groups.put(ng.name, ng);
        }
        return s;
    }
}
