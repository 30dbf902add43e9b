package io.replkit.replica.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BITFIELD's operations ({@code bitfieldGeneric} in bitops.c), shared by the applier (BITFIELD)
 * and the server (BITFIELD_RO): the argument parser with Redis's checks and errors, and reading,
 * writing and overflow-checking integers of 1 to 64 bits at any bit offset, bit 0 being the most
 * significant bit of byte 0.
 */
public final class BitField {
    /** {@code proto_max_bulk_len}'s default: offsets address at most 512 MB. */
    public static final long MAX_BITS = 512L * 1024 * 1024 * 8;

    public static final int WRAP = 0;
    public static final int SAT = 1;
    public static final int FAIL = 2;

    private static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    private BitField() {
    }

    /** One GET, SET or INCRBY, with the OVERFLOW mode in force where it appeared. */
    public record Op(boolean write, boolean incr, boolean signed, int bits, long offset, long value, int overflow) {
    }

    /** The parsed operations and the highest bit any write reaches (-1 when there are only GETs). */
    public record Ops(List<Op> list, long highestWrite) {
        public boolean readonly() {
            return highestWrite < 0;
        }
    }

    /** {@code BITFIELD key [GET type off] [SET type off v] [INCRBY type off incr] [OVERFLOW WRAP|SAT|FAIL] ...}. */
    public static Ops parse(byte[][] a) throws RejectedCommand {
        List<Op> ops = new ArrayList<>();
        int overflow = WRAP;
        long highest = -1;
        for (int i = 2; i < a.length; ) {
            int rem = a.length - i - 1;
            if (ArgBytes.is(a[i], "OVERFLOW") && rem >= 1) {
                byte[] o = a[i + 1];
                if (ArgBytes.is(o, "WRAP")) {
                    overflow = WRAP;
                } else if (ArgBytes.is(o, "SAT")) {
                    overflow = SAT;
                } else if (ArgBytes.is(o, "FAIL")) {
                    overflow = FAIL;
                } else {
                    throw new RejectedCommand("ERR Invalid OVERFLOW type specified");
                }
                i += 2;
                continue;
            }
            boolean get = ArgBytes.is(a[i], "GET") && rem >= 2;
            boolean set = ArgBytes.is(a[i], "SET") && rem >= 3;
            boolean incr = ArgBytes.is(a[i], "INCRBY") && rem >= 3;
            if (!get && !set && !incr) {
                throw new RejectedCommand("ERR syntax error");
            }
            byte[] type = a[i + 1];
            // 'i' or 'u' in lower case only, then string2ll of the rest up to a zero byte
            boolean signed = type.length > 0 && type[0] == 'i';
            if (!signed && (type.length == 0 || type[0] != 'u')) {
                throw new RejectedCommand(BAD_TYPE);
            }
            int nul = ArgBytes.indexOf(type, (byte) 0, 0);
            long bits = Strings.parseCanonicalLong(Arrays.copyOfRange(type, 1, nul < 0 ? type.length : nul));
            if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
                throw new RejectedCommand(BAD_TYPE);
            }
            long off = parseOffset(a[i + 2], true, (int) bits);
            long value = 0;
            if (!get) {
                highest = Math.max(highest, off + bits - 1);
                value = Strings.parseCanonicalLong(a[i + 3]);
                if (value == Long.MIN_VALUE && !Arrays.equals(a[i + 3], Strings.ascii("-9223372036854775808"))) {
                    throw new RejectedCommand("ERR value is not an integer or out of range");
                }
            }
            ops.add(new Op(!get, incr, signed, (int) bits, off, value, overflow));
            i += get ? 3 : 4;
        }
        return new Ops(ops, highest);
    }

    /**
     * {@code getBitOffsetFromArgument}: a decimal bit offset, or with {@code hash} {@code #n}
     * meaning n times {@code bits}; within 512 MB.
     */
    public static long parseOffset(byte[] arg, boolean hash, int bits) throws RejectedCommand {
        boolean usehash = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
        byte[] digits = usehash ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
        long v = Strings.parseCanonicalLong(digits);
        if (v == Long.MIN_VALUE && !Arrays.equals(digits, Strings.ascii("-9223372036854775808"))) {
            throw new RejectedCommand(BAD_OFFSET);
        }
        if (usehash) {
            v *= bits; // wraps like the C code, and a wrapped value is negative or too big
        }
        if (v < 0 || (v >> 3) >= MAX_BITS / 8) {
            throw new RejectedCommand(BAD_OFFSET);
        }
        return v;
    }

    /** The value an op reads in {@code s} (bits past the end read as zero). */
    public static long get(byte[] s, Op op) {
        return op.signed ? getSigned(s, op.offset, op.bits) : getUnsigned(s, op.offset, op.bits);
    }

    public static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            long off = offset + j;
            long b = off >>> 3;
            int bitval = b < p.length ? (p[(int) b] >>> (7 - (int) (off & 7))) & 1 : 0;
            value = (value << 1) | bitval;
        }
        return value;
    }

    public static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    public static void setBits(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            long bitval = (value >>> (bits - 1 - j)) & 1;
            long off = offset + j;
            int b = (int) (off >>> 3);
            int bit = 7 - (int) (off & 7);
            p[b] = (byte) ((p[b] & ~(1 << bit)) | (bitval << bit));
        }
    }

    /** {@code checkUnsignedBitfieldOverflow}: values are unsigned 64-bit in a long. */
    public static int unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
            if (owtype == WRAP) {
                limit[0] = wrapUnsigned(value, incr, bits);
            } else if (owtype == SAT) {
                limit[0] = max;
            }
            return 1;
        } else if (incr < 0 && incr < minincr) {
            if (owtype == WRAP) {
                limit[0] = wrapUnsigned(value, incr, bits);
            } else if (owtype == SAT) {
                limit[0] = 0;
            }
            return -1;
        }
        return 0;
    }

    private static long wrapUnsigned(long value, long incr, int bits) {
        long mask = -1L << bits;
        return (value + incr) & ~mask;
    }

    /** {@code checkSignedBitfieldOverflow}. */
    public static int signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxincr = max - value;
        long minincr = min - value;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            if (owtype == WRAP) {
                limit[0] = wrapSigned(value, incr, bits);
            } else if (owtype == SAT) {
                limit[0] = max;
            }
            return 1;
        } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            if (owtype == WRAP) {
                limit[0] = wrapSigned(value, incr, bits);
            } else if (owtype == SAT) {
                limit[0] = min;
            }
            return -1;
        }
        return 0;
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long msb = 1L << (bits - 1);
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & msb) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }
}
