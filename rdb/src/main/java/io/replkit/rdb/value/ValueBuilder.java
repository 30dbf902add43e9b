package io.replkit.rdb.value;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ValueVisitor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The visitor that materialises a value into the {@link RdbValue} model. */
public final class ValueBuilder implements ValueVisitor {
    /** Presize lists from the stated count only up to this, so a forged count allocates nothing. */
    private static final int MAX_PRESIZE = 1 << 12;

    private RdbValue result;
    private List<byte[]> bytes;
    private List<ZSetValue.Entry> zentries;
    private List<HashValue.Field> fields;
    private List<StreamValue.Entry> streamEntries;
    private KeyEntry entry;

    @Override
    public void begin(KeyEntry entry, long sizeHint) {
        this.entry = entry;
        int cap = (int) Math.max(4, Math.min(sizeHint, MAX_PRESIZE));
        switch (entry.type().dataType()) {
            case LIST, SET -> bytes = new ArrayList<>(cap);
            case ZSET -> zentries = new ArrayList<>(cap);
            case HASH -> fields = new ArrayList<>(cap);
            case STREAM -> streamEntries = new ArrayList<>(cap);
            default -> { }
        }
    }

    @Override
    public void stringValue(byte[] value) {
        result = new StringValue(value);
    }

    @Override
    public void listElement(byte[] b, int off, int len) {
        bytes.add(Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void setMember(byte[] b, int off, int len) {
        bytes.add(Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void zsetMember(byte[] b, int off, int len, double score) {
        zentries.add(new ZSetValue.Entry(Arrays.copyOfRange(b, off, off + len), score));
    }

    @Override
    public void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
        fields.add(new HashValue.Field(Arrays.copyOfRange(f, foff, foff + flen), Arrays.copyOfRange(v, voff, voff + vlen), expireAtMs));
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        streamEntries.add(new StreamValue.Entry(id, fieldsAndValues));
    }

    @Override
    public void streamMetadata(StreamMetadata metadata) {
        result = new StreamValue(streamEntries, metadata);
    }

    @Override
    public void moduleValue(io.replkit.rdb.ModuleTypeId type) {
        result = new ModuleValue(type);
    }

    @Override
    public void end() {
        switch (entry.type().dataType()) {
            case LIST -> result = new ListValue(bytes);
            case SET -> result = new SetValue(bytes);
            case ZSET -> result = new ZSetValue(zentries);
            case HASH -> result = new HashValue(fields);
            default -> { }
        }
    }

    public RdbValue result() {
        return result;
    }
}
