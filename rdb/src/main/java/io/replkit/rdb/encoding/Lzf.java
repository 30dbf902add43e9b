package io.replkit.rdb.encoding;

import io.replkit.rdb.RdbFormatException;
import java.util.Arrays;
import java.util.Objects;

/**
 * LZF, the compression of RDB strings ({@code RDB_ENC_LZF}, {@code lzf_d.c} / {@code lzf_c.c}), in
 * every RDB version; blobs (listpacks, ziplists, intsets) may be compressed like any string.
 *
 * <p>The stream is a sequence of runs, each opened by a control byte {@code ctrl}:
 * <ul>
 *   <li>{@code ctrl < 32}: a literal run of {@code ctrl + 1} bytes copied from the input;</li>
 *   <li>otherwise a back reference: length {@code ctrl >> 5} (when 7, plus the next byte), plus 2;
 *       distance {@code ((ctrl & 0x1F) << 8) + next byte + 1} back from the current output
 *       position. Source and destination may overlap, which repeats the last bytes.</li>
 * </ul>
 */
public final class Lzf {
    /** Longest literal run one control byte can announce. */
    static final int MAX_LITERAL = 32;
    /** Longest back reference: (7 + 255) + 2. */
    static final int MAX_REF_LENGTH = 264;
    /** Farthest back reference: 13 bits of offset, plus 1. */
    static final int MAX_REF_DISTANCE = 8192;

    private static final int HASH_LOG = 16;
    private static final int HASH_SIZE = 1 << HASH_LOG;

    /**
     * Per-thread hash table of {@link #compress}. Entries hold {@code base + position}; each call
     * starts its base more than {@link #MAX_REF_DISTANCE} past every value an earlier call stored,
     * so stale entries are always rejected as too far back and the output never depends on
     * earlier calls, without clearing the 2^16 entries every time.
     */
    private static final ThreadLocal<HashTable> TABLES = ThreadLocal.withInitial(HashTable::new);

    private static final class HashTable {
        final int[] slots = new int[HASH_SIZE];
        int nextBase = MAX_REF_DISTANCE + 1;
    }

    private Lzf() {
    }

