package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.Strings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** SETBIT, BITOP and BITFIELD (bitops.c), bit 0 being the most significant bit of byte 0. */
final class BitCommands {
    private static final long MAX_BITS = StringCommands.MAX_STRING * 8;

    private BitCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("SETBIT", BitCommands::setbit);
        t.put("BITOP", BitCommands::bitop);
        t.put("BITFIELD", BitCommands::bitfield);
    }

    /** The string at {@code key} grown with zero bytes to hold bit {@code maxbit} ({@code lookupStringForBitCommand}). */
    private static byte[] growFor(ApplyContext c, byte[] key, long maxbit) throws CommandException {
        Object old = c.string(key);
        int bytes = (int) (maxbit >>> 3) + 1;
        byte[] cur = old == null ? new byte[0] : Strings.bytes(old);
        return cur.length >= bytes ? cur.clone() : Arrays.copyOf(cur, bytes);
    }

    private static long bitOffset(byte[] arg, int bits, boolean hashAllowed) throws CommandException {
        boolean hash = hashAllowed && arg.length > 0 && arg[0] == '#';
        long v;
        try {
            v = Args.parseLong(hash ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        } catch (CommandException e) {
            throw new CommandException("ERR bit offset is not an integer or out of range");
        }
        if (hash) {
            v *= bits;
        }
        if (v < 0 || v >= MAX_BITS) {
            throw new CommandException("ERR bit offset is not an integer or out of range");
        }
        return v;
    }

    private static void setbit(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long off = bitOffset(a[2], 1, false);
        if (a[3].length != 1 || (a[3][0] != '0' && a[3][0] != '1')) {
            throw new CommandException("ERR bit is not an integer or out of range");
        }
        byte[] s = growFor(c, a[1], off);
        int byteAt = (int) (off >>> 3);
        int bit = 7 - (int) (off & 7);
        if (a[3][0] == '1') {
            s[byteAt] |= (byte) (1 << bit);
        } else {
            s[byteAt] &= (byte) ~(1 << bit);
        }
        c.db().put(a[1], s);
    }

    private static void bitop(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        String op = Args.text(a[1]).toUpperCase(java.util.Locale.ROOT);
        if (!op.equals("AND") && !op.equals("OR") && !op.equals("XOR") && !op.equals("NOT")) {
            throw CommandException.syntax();
        }
        if (op.equals("NOT") && a.length != 4) {
            throw new CommandException("ERR BITOP NOT must be called with a single source key.");
        }
        List<byte[]> src = new ArrayList<>();
        int max = 0;
        for (int i = 3; i < a.length; i++) {
            Object v = c.string(a[i]);
            byte[] b = v == null ? new byte[0] : Strings.bytes(v);
            src.add(b);
            max = Math.max(max, b.length);
        }
        if (max == 0) {
            c.db().remove(a[2]);
            return;
        }
        byte[] out = new byte[max];
        for (int j = 0; j < max; j++) {
            int r = j < src.get(0).length ? src.get(0)[j] & 0xFF : 0;
            if (op.equals("NOT")) {
                r = ~r & 0xFF;
            }
            for (int k = 1; k < src.size(); k++) {
                int x = j < src.get(k).length ? src.get(k)[j] & 0xFF : 0;
                switch (op) {
                    case "AND" -> r &= x;
                    case "OR" -> r |= x;
                    default -> r ^= x;
                }
            }
            out[j] = (byte) r;
        }
        c.db().putClearingExpiry(a[2], out);
    }

    private record Op(boolean write, boolean incr, boolean signed, int bits, long offset, long value, int overflow) {
    }

    private static final int WRAP = 0, SAT = 1, FAIL = 2;

    /** BITFIELD key [GET type off] [SET type off v] [INCRBY type off incr] [OVERFLOW WRAP|SAT|FAIL] ... */
    private static void bitfield(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        List<Op> ops = new ArrayList<>();
        int overflow = WRAP;
        long highest = -1;
        for (int i = 2; i < a.length; ) {
            int rem = a.length - i - 1;
            if (Args.is(a[i], "OVERFLOW") && rem >= 1) {
                String o = Args.text(a[i + 1]).toUpperCase(java.util.Locale.ROOT);
                overflow = switch (o) {
                    case "WRAP" -> WRAP;
                    case "SAT" -> SAT;
                    case "FAIL" -> FAIL;
                    default -> throw new CommandException("ERR Invalid OVERFLOW type specified");
                };
                i += 2;
                continue;
            }
            boolean get = Args.is(a[i], "GET") && rem >= 2;
            boolean set = Args.is(a[i], "SET") && rem >= 3;
            boolean incr = Args.is(a[i], "INCRBY") && rem >= 3;
            if (!get && !set && !incr) {
                throw CommandException.syntax();
            }
            byte[] type = a[i + 1];
            boolean signed = type.length > 1 && (type[0] == 'i' || type[0] == 'I');
            boolean unsigned = type.length > 1 && (type[0] == 'u' || type[0] == 'U');
            int bits;
            try {
                bits = (signed || unsigned) ? Args.parseInt(Arrays.copyOfRange(type, 1, type.length)) : 0;
            } catch (CommandException e) {
                bits = 0;
            }
            if ((!signed && !unsigned) || bits < 1 || (signed && bits > 64) || (unsigned && bits > 63)) {
                throw new CommandException("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
            }
            long off = bitOffset(a[i + 2], bits, true);
            long value = 0;
            if (!get) {
                value = Args.parseLong(a[i + 3]);
                highest = Math.max(highest, off + bits - 1);
            }
            ops.add(new Op(!get, incr, signed, bits, off, value, overflow));
            i += get ? 3 : 4;
        }
        if (highest < 0) {
            return; // only GETs
        }
        byte[] s = growFor(c, a[1], highest);
        for (Op op : ops) {
            if (!op.write) {
                continue;
            }
            long[] wrapped = new long[1];
            long newval;
            boolean over;
            if (op.signed) {
                long oldval = getSigned(s, op.offset, op.bits);
                if (op.incr) {
                    over = signedOverflow(oldval, op.value, op.bits, op.overflow, wrapped) != 0;
                    newval = over ? wrapped[0] : oldval + op.value;
                } else {
                    newval = op.value;
                    over = signedOverflow(newval, 0, op.bits, op.overflow, wrapped) != 0;
                    if (over) {
                        newval = wrapped[0];
                    }
                }
            } else {
                long oldval = getUnsigned(s, op.offset, op.bits);
                if (op.incr) {
                    newval = oldval + op.value;
                    over = unsignedOverflow(oldval, op.value, op.bits, op.overflow, wrapped) != 0;
                } else {
                    newval = op.value;
                    over = unsignedOverflow(newval, 0, op.bits, op.overflow, wrapped) != 0;
                }
                if (over) {
                    newval = wrapped[0];
                }
            }
            if (!(over && op.overflow == FAIL)) {
                setBits(s, op.offset, op.bits, newval);
            }
        }
        c.db().put(a[1], s);
    }

    static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            long off = offset + j;
            int b = (int) (off >>> 3);
            int bitval = b < p.length ? (p[b] >>> (7 - (int) (off & 7))) & 1 : 0;
            value = (value << 1) | bitval;
        }
        return value;
    }

    static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    static void setBits(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            long bitval = (value >>> (bits - 1 - j)) & 1;
            long off = offset + j;
            int b = (int) (off >>> 3);
            int bit = 7 - (int) (off & 7);
            p[b] = (byte) ((p[b] & ~(1 << bit)) | (bitval << bit));
        }
    }

    /** {@code checkUnsignedBitfieldOverflow}: values are unsigned 64-bit in a long. */
    static int unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
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
    static int signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
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
