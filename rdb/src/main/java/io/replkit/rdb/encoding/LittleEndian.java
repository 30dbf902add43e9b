package io.replkit.rdb.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads straight from a {@code byte[]}. Callers check bounds first; these methods
 * do no checking of their own beyond what the JVM does.
 */
final class LittleEndian {
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static int readUInt16LE(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    static short readInt16LE(byte[] b, int p) {
        return (short) readUInt16LE(b, p);
    }

    /** A signed 24-bit value, sign-extended. */
    static int readInt24LE(byte[] b, int p) {
        return ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16);
    }

    static int readInt32LE(byte[] b, int p) {
        return (int) INT_LE.get(b, p);
    }

    static long readUInt32LE(byte[] b, int p) {
        return readInt32LE(b, p) & 0xFFFF_FFFFL;
    }

    static long readInt64LE(byte[] b, int p) {
        return (long) LONG_LE.get(b, p);
    }

    /** A uint32 in network (big-endian) order, as ziplists store their longest string lengths. */
    static long readUInt32BE(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    static void writeInt16LE(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
    }

    static void writeInt24LE(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
    }

    static void writeInt32LE(byte[] b, int p, int v) {
        INT_LE.set(b, p, v);
    }

    static void writeInt64LE(byte[] b, int p, long v) {
        LONG_LE.set(b, p, v);
    }
}
