package io.replkit.cli.rdbfile.diff;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleTypeId;
import io.replkit.rdb.ValueVisitor;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;

/**
 * Streams a value into one 64-bit digest of what it means, not how it is stored: its type,
 * expiry, and content, with sets, hashes and sorted sets hashed order-insensitively (a sum of
 * element hashes) and lists and streams in order. Two keys with equal content have equal
 * digests whatever their encodings (unless {@code withEncoding}); unequal digests are checked
 * in detail by {@link ValueComparison}, which also decides fields older formats do not store.
 */
final class ValueHasher implements ValueVisitor {
    private final boolean withEncoding;
    private long ordered;
    private long unordered;
    private long digest;

    ValueHasher(boolean withEncoding) {
        this.withEncoding = withEncoding;
    }

    /** The digest of the last value visited. */
    long digest() {
        return digest;
    }

    /** Visits the entry's value and returns its digest. */
    long digest(KeyEntry k) throws java.io.IOException {
        k.accept(this);
        return digest;
    }

    @Override
    public void begin(KeyEntry entry, long sizeHint) {
        ordered = Hash64.step(entry.type().dataType().ordinal(), entry.expireAtMs());
        if (withEncoding) {
            ordered = Hash64.step(ordered, entry.type().code() + 1000L);
        }
        unordered = 0;
    }

    @Override
    public void stringValue(byte[] value) {
        ordered = Hash64.step(ordered, Hash64.of(value));
    }

    @Override
    public void listElement(byte[] b, int off, int len) {
        ordered = Hash64.step(ordered, Hash64.of(b, off, len));
    }

    @Override
    public void setMember(byte[] b, int off, int len) {
        unordered += Hash64.mix(Hash64.of(b, off, len));
    }

    @Override
    public void zsetMember(byte[] b, int off, int len, double score) {
        unordered += Hash64.step(Hash64.of(b, off, len), Double.doubleToLongBits(score + 0.0));
    }

    @Override
    public void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
        long h = Hash64.step(Hash64.of(f, foff, flen), Hash64.of(v, voff, vlen));
        unordered += Hash64.step(h, expireAtMs < 0 ? -1 : expireAtMs);
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        long h = Hash64.step(Hash64.step(id.ms(), id.seq()), fieldsAndValues.length);
        for (byte[] b : fieldsAndValues) {
            h = Hash64.step(h, Hash64.of(b));
        }
        ordered = Hash64.step(ordered, h);
    }

    @Override
    public void streamMetadata(StreamMetadata m) {
        long h = Hash64.step(m.length(), id(m.lastId()));
        h = Hash64.step(h, id(m.firstId()));
        h = Hash64.step(h, id(m.maxDeletedId()));
        h = Hash64.step(h, m.entriesAdded() == null ? -2 : m.entriesAdded());
        for (StreamMetadata.Group g : m.groups()) {
            h = Hash64.step(h, Hash64.of(g.name()));
            h = Hash64.step(h, id(g.lastDeliveredId()));
            h = Hash64.step(h, g.entriesRead() == null ? -2 : g.entriesRead());
            for (StreamMetadata.PendingEntry p : g.pending()) {
                h = Hash64.step(Hash64.step(h, id(p.id())), Hash64.step(p.deliveryTimeMs(), p.deliveryCount()));
            }
            for (StreamMetadata.Consumer c : g.consumers()) {
                h = Hash64.step(Hash64.step(h, Hash64.of(c.name())), c.seenTimeMs());
                h = Hash64.step(h, c.activeTimeMs() == null ? -2 : c.activeTimeMs());
                for (StreamId p : c.pending()) {
                    h = Hash64.step(h, id(p));
                }
            }
        }
        ordered = Hash64.step(ordered, h);
    }

    private static long id(StreamId id) {
        return id == null ? -2 : Hash64.step(id.ms(), id.seq());
    }

    @Override
    public void moduleValue(ModuleTypeId type) {
        ordered = Hash64.step(ordered, type.id());
    }

    @Override
    public void end() {
        digest = Hash64.step(ordered, unordered);
    }
}
