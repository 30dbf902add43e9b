package io.replkit.replica.hll;

import java.util.Arrays;

/**
 * Redis's HyperLogLog string format and update rules ({@code hyperloglog.c}), reproduced byte for
 * byte so that a replica's HLL strings equal the master's: a 16-byte header ("HYLL", encoding,
 * 3 unused bytes, 8-byte little-endian cached cardinality whose top bit marks it stale), then
 * either 16384 6-bit registers (dense) or ZERO/XZERO/VAL run-length opcodes (sparse). Sparse
 * strings turn dense when a register exceeds 32 or the string would grow beyond
 * {@code hll-sparse-max-bytes}.
 *
 * <p>Instances are working copies: construct from a stored value, apply operations, take
 * {@link #toBytes()}.
 */
public final class HyperLogLog {
    public static final int HDR_SIZE = 16;
    public static final int P = 14;
    public static final int Q = 64 - P;
    public static final int REGISTERS = 1 << P;
    public static final int DENSE_SIZE = HDR_SIZE + (REGISTERS * 6 + 7) / 8;
    public static final int DENSE = 0;
    public static final int SPARSE = 1;
    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680;

    /** The string, with room to grow; {@code len} bytes are valid. Dense strings keep one spare byte. */
    private byte[] buf;
    private int len;
    private final int sparseMaxBytes;

    private HyperLogLog(byte[] buf, int len, int sparseMaxBytes) {
        this.buf = buf;
        this.len = len;
        this.sparseMaxBytes = sparseMaxBytes;
    }

    /** {@code createHLLObject}: an empty sparse HLL (XZERO opcodes covering every register). */
    public static HyperLogLog create(int sparseMaxBytes) {
        int n = HDR_SIZE + ((REGISTERS + XZERO_MAX_LEN - 1) / XZERO_MAX_LEN) * 2;
        byte[] b = new byte[n + 8];
        b[0] = 'H';
        b[1] = 'Y';
        b[2] = 'L';
        b[3] = 'L';
        b[4] = SPARSE;
        int p = HDR_SIZE;
        for (int aux = REGISTERS; aux > 0; ) {
            int x = Math.min(XZERO_MAX_LEN, aux);
            setXzero(b, p, x);
            p += 2;
            aux -= x;
        }
        return new HyperLogLog(b, n, sparseMaxBytes);
    }

