package io.replkit.replica.load;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleTypeId;
import io.replkit.rdb.RdbFormatException;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.ValueVisitor;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.EncodingRules;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.ModuleObject;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.StreamObject;
import io.replkit.replica.data.Strings;
import io.replkit.replica.data.ZSetObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a {@link Dataset} from an RDB stream, value by value through a {@link ValueVisitor} (so
 * a big value is never materialised twice), keeping the {@code repl-id}/{@code repl-offset} aux
 * fields.
 */
public final class SnapshotLoader implements ValueVisitor {
    private final Dataset dataset;
    private final EncodingRules rules;
    private String replId;
    private long replOffset = -1;
    private int replStreamDb = -1;
    private long keys;

    private Object value;
    private KeyEntry entry;
    private String problem;

    public SnapshotLoader(Dataset dataset) {
        this(dataset, EncodingRules.REDIS_7);
    }

    /** @param rules the loading server's encoding rules (they decide how small sorted sets are held) */
    public SnapshotLoader(Dataset dataset, EncodingRules rules) {
        this.dataset = dataset;
        this.rules = rules;
    }

    /** Reads every record of {@code reader} into the dataset (whose databases must be empty). */
    public static SnapshotLoader load(RdbReader reader, Dataset into) throws IOException {
        return load(reader, into, EncodingRules.REDIS_7);
    }

    public static SnapshotLoader load(RdbReader reader, Dataset into, EncodingRules rules) throws IOException {
        SnapshotLoader l = new SnapshotLoader(into, rules);
        l.readAll(reader);
        return l;
    }

    public void readAll(RdbReader reader) throws IOException {
        for (RdbRecord rec; (rec = reader.next()) != null; ) {
            if (rec instanceof KeyEntry k) {
                if (k.db() >= dataset.databases()) {
                    throw new RdbFormatException("key in database " + k.db() + " but the replica has "
                        + dataset.databases() + " databases", k.offset());
                }
                value = null;
                k.accept(this);
                if (problem != null) {
                    throw new RdbFormatException(problem + " in " + k.describe(), k.offset());
                }
                Db db = dataset.db(k.db());
                db.putWithExpiry(k.key(), value, k.hasExpiry() ? k.expireAtMs() : Db.NO_EXPIRY);
                keys++;
            } else if (rec instanceof FunctionLibrary f) {
                dataset.putFunctionLibrary(f.code());
            } else if (rec instanceof AuxField a) {
                if (a.name().equals("repl-id")) {
                    replId = a.valueAsString();
                } else if (a.name().equals("repl-offset")) {
                    replOffset = parseAux(a, -1, Long.MAX_VALUE);
                } else if (a.name().equals("repl-stream-db")) {
                    replStreamDb = (int) parseAux(a, 0, dataset.databases() - 1);
                }
            }
        }
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The snapshot's {@code repl-id} aux field, or null. */
    public String replId() {
        return replId;
    }

    /** The snapshot's {@code repl-offset} aux field, or -1. */
    public long replOffset() {
        return replOffset;
    }

    /** The snapshot's {@code repl-stream-db} aux field (the database the stream had selected), or -1. */
    public int replStreamDb() {
        return replStreamDb;
    }

    private static long parseAux(AuxField a, long min, long max) throws RdbFormatException {
        String text = a.valueAsString();
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            v = min - 1;
        }
        if (v < min || v > max) {
            throw new RdbFormatException("aux field " + a.name() + " is \"" + text + "\", expected an integer " + min
                + ".." + max, a.offset());
        }
        return v;
    }

    public long keysLoaded() {
        return keys;
    }

    // ---------------------------------------------------------------- ValueVisitor

    @Override
    public void begin(KeyEntry e, long sizeHint) {
        entry = e;
        int hint = (int) Math.max(0, Math.min(sizeHint, 1 << 16));
        switch (e.type().dataType()) {
            case LIST -> value = new ListObject(hint);
            case SET -> value = new SetObject(hint);
            case ZSET -> value = new ZSetObject();
            case HASH -> value = new HashObject(hint);
            case STREAM -> value = new StreamObject();
            default -> { }
        }
    }

    @Override
    public void end() {
        if (value instanceof ZSetObject z) {
            // rdbLoadObject: listpack/ziplist sets stay packed unless too long; skiplists are
            // converted to listpacks when small (which rewrites their scores)
            String rdbName = entry.type().rdbName();
            if (rdbName.contains("ZIPLIST") || rdbName.contains("LISTPACK")) {
                z.setPacked(z.size() <= rules.zsetMaxListpackEntries());
            } else {
                z.setPacked(false);
                z.convertIfSmall(rules);
            }
        }
    }

    @Override
    public void stringValue(byte[] v) {
        value = Strings.compact(v);
    }

    @Override
    public void listElement(byte[] b, int off, int len) {
        ((ListObject) value).addLast(Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void setMember(byte[] b, int off, int len) {
        ((SetObject) value).add(Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void zsetMember(byte[] b, int off, int len, double score) {
        ((ZSetObject) value).put(Arrays.copyOfRange(b, off, off + len), score);
    }

    @Override
    public void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
        HashObject h = (HashObject) value;
        byte[] field = Arrays.copyOfRange(f, foff, foff + flen);
        h.put(field, Arrays.copyOfRange(v, voff, voff + vlen));
        if (expireAtMs != NO_EXPIRY && expireAtMs != 0) {
            h.setExpireAt(field, expireAtMs);
        }
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        ((StreamObject) value).load(id, fieldsAndValues);
    }

    @Override
    public void streamMetadata(StreamMetadata m) {
        StreamObject s = (StreamObject) value;
        s.setLastId(m.lastId());
        s.setMaxDeletedId(m.maxDeletedId() == null ? StreamId.ZERO : m.maxDeletedId());
        s.setEntriesAdded(m.entriesAdded() == null ? m.length() : m.entriesAdded());
        for (StreamMetadata.Group g : m.groups()) {
            StreamObject.Group group = new StreamObject.Group(g.name(), g.lastDeliveredId(),
                g.entriesRead() == null ? -1 : g.entriesRead());
            for (StreamMetadata.PendingEntry p : g.pending()) {
                group.pel.put(p.id(), new StreamObject.Pending(p.deliveryTimeMs(), p.deliveryCount()));
            }
            for (StreamMetadata.Consumer c : g.consumers()) {
                StreamObject.Consumer consumer = new StreamObject.Consumer(c.name(), c.seenTimeMs(),
                    c.activeTimeMs() == null ? -1 : c.activeTimeMs());
                for (StreamId id : c.pending()) {
                    StreamObject.Pending p = group.pel.get(id);
                    if (p == null) {
                        // the visitor cannot throw checked exceptions: readAll raises it after the value
                        problem = "consumer \"" + new String(c.name(), StandardCharsets.UTF_8)
                            + "\" has pending id " + id + " that is not in its group's PEL";
                        continue;
                    }
                    p.consumer = consumer;
                    consumer.pel.put(id, p);
                }
                group.consumers.put(consumer.name, consumer);
            }
            s.groups().put(group.name, group);
        }
    }

    @Override
    public void moduleValue(ModuleTypeId type) {
        value = new ModuleObject(type.name());
    }
}
