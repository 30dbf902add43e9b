package io.replkit.replica.server;

import io.replkit.replica.data.BitField;
import io.replkit.replica.data.RejectedCommand;
import io.replkit.replica.hll.HyperLogLog;
import java.util.ArrayList;
import java.util.List;

/** String and bitmap reads: GET MGET STRLEN GETRANGE SUBSTR GETBIT BITCOUNT BITPOS BITFIELD_RO LCS. */
final class StringCommands {
    private StringCommands() {
    }

    private static final byte[] EMPTY = new byte[0];
    private static final long MAX_BIT_OFFSET = 512L * 1024 * 1024 * 8;

    static void register(CommandTable t) {
        t.read("get", 2, 1, 1, 1, r -> {
            Object v = r.lookup(r.arg(1));
            if (v == null) {
                r.reply.nullBulk();
            } else if (v instanceof byte[] || v instanceof Long) {
                r.reply.bulkValue(v);
            } else {
                throw ReplyError.wrongType();
            }
        });
        t.read("mget", -2, 1, -1, 1, r -> {
            r.reply.array(r.argc() - 1);
            for (int i = 1; i < r.argc(); i++) {
                Object v = r.lookup(r.arg(i));
                if (v instanceof byte[] || v instanceof Long) {
                    r.reply.bulkValue(v);
                } else {
                    r.reply.nullBulk();
                }
            }
        });
        t.read("strlen", 2, 1, 1, 1, r -> {
            byte[] v = r.lookupString(r.arg(1));
            r.reply.integer(v == null ? 0 : v.length);
        });
        t.read("getrange", 4, 1, 1, 1, StringCommands::getrange);
        t.read("substr", 4, 1, 1, 1, StringCommands::getrange);
        t.read("getbit", 3, 1, 1, 1, StringCommands::getbit);
        t.read("bitcount", -2, 1, 1, 1, StringCommands::bitcount);
        t.read("bitpos", -3, 1, 1, 1, StringCommands::bitpos);
        t.read("pfcount", -2, 1, -1, 1, StringCommands::pfcount);
        t.read("bitfield_ro", -2, 1, 1, 1, StringCommands::bitfieldRo);
        t.read("lcs", -3, 1, 2, 1, StringCommands::lcs);
    }

    /** Redis refuses an LCS table above {@code proto-max-bulk-len}. */
    private static final long LCS_TABLE_LIMIT = 512L * 1024 * 1024;
    /** This replica's own bound (a request must not take the heap): above it, Redis's allocation-failure error. */
    private static final long LCS_TABLE_ALLOCATABLE = 128L * 1024 * 1024;

    /**
     * LCS ({@code lcsCommand}): the dynamic-programming table of LCS lengths, then the walk back
     * from its corner that yields the common string and, with IDX, the matching ranges, last first.
     */
    private static void lcs(Request r) {
        Object oa = r.lookup(r.arg(1));
        Object ob = r.lookup(r.arg(2));
        if ((oa != null && !(oa instanceof byte[] || oa instanceof Long))
                || (ob != null && !(ob instanceof byte[] || ob instanceof Long))) {
            throw new ReplyError("ERR The specified keys must contain string values");
        }
        byte[] a = oa == null ? EMPTY : io.replkit.replica.data.Strings.bytes(oa);
        byte[] b = ob == null ? EMPTY : io.replkit.replica.data.Strings.bytes(ob);
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < r.argc(); j++) {
            int more = r.argc() - 1 - j;
            if (r.argIs(j, "IDX")) {
                getIdx = true;
            } else if (r.argIs(j, "LEN")) {
                getLen = true;
            } else if (r.argIs(j, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (r.argIs(j, "MINMATCHLEN") && more > 0) {
                minMatchLen = Math.max(0, r.argLong(j + 1));
                j++;
            } else {
                throw ReplyError.syntax();
            }
        }
        if (getLen && getIdx) {
            throw new ReplyError("ERR If you want both the length and indexes, please just use IDX.");
        }
        int alen = a.length;
        int blen = b.length;
        long tableBytes = (alen + 1L) * (blen + 1L) * 4;
        if (tableBytes > LCS_TABLE_LIMIT) {
            throw new ReplyError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        if (tableBytes > LCS_TABLE_ALLOCATABLE) {
            throw new ReplyError("ERR Insufficient memory, failed allocating transient memory for LCS");
        }
        int w = blen + 1;
        int[] lcs = new int[(alen + 1) * w];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                lcs[i * w + j] = a[i - 1] == b[j - 1] ? lcs[(i - 1) * w + j - 1] + 1
                        : Math.max(lcs[(i - 1) * w + j], lcs[i * w + j - 1]);
            }
        }
        int total = lcs[alen * w + blen];
        if (getLen) {
            r.reply.integer(total);
            return;
        }
        byte[] result = new byte[total];
        List<long[]> ranges = new ArrayList<>();
        int idx = total;
        int aStart = alen; // alen: no range open
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = alen;
        int j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (lcs[(i - 1) * w + j] > lcs[i * w + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLen = (long) aEnd - aStart + 1;
                if (minMatchLen == 0 || matchLen >= minMatchLen) {
                    ranges.add(new long[] {aStart, aEnd, bStart, bEnd, matchLen});
                }
                aStart = alen;
            }
        }
        if (!getIdx) {
            r.reply.bulk(result);
            return;
        }
        r.reply.map(2);
        r.reply.bulk("matches");
        r.reply.array(ranges.size());
        for (long[] m : ranges) {
            r.reply.array(withMatchLen ? 3 : 2);
            r.reply.array(2);
            r.reply.integer(m[0]);
            r.reply.integer(m[1]);
            r.reply.array(2);
            r.reply.integer(m[2]);
            r.reply.integer(m[3]);
            if (withMatchLen) {
                r.reply.integer(m[4]);
            }
        }
        r.reply.bulk("len");
        r.reply.integer(total);
    }

