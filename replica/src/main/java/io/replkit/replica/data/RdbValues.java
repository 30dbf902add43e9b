package io.replkit.replica.data;

import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A stored value as the rdb module's {@link RdbValue}, for its writer (DUMP payloads, snapshots).
 * The result refers to the value's element arrays (no bytes are copied); one value at a time.
 */
public final class RdbValues {
    private RdbValues() {
    }

    /**
     * @throws IllegalArgumentException for a {@link ModuleObject}, whose payload is not kept
     */
    public static RdbValue of(Object v) {
        if (v instanceof byte[] || v instanceof Long) {
            return new StringValue(Strings.bytes(v));
        } else if (v instanceof ListObject l) {
            List<byte[]> e = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                e.add(l.get(i));
            }
            return new ListValue(e);
        } else if (v instanceof SetObject s) {
            return new SetValue(Arrays.asList(s.toArray()));
        } else if (v instanceof ZSetObject z) {
            List<ZSetValue.Entry> e = new ArrayList<>(z.size());
            z.forEachInOrder((m, s) -> e.add(new ZSetValue.Entry(m, s)));
            return new ZSetValue(e);
        } else if (v instanceof HashObject h) {
            List<HashValue.Field> f = new ArrayList<>(h.size());
            h.forEach((k, val, t) -> f.add(new HashValue.Field(k, val, t == HashObject.NO_EXPIRY ? -1 : t)));
            return new HashValue(f);
        } else if (v instanceof StreamObject s) {
            return stream(s);
        } else if (v instanceof ModuleObject m) {
            throw new IllegalArgumentException("a module value (type " + m.moduleType()
                + ") cannot be written: this replica does not keep module payloads");
        }
        throw new IllegalArgumentException("not a stored value: " + (v == null ? "null" : v.getClass().getName()));
    }

    private static StreamValue stream(StreamObject s) {
        List<StreamValue.Entry> entries = new ArrayList<>(s.length());
        for (Map.Entry<StreamId, byte[][]> e : s.entries().entrySet()) {
            entries.add(new StreamValue.Entry(e.getKey(), e.getValue()));
        }
        List<StreamMetadata.Group> groups = new ArrayList<>();
        for (StreamObject.Group g : s.groups().values()) {
            List<StreamMetadata.PendingEntry> pel = new ArrayList<>();
            g.pel.forEach((id, p) -> pel.add(new StreamMetadata.PendingEntry(id, p.deliveryTime, p.deliveryCount)));
            List<StreamMetadata.Consumer> consumers = new ArrayList<>();
            for (StreamObject.Consumer c : g.consumers.values()) {
                consumers.add(new StreamMetadata.Consumer(c.name, c.seenTime, c.activeTime,
                        new ArrayList<>(c.pel.keySet())));
            }
            groups.add(new StreamMetadata.Group(g.name, g.lastId, g.entriesRead, pel, consumers));
        }
        StreamMetadata meta = new StreamMetadata(s.length(), s.lastId(), s.firstId(), s.maxDeletedId(),
                s.entriesAdded(), groups);
        return new StreamValue(entries, meta);
    }
}
