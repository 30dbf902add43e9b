package io.replkit.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one key as a JSON object in the shape of the fixture manifests' {@code keys} entries:
 * {@code db, key, type, expire_ms, value, field_expires_ms, lfu_freq, lru_idle_s, stream}, values
 * in canonical order (set members and hash fields by raw bytes, zset by score then member), plus
 * {@code rdb_type}, the RDB encoding the file used.
 */
public final class KeyJsonWriter {
    private static final double MAX_EXACT_INT = 9007199254740992.0; // 2^53

    private final JsonBytes bytes = new JsonBytes();

    public void write(JsonGenerator g, KeyEntry k, RdbValue v) throws IOException {
        g.writeStartObject();
        g.writeNumberField("db", k.db());
        g.writeFieldName("key");
        bytes.write(g, k.key());
        g.writeStringField("type", v instanceof ModuleValue m ? m.moduleType().name() : k.type().dataType().typeName());
        g.writeFieldName("expire_ms");
        if (k.hasExpiry()) {
            g.writeNumber(k.expireAtMs());
        } else {
            g.writeNull();
        }
        g.writeFieldName("value");
        if (v instanceof HashValue h) {
            List<HashValue.Field> fields = h.fields();
            int[] order = fieldOrder(fields);
            writeHash(g, fields, order);
            writeFieldExpires(g, fields, order);
        } else {
            writeValue(g, v);
        }
        if (k.lfuFreq() >= 0) {
            g.writeNumberField("lfu_freq", k.lfuFreq());
        }
        if (k.idleSeconds() >= 0) {
            g.writeNumberField("lru_idle_s", k.idleSeconds());
        }
        if (v instanceof StreamValue s) {
            writeStreamMetadata(g, s.metadata());
        }
        g.writeStringField("rdb_type", k.type().rdbName());
        g.writeEndObject();
    }

