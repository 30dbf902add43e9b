package io.replkit.cli.rdbfile.diff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast 64-bit hash of byte ranges for the diff index: eight bytes per step, a multiply-rotate
 * round, and a final avalanche so that sums of hashes (used for unordered collections) stay
 * well distributed. Not cryptographic; a collision can hide a difference with probability ~2^-64.
 */
public final class Hash64 {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;

    private Hash64() {
    }

    public static long of(byte[] b) {
        return of(b, 0, b.length);
    }

    /** A second, independent hash of the same bytes (a different seed), for 128-bit identities. */
    public static long ofSeeded(byte[] b, long seed) {
        return seeded(b, 0, b.length, seed);
    }

    public static long of(byte[] b, int off, int len) {
        return seeded(b, off, len, 0);
    }

    private static long seeded(byte[] b, int off, int len, long seed) {
        long h = (P3 + seed * P2) ^ (len * P1);
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long k = (long) LONG_LE.get(b, i);
            h = Long.rotateLeft(h ^ (Long.rotateLeft(k * P2, 31) * P1), 27) * P1 + P3;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        h ^= Long.rotateLeft(tail * P2, 31) * P1;
        return mix(h);
    }

    /** A key's identity in an RDB file, its name and its database (rdb-diff's index, rdb-merge's first half). */
    public static long ofKey(int db, byte[] key) {
        return step(of(key), db);
    }

    /** Combines a running hash with the next value, order-sensitively. */
    public static long step(long h, long v) {
        return Long.rotateLeft(h ^ mix(v + P3), 29) * P1 + P2;
    }

    /** The final avalanche (the well-known 64-bit finaliser constants). */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
