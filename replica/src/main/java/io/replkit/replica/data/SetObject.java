package io.replkit.replica.data;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A set: a plain array of members while small (like Redis's listpack/intset encodings), a
 * {@link BytesTable} once it has more than {@link #MAX_PACKED} members.
 */
public final class SetObject extends MutableValue {
    static final int MAX_PACKED = 64;

    private byte[][] packed;
    private int packedSize;
    private BytesTable table;

    public SetObject(int expected) {
        if (expected > MAX_PACKED) {
            table = new BytesTable(false, false, expected);
        } else {
            packed = new byte[Math.max(2, expected)][];
        }
    }

    public int size() {
        return table != null ? table.size() : packedSize;
    }

    private int packedIndex(byte[] m) {
        for (int i = 0; i < packedSize; i++) {
            if (Arrays.equals(packed[i], m)) {
                return i;
            }
        }
        return -1;
    }

    public boolean contains(byte[] m) {
        return table != null ? table.contains(m) : packedIndex(m) >= 0;
    }

    /** Adds {@code m}; returns whether it was new. */
    public boolean add(byte[] m) {
        if (table != null) {
            table.insert(m, 0);
            return table.lastInserted();
        }
        if (packedIndex(m) >= 0) {
            return false;
        }
        if (packedSize == MAX_PACKED) {
            table = new BytesTable(false, false, MAX_PACKED * 2);
            for (int i = 0; i < packedSize; i++) {
                table.insert(packed[i], 0);
            }
            packed = null;
            packedSize = 0;
            table.insert(m, 0);
            return true;
        }
        if (packedSize == packed.length) {
            packed = Arrays.copyOf(packed, Math.min(MAX_PACKED, packedSize * 2));
        }
        packed[packedSize++] = m;
        return true;
    }

    public boolean remove(byte[] m) {
        if (table != null) {
            return table.remove(m);
        }
        int i = packedIndex(m);
        if (i < 0) {
            return false;
        }
        packed[i] = packed[--packedSize];
        packed[packedSize] = null;
        return true;
    }

    public void forEach(Consumer<byte[]> action) {
        if (table != null) {
            for (int s = 0; s < table.capacity(); s++) {
                byte[] k = table.keyAt(s);
                if (k != null) {
                    action.accept(k);
                }
            }
        } else {
            for (int i = 0; i < packedSize; i++) {
                action.accept(packed[i]);
            }
        }
    }

    public byte[][] toArray() {
        byte[][] out = new byte[size()][];
        int[] n = {0};
        forEach(m -> out[n[0]++] = m);
        return out;
    }

    @Override
    public SetObject copy() {
        SetObject c = new SetObject(0);
        if (table != null) {
            c.packed = null;
            c.table = table.copy();
        } else {
            c.packed = packed.clone();
            c.packedSize = packedSize;
        }
        return c;
    }

    /** Whether the members live in a hash table (else a packed array, returned whole by SSCAN). */
    public boolean isTable() {
        return table != null;
    }

    /** One SSCAN step over a table-backed set; returns the next cursor (0 when done). */
    public long scanStep(long cursor, Consumer<byte[]> action) {
        BytesTable t = table;
        return t.scanBucket(cursor, s -> action.accept(t.keyAt(s)));
    }

    /** A random member, or null when empty. */
    public byte[] randomMember(java.util.Random random) {
        if (table != null) {
            int s = table.randomSlot(random);
            return s < 0 ? null : table.keyAt(s);
        }
        return packedSize == 0 ? null : packed[random.nextInt(packedSize)];
    }
}
