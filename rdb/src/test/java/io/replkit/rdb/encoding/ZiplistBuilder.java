package io.replkit.rdb.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds ziplist blobs for tests, written from the format description: integers take the smallest
 * encoding Redis would pick (immediate 0..12, int8, int16, int24, int32, int64), strings the
 * smallest string encoding, prevlen the short form unless {@link #forceLargePrevlen()}.
 */
final class ZiplistBuilder {
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private int count;
    private int prevSize;
    private int lastOffset = -1;
    private boolean forceLarge;

    static ZiplistBuilder ziplist() {
        return new ZiplistBuilder();
    }

    static byte[] of(Object... values) {
        ZiplistBuilder b = new ZiplistBuilder();
        for (Object v : values) {
            b.add(v);
        }
        return b.build();
    }

    /** Writes every later prevlen in the 5-byte form, even below 254. */
    ZiplistBuilder forceLargePrevlen() {
        forceLarge = true;
        return this;
    }

    ZiplistBuilder add(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return addInt(((Number) v).longValue());
        } else if (v instanceof String) {
            return addString(((String) v).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[]) {
            return addString((byte[]) v);
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    ZiplistBuilder addInt(long v) {
        if (v >= 0 && v <= 12) {
            return addRaw(new byte[] {(byte) (0xF1 + v)});
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return addRaw(ListpackBuilder.le(0xFE, v, 1));
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return addRaw(ListpackBuilder.le(0xC0, v, 2));
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            return addRaw(ListpackBuilder.le(0xF0, v, 3));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return addRaw(ListpackBuilder.le(0xD0, v, 4));
        }
        return addRaw(ListpackBuilder.le(0xE0, v, 8));
    }

    ZiplistBuilder addString(byte[] s) {
        int n = s.length;
        byte[] header;
        if (n <= 63) {
            header = new byte[] {(byte) n};
        } else if (n <= 16383) {
            header = new byte[] {(byte) (0x40 | (n >> 8)), (byte) n};
        } else {
            header = new byte[] {(byte) 0x80, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        }
        byte[] e = new byte[header.length + n];
        System.arraycopy(header, 0, e, 0, header.length);
        System.arraycopy(s, 0, e, header.length, n);
        return addRaw(e);
    }

    /** Appends an entry given as encoding+data; the prevlen is added here. */
    ZiplistBuilder addRaw(byte[] encodingAndData) {
        byte[] prevlen;
        if (prevSize < 254 && !forceLarge) {
            prevlen = new byte[] {(byte) prevSize};
        } else {
            prevlen = ListpackBuilder.le(0xFE, prevSize, 4);
        }
        lastOffset = 10 + entries.size();
        entries.writeBytes(prevlen);
        entries.writeBytes(encodingAndData);
        prevSize = prevlen.length + encodingAndData.length;
        count++;
        return this;
    }

    byte[] build() {
        return build(count > 65534 ? 65535 : count);
    }

    byte[] build(int declaredCount) {
        byte[] body = entries.toByteArray();
        int total = 10 + body.length + 1;
        byte[] out = new byte[total];
        ListpackBuilder.putLE(out, 0, total, 4);
        ListpackBuilder.putLE(out, 4, lastOffset < 0 ? 10 : lastOffset, 4);
        ListpackBuilder.putLE(out, 8, declaredCount, 2);
        System.arraycopy(body, 0, out, 10, body.length);
        out[total - 1] = (byte) 0xFF;
        return out;
    }
}