    /** BITFIELD_RO: BITFIELD's parser, then only GETs; a missing key reads as zeros. */
    private static void bitfieldRo(Request r) {
        BitField.Ops ops;
        try {
            ops = BitField.parse(r.args);
        } catch (RejectedCommand e) {
            throw new ReplyError(e.getMessage());
        }
        if (!ops.readonly()) {
            throw new ReplyError("ERR BITFIELD_RO only supports the GET subcommand");
        }
        byte[] s = r.lookupString(r.arg(1));
        r.reply.array(ops.list().size());
        for (BitField.Op op : ops.list()) {
            r.reply.integer(BitField.get(s == null ? EMPTY : s, op));
        }
    }

    /**
     * PFCOUNT. Redis writes a stale cached cardinality back into the string, even on a replica; this
     * replica never writes from a read (its readers share one read lock), so it only computes: the
     * reply is the same, and the dataset stays byte-identical to the master's.
     */
    private static void pfcount(Request r) {
        if (r.argc() == 2) {
            byte[] s = r.lookupString(r.arg(1));
            if (s == null) {
                r.reply.integer(0);
                return;
            }
            HyperLogLog h = hll(s);
            r.reply.integer(h.isCacheValid() ? h.cachedCardinality() : count(h));
            return;
        }
        byte[] max = new byte[HyperLogLog.REGISTERS];
        for (int i = 1; i < r.argc(); i++) {
            byte[] s = r.lookupString(r.arg(i));
            if (s != null) {
                try {
                    hll(s).mergeInto(max);
                } catch (IllegalStateException e) {
                    throw new ReplyError(INVALID_HLL);
                }
            }
        }
        r.reply.integer(HyperLogLog.countRegisters(max));
    }

    private static final String INVALID_HLL = "INVALIDOBJ Corrupted HLL object detected";

    private static HyperLogLog hll(byte[] s) {
        HyperLogLog h = HyperLogLog.of(s, 3000);
        if (h == null) {
            throw new ReplyError("WRONGTYPE Key is not a valid HyperLogLog string value.");
        }
        return h;
    }

    private static long count(HyperLogLog h) {
        try {
            return h.count();
        } catch (RuntimeException e) {
            throw new ReplyError(INVALID_HLL);
        }
    }

    private static void getrange(Request r) {
        long start = r.argLong(2);
        long end = r.argLong(3);
        byte[] s = r.lookupString(r.arg(1));
        if (s == null) {
            r.reply.bulk(EMPTY);
            return;
        }
        long len = s.length;
        if (start < 0 && end < 0 && start > end) {
            r.reply.bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start += len;
        }
        if (end < 0) {
            end += len;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            r.reply.bulk(EMPTY);
        } else {
            r.reply.bulk(s, (int) start, (int) (end - start + 1));
        }
    }