    private void writeValue(JsonGenerator g, RdbValue v) throws IOException {
        if (v instanceof StringValue s) {
            bytes.write(g, s.bytes());
        } else if (v instanceof ListValue l) {
            g.writeStartArray();
            for (byte[] e : l.elements()) {
                bytes.write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof SetValue s) {
            byte[][] members = s.members().toArray(new byte[0][]);
            g.writeStartArray();
            for (int i : ByteOrderSort.order(members)) {
                bytes.write(g, members[i]);
            }
            g.writeEndArray();
        } else if (v instanceof ZSetValue z) {
            List<ZSetValue.Entry> sorted = new ArrayList<>(z.entries());
            sorted.sort(KeyJsonWriter::byScoreThenMember);
            g.writeStartArray();
            for (ZSetValue.Entry e : sorted) {
                g.writeStartArray();
                bytes.write(g, e.member());
                writeScore(g, e.score());
                g.writeEndArray();
            }
            g.writeEndArray();
        } else if (v instanceof HashValue h) {
            writeHash(g, h.fields(), fieldOrder(h.fields()));
        } else if (v instanceof StreamValue s) {
            g.writeStartArray();
            for (StreamValue.Entry e : s.entries()) {
                g.writeStartObject();
                g.writeStringField("id", e.id().toString());
                g.writeArrayFieldStart("fields");
                byte[][] fv = e.fieldsAndValues();
                for (int i = 0; i + 1 < fv.length; i += 2) {
                    g.writeStartArray();
                    bytes.write(g, fv[i]);
                    bytes.write(g, fv[i + 1]);
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (v instanceof ModuleValue m) {
            g.writeStartObject();
            g.writeStringField("module", m.moduleType().name());
            g.writeNumberField("encver", m.moduleType().encodingVersion());
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException(String.valueOf(v));
        }
    }

    /** Redis's order: score, then member bytes; -0 ties with 0 (hence the + 0.0). */
    private static int byScoreThenMember(ZSetValue.Entry a, ZSetValue.Entry b) {
        int c = Double.compare(a.score() + 0.0, b.score() + 0.0);
        return c != 0 ? c : Arrays.compareUnsigned(a.member(), b.member());
    }

    /** The fields' canonical (byte) order, as indexes. */
    private static int[] fieldOrder(List<HashValue.Field> fields) {
        byte[][] names = new byte[fields.size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = fields.get(i).field();
        }
        return ByteOrderSort.order(names);
    }

    private void writeHash(JsonGenerator g, List<HashValue.Field> fields, int[] order) throws IOException {
        g.writeStartArray();
        for (int i : order) {
            HashValue.Field f = fields.get(i);
            g.writeStartArray();
            bytes.write(g, f.field());
            bytes.write(g, f.value());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private void writeFieldExpires(JsonGenerator g, List<HashValue.Field> fields, int[] order) throws IOException {
        g.writeArrayFieldStart("field_expires_ms");
        for (int i : order) {
            HashValue.Field f = fields.get(i);
            if (f.hasExpiry()) {
                g.writeStartArray();
                bytes.write(g, f.field());
                g.writeNumber(f.expireAtMs());
                g.writeEndArray();
            }
        }
        g.writeEndArray();
    }

    /** Integral scores below 2^53 as JSON integers, infinities as strings, the rest as doubles. */
    static void writeScore(JsonGenerator g, double d) throws IOException {
        if (Double.isInfinite(d)) {
            g.writeString(d > 0 ? "inf" : "-inf");
        } else if (Double.isNaN(d)) {
            g.writeString("nan");
        } else if (d == Math.rint(d) && Math.abs(d) < MAX_EXACT_INT) {
            g.writeNumber((long) d);
        } else {
            g.writeNumber(d);
        }
    }

    private void writeStreamMetadata(JsonGenerator g, StreamMetadata m) throws IOException {
        g.writeObjectFieldStart("stream");
        g.writeNumberField("length", m.length());
        g.writeStringField("last-generated-id", m.lastId().toString());
        if (m.maxDeletedId() != null) {
            g.writeStringField("max-deleted-entry-id", m.maxDeletedId().toString());
        }
        if (m.entriesAdded() != null) {
            g.writeNumberField("entries-added", m.entriesAdded());
        }
        if (m.firstId() != null) {
            g.writeStringField("recorded-first-entry-id", m.firstId().toString());
        }
        g.writeArrayFieldStart("groups");
        for (StreamMetadata.Group grp : m.groups()) {
            Map<StreamId, byte[]> owner = new HashMap<>();
            Map<StreamId, StreamMetadata.PendingEntry> byId = new HashMap<>();
            for (StreamMetadata.PendingEntry p : grp.pending()) {
                byId.put(p.id(), p);
            }
            for (StreamMetadata.Consumer c : grp.consumers()) {
                for (StreamId id : c.pending()) {
                    owner.put(id, c.name());
                }
            }
            g.writeStartObject();
            g.writeFieldName("name");
            bytes.write(g, grp.name());
            g.writeStringField("last-delivered-id", grp.lastDeliveredId().toString());
            if (grp.entriesRead() != null) {
                g.writeFieldName("entries-read");
                if (grp.entriesRead() < 0) {
                    g.writeNull();
                } else {
                    g.writeNumber(grp.entriesRead());
                }
            }
            g.writeNumberField("pel-count", grp.pending().size());
            g.writeArrayFieldStart("pending");
            for (StreamMetadata.PendingEntry p : grp.pending()) {
                g.writeStartObject();
                g.writeStringField("id", p.id().toString());
                g.writeFieldName("consumer");
                byte[] o = owner.get(p.id());
                if (o == null) {
                    g.writeNull();
                } else {
                    bytes.write(g, o);
                }
                g.writeNumberField("delivery_time", p.deliveryTimeMs());
                g.writeNumberField("delivery_count", p.deliveryCount());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("consumers");
            for (StreamMetadata.Consumer c : grp.consumers()) {
                g.writeStartObject();
                g.writeFieldName("name");
                bytes.write(g, c.name());
                g.writeNumberField("seen-time", c.seenTimeMs());
                if (c.activeTimeMs() != null) {
                    g.writeNumberField("active-time", c.activeTimeMs());
                }
                g.writeNumberField("pel-count", c.pending().size());
                g.writeArrayFieldStart("pending");
                for (StreamId id : c.pending()) {
                    StreamMetadata.PendingEntry p = byId.get(id);
                    g.writeStartObject();
                    g.writeStringField("id", id.toString());
                    if (p != null) {
                        g.writeNumberField("delivery_time", p.deliveryTimeMs());
                        g.writeNumberField("delivery_count", p.deliveryCount());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
