package io.replkit.rdb.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Redis's CRC-64 ({@code crc64.c}), the checksum of RDB files (since RDB version 5) and of
 * DUMP payloads: the "Jones" polynomial, reflected ({@code 0x95AC9329AC4BC9B5}), initial value 0,
 * no final xor. {@code crc64("123456789") == 0xe9c6d914c4b8d9caL}.
 *
 * <p>Start with {@code crc = 0} and feed the bytes in order, in as many calls as convenient:
 * {@code update(update(0, a, 0, n), a, n, m)} equals {@code update(0, a, 0, n + m)}.
 *
 * <p>The array form is table driven and consumes eight bytes per step (slicing-by-8), then the
 * tail one byte at a time.
 */
public final class Crc64 {
    /** The reflected Jones polynomial. */
    public static final long POLY = 0x95AC9329AC4BC9B5L;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // T0 is the ordinary byte table; Tk[i] is the crc of byte i followed by k zero bytes.
    private static final long[] T0 = new long[256];
    private static final long[] T1 = new long[256];
    private static final long[] T2 = new long[256];
    private static final long[] T3 = new long[256];
    private static final long[] T4 = new long[256];
    private static final long[] T5 = new long[256];
    private static final long[] T6 = new long[256];
    private static final long[] T7 = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            T0[i] = c;
        }
        long[][] tables = {T0, T1, T2, T3, T4, T5, T6, T7};
        for (int t = 1; t < 8; t++) {
            long[] prev = tables[t - 1];
            long[] cur = tables[t];
            for (int i = 0; i < 256; i++) {
                long c = prev[i];
                cur[i] = (c >>> 8) ^ T0[(int) (c & 0xFF)];
            }
        }
    }

    private Crc64() {
    }

    /** The crc after one more byte (the low 8 bits of {@code b}). */
    public static long update(long crc, int b) {
        return T0[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
    }

    /**
     * The crc after {@code len} more bytes of {@code b} starting at {@code off}.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code b}
     */
    public static long update(long crc, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        int p = off;
        int end = off + len;
        int end8 = off + (len & ~7);
        while (p < end8) {
            long c = crc ^ (long) LONG_LE.get(b, p);
            crc = T7[(int) (c & 0xFF)]
                    ^ T6[(int) ((c >>> 8) & 0xFF)]
                    ^ T5[(int) ((c >>> 16) & 0xFF)]
                    ^ T4[(int) ((c >>> 24) & 0xFF)]
                    ^ T3[(int) ((c >>> 32) & 0xFF)]
                    ^ T2[(int) ((c >>> 40) & 0xFF)]
                    ^ T1[(int) ((c >>> 48) & 0xFF)]
                    ^ T0[(int) (c >>> 56)];
            p += 8;
        }
        while (p < end) {
            crc = T0[(int) ((crc ^ b[p]) & 0xFF)] ^ (crc >>> 8);
            p++;
        }
        return crc;
    }
}