    /**
     * Decompresses {@code in[inOff, inOff + inLen)} into exactly {@code outLen} bytes at
     * {@code out[outOff]}.
     *
     * @throws RdbFormatException if the input is truncated, would write more than {@code outLen}
     *     bytes, refers back before the start of the output, or yields fewer than {@code outLen}
     *     bytes; the offset is relative to {@code inOff}
     * @throws IndexOutOfBoundsException if either range lies outside its array
     */
    public static void decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen)
            throws RdbFormatException {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkFromIndexSize(outOff, outLen, out.length);
        int ip = inOff;
        final int inEnd = inOff + inLen;
        int op = outOff;
        final int outEnd = outOff + outLen;
        while (ip < inEnd) {
            final int ctrlPos = ip;
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < 32) {
                int n = ctrl + 1;
                if (n > inEnd - ip) {
                    throw new RdbFormatException("LZF literal run of " + n + " bytes exceeds remaining "
                            + (inEnd - ip) + " input bytes", ctrlPos - inOff);
                }
                if (n > outEnd - op) {
                    throw new RdbFormatException("LZF literal run of " + n + " bytes exceeds remaining "
                            + (outEnd - op) + " output bytes", ctrlPos - inOff);
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int n = ctrl >>> 5;
                int need = n == 7 ? 2 : 1;
                if (need > inEnd - ip) {
                    throw new RdbFormatException("LZF back reference of " + (need + 1) + " bytes exceeds remaining "
                            + (inEnd - ctrlPos) + " input bytes", ctrlPos - inOff);
                }
                if (n == 7) {
                    n += in[ip++] & 0xFF;
                }
                n += 2;
                int distance = ((ctrl & 0x1F) << 8) + (in[ip++] & 0xFF) + 1;
                if (distance > op - outOff) {
                    throw new RdbFormatException("LZF back reference distance " + distance + " exceeds "
                            + (op - outOff) + " bytes of output", ctrlPos - inOff);
                }
                if (n > outEnd - op) {
                    throw new RdbFormatException("LZF back reference of " + n + " bytes exceeds remaining "
                            + (outEnd - op) + " output bytes", ctrlPos - inOff);
                }
                int ref = op - distance;
                if (distance >= n) {
                    System.arraycopy(out, ref, out, op, n);
                    op += n;
                } else {
                    // Overlapping: each copied byte may itself be copied again (run-length repeat).
                    for (int end = op + n; op < end; ) {
                        out[op++] = out[ref++];
                    }
                }
            }
        }
        if (op != outEnd) {
            throw new RdbFormatException("LZF output of " + (op - outOff) + " bytes is shorter than declared "
                    + outLen + " bytes", inLen);
        }
    }

    /**
     * Compresses {@code in[inOff, inOff + inLen)} into {@code out[outOff, outOff + outMax)} with a
     * 2^16-entry hash table of 3-byte prefixes (the {@code lzf_c.c} scheme). The output is valid
     * LZF but need not be byte-identical to liblzf's; for a given input it is always the same.
     *
     * @return the compressed length, or 0 when it does not fit in {@code outMax} bytes (or the
     *     input is empty)
     * @throws IndexOutOfBoundsException if either range lies outside its array
     */
    public static int compress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outMax) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkFromIndexSize(outOff, outMax, out.length);
        if (inLen == 0) {
            return 0;
        }
        HashTable table = TABLES.get();
        int[] slots = table.slots;
        int base = table.nextBase;
        if ((long) base + inLen + MAX_REF_DISTANCE + 1 > Integer.MAX_VALUE) {
            Arrays.fill(slots, 0);
            base = MAX_REF_DISTANCE + 1;
        }
        table.nextBase = base + inLen + MAX_REF_DISTANCE + 1;

        final int outEnd = outOff + outMax;
        int op = outOff;
        int lit = 0; // start (relative) of the literals not yet written
        int ip = 0;
        final int last = inLen - 2; // a match needs 3 bytes at ip
        while (ip < last) {
            int p = inOff + ip;
            int h = hash(in[p], in[p + 1], in[p + 2]);
            int ref = slots[h] - base;
            slots[h] = base + ip;
            int distance = ip - ref;
            if (distance > 0 && distance <= MAX_REF_DISTANCE && ref >= 0
                    && in[inOff + ref] == in[p] && in[inOff + ref + 1] == in[p + 1]
                    && in[inOff + ref + 2] == in[p + 2]) {
                int max = Math.min(MAX_REF_LENGTH, inLen - ip);
                int len = 3;
                while (len < max && in[inOff + ref + len] == in[p + len]) {
                    len++;
                }
                op = writeLiterals(in, inOff + lit, ip - lit, out, op, outEnd);
                if (op < 0) {
                    return 0;
                }
                int off = distance - 1;
                int code = len - 2;
                if (code < 7) {
                    if (outEnd - op < 2) {
                        return 0;
                    }
                    out[op++] = (byte) ((code << 5) | (off >>> 8));
                } else {
                    if (outEnd - op < 3) {
                        return 0;
                    }
                    out[op++] = (byte) ((7 << 5) | (off >>> 8));
                    out[op++] = (byte) (code - 7);
                }
                out[op++] = (byte) off;
                // Remember the positions inside the match too, so later data can refer to them.
                int stop = Math.min(ip + len, last);
                for (int q = ip + 1; q < stop; q++) {
                    int r = inOff + q;
                    slots[hash(in[r], in[r + 1], in[r + 2])] = base + q;
                }
                ip += len;
                lit = ip;
            } else {
                ip++;
            }
        }
        op = writeLiterals(in, inOff + lit, inLen - lit, out, op, outEnd);
        return op < 0 ? 0 : op - outOff;
    }

    private static int hash(byte a, byte b, byte c) {
        int v = (a & 0xFF) << 16 | (b & 0xFF) << 8 | (c & 0xFF);
        return (v * 0x9E3779B1) >>> (32 - HASH_LOG);
    }

    /** Writes literal runs of at most 32 bytes; returns the new output position or -1 if full. */
    private static int writeLiterals(byte[] in, int p, int n, byte[] out, int op, int outEnd) {
        while (n > 0) {
            int run = Math.min(n, MAX_LITERAL);
            if (outEnd - op < run + 1) {
                return -1;
            }
            out[op++] = (byte) (run - 1);
            System.arraycopy(in, p, out, op, run);
            op += run;
            p += run;
            n -= run;
        }
        return op;
    }
}
