package io.replkit.replica.data;

import java.util.Arrays;

/**
 * A hash with optional per-field expiry (Redis 7.4+): field/value pairs in one array while small
 * (like a listpack, in insertion order), a {@link BytesTable} when it grows past
 * {@link #MAX_PACKED} fields or holds a value longer than {@link #MAX_PACKED_VALUE} bytes.
 */
public final class HashObject extends MutableValue {
    /** No TTL on a field. */
    public static final long NO_EXPIRY = 0;
    static final int MAX_PACKED = 128;
    static final int MAX_PACKED_VALUE = 64;

    /** field, value, field, value, ... */
    private byte[][] packed;
    private long[] packedTtl;
    private int packedSize;
    private BytesTable table;

    public HashObject(int expected) {
        if (expected > MAX_PACKED) {
            table = new BytesTable(true, true, expected);
        } else {
            packed = new byte[Math.max(2, expected) * 2][];
        }
    }

    public int size() {
        return table != null ? table.size() : packedSize;
    }

    private int packedIndex(byte[] f) {
        for (int i = 0; i < packedSize; i++) {
            if (Arrays.equals(packed[2 * i], f)) {
                return i;
            }
        }
        return -1;
    }

    public byte[] get(byte[] f) {
        if (table != null) {
            return (byte[]) table.get(f);
        }
        int i = packedIndex(f);
        return i < 0 ? null : packed[2 * i + 1];
    }

    public boolean contains(byte[] f) {
        return table != null ? table.contains(f) : packedIndex(f) >= 0;
    }

    /**
     * Sets a field; returns whether it was new. Like {@code hashTypeSet}, overwriting a value
     * removes the field's TTL.
     */
    public boolean put(byte[] f, byte[] v) {
        if (table == null && (v.length > MAX_PACKED_VALUE || f.length > MAX_PACKED_VALUE
                || (packedSize >= MAX_PACKED && packedIndex(f) < 0))) {
            convert();
        }
        if (table != null) {
            int s = table.insert(f, NO_EXPIRY);
            boolean isNew = table.lastInserted();
            table.setValueAt(s, v);
            table.setAuxAt(s, NO_EXPIRY);
            return isNew;
        }
        int i = packedIndex(f);
        if (i >= 0) {
            packed[2 * i + 1] = v;
            if (packedTtl != null) {
                packedTtl[i] = NO_EXPIRY;
            }
            return false;
        }
        if (2 * packedSize == packed.length) {
            packed = Arrays.copyOf(packed, packed.length * 2);
            if (packedTtl != null) {
                packedTtl = Arrays.copyOf(packedTtl, packed.length / 2);
            }
        }
        packed[2 * packedSize] = f;
        packed[2 * packedSize + 1] = v;
        packedSize++;
        return true;
    }

    private void convert() {
        table = new BytesTable(true, true, packedSize * 2);
        for (int i = 0; i < packedSize; i++) {
            int s = table.insert(packed[2 * i], NO_EXPIRY);
            table.setValueAt(s, packed[2 * i + 1]);
            table.setAuxAt(s, packedTtl == null ? NO_EXPIRY : packedTtl[i]);
        }
        packed = null;
        packedTtl = null;
        packedSize = 0;
    }

    public boolean remove(byte[] f) {
        if (table != null) {
            return table.remove(f);
        }
        int i = packedIndex(f);
        if (i < 0) {
            return false;
        }
        int last = packedSize - 1;
        System.arraycopy(packed, 2 * (i + 1), packed, 2 * i, 2 * (last - i));
        packed[2 * last] = null;
        packed[2 * last + 1] = null;
        if (packedTtl != null) {
            System.arraycopy(packedTtl, i + 1, packedTtl, i, last - i);
            packedTtl[last] = NO_EXPIRY;
        }
        packedSize--;
        return true;
    }

    /** The field's absolute expiry in ms, {@link #NO_EXPIRY} when none; -1 when the field is absent. */
    public long expireAt(byte[] f) {
        if (table != null) {
            int s = table.find(f);
            return s < 0 ? -1 : table.auxAt(s);
        }
        int i = packedIndex(f);
        return i < 0 ? -1 : packedTtl == null ? NO_EXPIRY : packedTtl[i];
    }

    /** Sets (or with {@link #NO_EXPIRY} clears) a present field's expiry. */
    public void setExpireAt(byte[] f, long at) {
        if (table != null) {
            int s = table.find(f);
            if (s >= 0) {
                table.setAuxAt(s, at);
            }
            return;
        }
        int i = packedIndex(f);
        if (i < 0) {
            return;
        }
        if (packedTtl == null) {
            if (at == NO_EXPIRY) {
                return;
            }
            packedTtl = new long[packed.length / 2];
        }
        packedTtl[i] = at;
    }

    public boolean hasFieldExpiries() {
        boolean[] any = {false};
        forEach((f, v, t) -> any[0] |= t != NO_EXPIRY);
        return any[0];
    }

    /** A field visitor. */
    public interface FieldConsumer {
        void accept(byte[] field, byte[] value, long expireAt);
    }

    public void forEach(FieldConsumer action) {
        if (table != null) {
            for (int s = 0; s < table.capacity(); s++) {
                byte[] k = table.keyAt(s);
                if (k != null) {
                    action.accept(k, (byte[]) table.valueAt(s), table.auxAt(s));
                }
            }
        } else {
            for (int i = 0; i < packedSize; i++) {
                action.accept(packed[2 * i], packed[2 * i + 1], packedTtl == null ? NO_EXPIRY : packedTtl[i]);
            }
        }
    }

    @Override
    public HashObject copy() {
        HashObject c = new HashObject(0);
        if (table != null) {
            c.packed = null;
            c.table = table.copy();
        } else {
            c.packed = packed.clone();
            c.packedTtl = packedTtl == null ? null : packedTtl.clone();
            c.packedSize = packedSize;
        }
        return c;
    }

    /** Whether the fields live in a hash table (else a packed array, returned whole by HSCAN). */
    public boolean isTable() {
        return table != null;
    }

    /** One HSCAN step over a table-backed hash; returns the next cursor (0 when done). */
    public long scanStep(long cursor, FieldConsumer action) {
        BytesTable t = table;
        return t.scanBucket(cursor, s -> action.accept(t.keyAt(s), (byte[]) t.valueAt(s), t.auxAt(s)));
    }
}
