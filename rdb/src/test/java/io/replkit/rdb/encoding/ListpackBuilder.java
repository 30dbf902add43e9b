package io.replkit.rdb.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds listpack blobs for tests, written from the format description: integers take the
 * smallest integer encoding, strings the smallest string encoding, every entry gets its backlen.
 */
final class ListpackBuilder {
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private int count;

    static ListpackBuilder listpack() {
        return new ListpackBuilder();
    }

    /** Integers for Long/Integer arguments, strings for String and byte[] arguments. */
    static byte[] of(Object... values) {
        ListpackBuilder b = new ListpackBuilder();
        for (Object v : values) {
            b.add(v);
        }
        return b.build();
    }

    ListpackBuilder add(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return addInt(((Number) v).longValue());
        } else if (v instanceof String) {
            return addString((String) v);
        } else if (v instanceof byte[]) {
            return addString((byte[]) v);
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    ListpackBuilder addInt(long v) {
        if (v >= 0 && v <= 127) {
            return addRaw(new byte[] {(byte) v});
        } else if (v >= -4096 && v <= 4095) {
            return addRaw(new byte[] {(byte) (0xC0 | ((v >> 8) & 0x1F)), (byte) v});
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return addRaw(le(0xF1, v, 2));
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            return addRaw(le(0xF2, v, 3));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return addRaw(le(0xF3, v, 4));
        }
        return addRaw(le(0xF4, v, 8));
    }

    ListpackBuilder addString(String s) {
        return addString(s.getBytes(StandardCharsets.UTF_8));
    }

    ListpackBuilder addString(byte[] s) {
        int n = s.length;
        byte[] header;
        if (n <= 63) {
            header = new byte[] {(byte) (0x80 | n)};
        } else if (n <= 4095) {
            header = new byte[] {(byte) (0xE0 | (n >> 8)), (byte) n};
        } else {
            header = le(0xF0, n, 4);
        }
        byte[] e = new byte[header.length + n];
        System.arraycopy(header, 0, e, 0, header.length);
        System.arraycopy(s, 0, e, header.length, n);
        return addRaw(e);
    }

    /** Appends an entry given as encoding+data; the backlen is added here. */
    ListpackBuilder addRaw(byte[] encodingAndData) {
        entries.writeBytes(encodingAndData);
        entries.writeBytes(backlen(encodingAndData.length));
        count++;
        return this;
    }

    /** Appends bytes (the low 8 bits of each value) as they are, counting no entry. */
    ListpackBuilder addBytes(int... bytes) {
        for (int b : bytes) {
            entries.write(b);
        }
        return this;
    }

    byte[] build() {
        return build(count > 65534 ? 65535 : count);
    }

    byte[] build(int declaredCount) {
        byte[] body = entries.toByteArray();
        int total = 6 + body.length + 1;
        byte[] out = new byte[total];
        putLE(out, 0, total, 4);
        putLE(out, 4, declaredCount, 2);
        System.arraycopy(body, 0, out, 6, body.length);
        out[total - 1] = (byte) 0xFF;
        return out;
    }

    /** The backlen bytes for an entry of l bytes, in the order they are stored. */
    static byte[] backlen(long l) {
        int size;
        if (l <= 127) {
            size = 1;
        } else if (l < 16383) {
            size = 2;
        } else if (l < 2097151) {
            size = 3;
        } else if (l < 268435455) {
            size = 4;
        } else {
            size = 5;
        }
        byte[] b = new byte[size];
        // Stored left to right: the high 7-bit group first (without bit 7), lower groups with bit 7.
        for (int i = 0; i < size; i++) {
            int group = (int) ((l >>> (7 * (size - 1 - i))) & 0x7F);
            b[i] = (byte) (i == 0 ? group : group | 0x80);
        }
        return b;
    }

    static byte[] le(int first, long v, int n) {
        byte[] b = new byte[1 + n];
        b[0] = (byte) first;
        putLE(b, 1, v, n);
        return b;
    }

    static void putLE(byte[] b, int p, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
    }
}