    private static void getbit(Request r) {
        long offset = RedisNumbers.parseLong(r.arg(2), "ERR bit offset is not an integer or out of range");
        if (offset < 0 || offset >= MAX_BIT_OFFSET) {
            throw new ReplyError("ERR bit offset is not an integer or out of range");
        }
        byte[] s = r.lookupString(r.arg(1));
        r.reply.integer(s == null ? 0 : bit(s, offset));
    }

    static int bit(byte[] s, long pos) {
        long byteIndex = pos >>> 3;
        if (byteIndex >= s.length) {
            return 0;
        }
        return (s[(int) byteIndex] >> (7 - (int) (pos & 7))) & 1;
    }

    /** A [first, last] bit range of a string, from the start/end/BYTE|BIT arguments. */
    private record BitRange(long first, long last) {
        boolean empty() {
            return first > last;
        }
    }

    /** The unit argument (BYTE/BIT) at {@code i}, when present. */
    private static boolean isBitUnit(Request r, int i) {
        if (r.argc() <= i) {
            return false;
        }
        if (r.argIs(i, "BIT")) {
            return true;
        }
        if (r.argIs(i, "BYTE")) {
            return false;
        }
        throw ReplyError.syntax();
    }

    /** Redis's index normalisation: negatives from the end, clamped to [0, total-1]. */
    private static BitRange range(long start, long end, long bytes, boolean bits, boolean bothNegativeShortcut) {
        long total = bits ? bytes << 3 : bytes;
        if (bothNegativeShortcut && start < 0 && end < 0 && start > end) {
            return new BitRange(1, 0);
        }
        if (start < 0) {
            start += total;
        }
        if (end < 0) {
            end += total;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= total) {
            end = total - 1;
        }
        if (start > end) {
            return new BitRange(1, 0);
        }
        return bits ? new BitRange(start, end) : new BitRange(start << 3, (end << 3) + 7);
    }

    private static void bitcount(Request r) {
        byte[] s = r.lookupString(r.arg(1));
        if (s == null) {
            r.reply.integer(0);
            return;
        }
        BitRange range;
        if (r.argc() == 4 || r.argc() == 5) {
            long start = r.argLong(2);
            long end = r.argLong(3);
            range = range(start, end, s.length, isBitUnit(r, 4), true);
        } else if (r.argc() == 2) {
            range = new BitRange(0, (long) s.length * 8 - 1);
        } else {
            throw ReplyError.syntax();
        }
        r.reply.integer(range.empty() ? 0 : countBits(s, range.first(), range.last()));
    }

    private static long countBits(byte[] s, long first, long last) {
        long n = 0;
        long p = first;
        while (p <= last && (p & 7) != 0) {
            n += bit(s, p++);
        }
        while (p + 7 <= last) {
            n += Integer.bitCount(s[(int) (p >>> 3)] & 0xff);
            p += 8;
        }
        while (p <= last) {
            n += bit(s, p++);
        }
        return n;
    }

    private static void bitpos(Request r) {
        long bit = r.argLong(2);
        if (bit != 0 && bit != 1) {
            throw new ReplyError("ERR The bit argument must be 1 or 0.");
        }
        byte[] s = r.lookupString(r.arg(1));
        if (s == null) {
            r.reply.integer(bit == 1 ? -1 : 0);
            return;
        }
        boolean endGiven = false;
        BitRange range;
        if (r.argc() >= 4 && r.argc() <= 6) {
            long start = r.argLong(3);
            boolean bits = r.argc() == 6 && isBitUnit(r, 5);
            long end;
            if (r.argc() >= 5) {
                end = r.argLong(4);
                endGiven = true;
            } else {
                end = bits ? ((long) s.length << 3) + 7 : s.length - 1;
            }
            range = range(start, end, s.length, bits, false);
        } else if (r.argc() == 3) {
            range = s.length == 0 ? new BitRange(1, 0) : new BitRange(0, (long) s.length * 8 - 1);
        } else {
            throw ReplyError.syntax();
        }
        if (range.empty()) {
            r.reply.integer(-1);
            return;
        }
        for (long p = range.first(); p <= range.last(); p++) {
            if ((p & 7) == 0 && p + 7 <= range.last()) {
                int b = s[(int) (p >>> 3)] & 0xff;
                if ((bit == 1 && b == 0) || (bit == 0 && b == 0xff)) {
                    p += 7;
                    continue;
                }
            }
            if (bit(s, p) == bit) {
                r.reply.integer(p);
                return;
            }
        }
        // no match: a clear bit is found just past the string unless the caller bounded the range
        r.reply.integer(bit == 1 || endGiven ? -1 : range.last() + 1);
    }
}