    /** Wraps a stored value, or returns null when it is not a valid HLL ({@code isHLLObjectOrReply}). */
    public static HyperLogLog of(byte[] value, int sparseMaxBytes) {
        if (value.length < HDR_SIZE || value[0] != 'H' || value[1] != 'Y' || value[2] != 'L' || value[3] != 'L'
            || (value[4] & 0xFF) > SPARSE || (value[4] == DENSE && value.length != DENSE_SIZE)) {
            return null;
        }
        return new HyperLogLog(Arrays.copyOf(value, value.length + 8), value.length, sparseMaxBytes);
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    public int encoding() {
        return buf[4];
    }

    public void invalidateCache() {
        buf[15] |= (byte) 0x80;
    }

    public boolean isCacheValid() {
        return (buf[15] & 0x80) == 0;
    }

    public long cachedCardinality() {
        long c = 0;
        for (int i = 7; i >= 0; i--) {
            c = (c << 8) | (buf[8 + i] & 0xFF);
        }
        return c;
    }

    /** PFCOUNT on one key: the cached cardinality, or a freshly computed one written to the cache. */
    public long countAndCache() {
        if (isCacheValid()) {
            return cachedCardinality();
        }
        long card = count();
        for (int i = 0; i < 8; i++) {
            buf[8 + i] = (byte) (card >>> (8 * i));
        }
        return card;
    }

    // ---------------------------------------------------------------- hashing

    /** MurmurHash64A as Redis uses it (little-endian reads). */
    static long murmurHash64A(byte[] key, int seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int length = key.length;
        long h = (seed & 0xFFFFFFFFL) ^ (length * m);
        int end = length - (length & 7);
        for (int i = 0; i < end; i += 8) {
            long k = (key[i] & 0xFFL) | (key[i + 1] & 0xFFL) << 8 | (key[i + 2] & 0xFFL) << 16
                | (key[i + 3] & 0xFFL) << 24 | (key[i + 4] & 0xFFL) << 32 | (key[i + 5] & 0xFFL) << 40
                | (key[i + 6] & 0xFFL) << 48 | (key[i + 7] & 0xFFL) << 56;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        switch (length & 7) {
            case 7: h ^= (key[end + 6] & 0xFFL) << 48; // fall through
            case 6: h ^= (key[end + 5] & 0xFFL) << 40; // fall through
            case 5: h ^= (key[end + 4] & 0xFFL) << 32; // fall through
            case 4: h ^= (key[end + 3] & 0xFFL) << 24; // fall through
            case 3: h ^= (key[end + 2] & 0xFFL) << 16; // fall through
            case 2: h ^= (key[end + 1] & 0xFFL) << 8; // fall through
            case 1:
                h ^= key[end] & 0xFFL;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /** PFADD of one element; returns whether a register changed (the cache is not touched). */
    public boolean add(byte[] element) {
        long hash = murmurHash64A(element, 0xadc83b19);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q;
        int count = 1;
        long bit = 1;
        while ((hash & bit) == 0) {
            count++;
            bit <<= 1;
        }
        return set(index, count);
    }

    /** Raises register {@code index} to {@code count}; returns whether it changed. */
    public boolean set(int index, int count) {
        if (buf[4] == DENSE) {
            return denseSet(index, count);
        }
        return sparseSet(index, count);
    }

    // ---------------------------------------------------------------- dense

    private int denseGet(int regnum) {
        int byteAt = HDR_SIZE + regnum * 6 / 8;
        int fb = regnum * 6 & 7;
        int b0 = buf[byteAt] & 0xFF;
        int b1 = buf[byteAt + 1] & 0xFF;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & 63;
    }

    private void denseSetRegister(int regnum, int val) {
        int byteAt = HDR_SIZE + regnum * 6 / 8;
        int fb = regnum * 6 & 7;
        int fb8 = 8 - fb;
        buf[byteAt] &= (byte) ~(63 << fb);
        buf[byteAt] |= (byte) (val << fb);
        buf[byteAt + 1] &= (byte) ~(63 >>> fb8);
        buf[byteAt + 1] |= (byte) (val >>> fb8);
    }

    private boolean denseSet(int index, int count) {
        if (count > denseGet(index)) {
            denseSetRegister(index, count);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- sparse

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    private int xzeroLen(int p) {
        return ((((buf[p] & 0xFF) & 0x3f) << 8) | (buf[p + 1] & 0xFF)) + 1;
    }

    private static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    private static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    private static byte val(int value, int len) {
        return (byte) (((value - 1) << 2 | (len - 1)) | 0x80);
    }

    private static void setXzero(byte[] b, int p, int len) {
        int l = len - 1;
        b[p] = (byte) ((l >>> 8) | 0x40);
        b[p + 1] = (byte) (l & 0xff);
    }

    /** {@code hllSparseSet}, step for step (so that the opcode sequence is the same). */
    private boolean sparseSet(int index, int count) {
        if (count > VAL_MAX_VALUE) {
            promote();
            return denseSet(index, count);
        }
        if (buf.length < len + 3) {
            buf = Arrays.copyOf(buf, Math.max(len + 3, buf.length * 2));
        }
        int sparse = HDR_SIZE;
        int p = sparse;
        int end = len;
        int first = 0;
        int prev = -1;
        int span = 0;
        while (p < end) {
            int op = buf[p] & 0xFF;
            int oplen = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(p);
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            throw new IllegalStateException("invalid sparse HyperLogLog");
        }
        int op = buf[p] & 0xFF;
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean isZero = isZero(op);
        boolean isXzero = isXzero(op);
        boolean isVal = !isZero && !isXzero;
        int runlen = isZero ? zeroLen(op) : isXzero ? xzeroLen(p) : valLen(op);

        boolean simple = false;
        if (isVal) {
            int oldcount = valValue(op);
            if (oldcount >= count) {
                return false;
            }
            if (runlen == 1) {
                buf[p] = val(count, 1);
                simple = true;
            }
        }
        if (!simple && isZero && runlen == 1) {
            buf[p] = val(count, 1);
            simple = true;
        }
        if (!simple) {
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (isZero || isXzero) {
                if (index != first) {
                    int l = index - first;
                    if (l > ZERO_MAX_LEN) {
                        setXzero(seq, n, l);
                        n += 2;
                    } else {
                        seq[n++] = (byte) (l - 1);
                    }
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    int l = last - index;
                    if (l > ZERO_MAX_LEN) {
                        setXzero(seq, n, l);
                        n += 2;
                    } else {
                        seq[n++] = (byte) (l - 1);
                    }
                }
            } else {
                int curval = valValue(op);
                if (index != first) {
                    seq[n++] = val(curval, index - first);
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    seq[n++] = val(curval, last - index);
                }
            }
            int oldlen = isXzero ? 2 : 1;
            int deltalen = n - oldlen;
            if (deltalen > 0 && len + deltalen > sparseMaxBytes) {
                promote();
                return denseSet(index, count);
            }
            if (deltalen != 0 && next >= 0) {
                System.arraycopy(buf, next, buf, next + deltalen, end - next);
            }
            len += deltalen;
            System.arraycopy(seq, 0, buf, p, n);
            end += deltalen;
        }
        // Step 4: merge adjacent VAL opcodes, scanning up to 5 opcodes from prev.
        p = prev >= 0 ? prev : sparse;
        int scanlen = 5;
        while (p < end && scanlen-- > 0) {
            int o = buf[p] & 0xFF;
            if (isXzero(o)) {
                p += 2;
                continue;
            } else if (isZero(o)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(buf[p + 1] & 0xFF)) {
                int v1 = valValue(o);
                int v2 = valValue(buf[p + 1] & 0xFF);
                if (v1 == v2) {
                    int l = valLen(o) + valLen(buf[p + 1] & 0xFF);
                    if (l <= VAL_MAX_LEN) {
                        buf[p + 1] = val(v1, l);
                        System.arraycopy(buf, p + 1, buf, p, end - p - 1);
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return true;
    }

    /** {@code hllSparseToDense}: keeps the header (cached cardinality included). */
    public void promote() {
        if (buf[4] == DENSE) {
            return;
        }
        byte[] dense = new byte[DENSE_SIZE + 1];
        System.arraycopy(buf, 0, dense, 0, HDR_SIZE);
        dense[4] = DENSE;
        byte[] sparse = buf;
        int end = len;
        buf = dense;
        len = DENSE_SIZE;
        int idx = 0;
        for (int p = HDR_SIZE; p < end; ) {
            int op = sparse[p] & 0xFF;
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                idx += ((((op & 0x3f) << 8) | (sparse[p + 1] & 0xFF)) + 1);
                p += 2;
            } else {
                int runlen = valLen(op);
                int regval = valValue(op);
                if (runlen + idx > REGISTERS) {
                    break;
                }
                while (runlen-- > 0) {
                    denseSetRegister(idx++, regval);
                }
                p++;
            }
        }
        if (idx != REGISTERS) {
            throw new IllegalStateException("invalid sparse HyperLogLog");
        }
    }

    // ---------------------------------------------------------------- merge and count

    /** {@code hllMerge}: raises {@code max[i]} to this HLL's registers. */
    public void mergeInto(byte[] max) {
        if (buf[4] == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(i);
                if (v > max[i]) {
                    max[i] = (byte) v;
                }
            }
            return;
        }
        int i = 0;
        for (int p = HDR_SIZE; p < len; ) {
            int op = buf[p] & 0xFF;
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(p);
                p += 2;
            } else {
                int runlen = valLen(op);
                int regval = valValue(op);
                if (runlen + i > REGISTERS) {
                    break;
                }
                while (runlen-- > 0) {
                    if (regval > max[i]) {
                        max[i] = (byte) regval;
                    }
                    i++;
                }
                p++;
            }
        }
        if (i != REGISTERS) {
            throw new IllegalStateException("invalid sparse HyperLogLog");
        }
    }

    /** {@code hllCount}: the estimate (Ertl's improved estimator). */
    public long count() {
        int[] reghisto = new int[64];
        if (buf[4] == DENSE) {
            for (int j = 0; j < REGISTERS; j++) {
                reghisto[denseGet(j)]++;
            }
        } else {
            for (int p = HDR_SIZE; p < len; ) {
                int op = buf[p] & 0xFF;
                if (isZero(op)) {
                    reghisto[0] += zeroLen(op);
                    p++;
                } else if (isXzero(op)) {
                    reghisto[0] += xzeroLen(p);
                    p += 2;
                } else {
                    reghisto[valValue(op)] += valLen(op);
                    p++;
                }
            }
        }
        return estimate(reghisto);
    }

    /** The estimate for raw registers (PFCOUNT of several keys). */
    public static long countRegisters(byte[] registers) {
        int[] reghisto = new int[64];
        for (byte r : registers) {
            reghisto[r]++;
        }
        return estimate(reghisto);
    }

    private static long estimate(int[] reghisto) {
        double m = REGISTERS;
        double z = m * tau((m - reghisto[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += reghisto[j];
            z *= 0.5;
        }
        z += m * sigma(reghisto[0] / m);
        double e = ALPHA_INF * m * m / z;
        return (long) Math.floor(e + 0.5); // llroundl of a positive value
    }

    private static double sigma(double x) {
        if (x == 1.) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0. || x == 1.) {
            return 0.;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }
}
