package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.BitField;
import io.replkit.replica.data.RejectedCommand;
import io.replkit.replica.data.Strings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** SETBIT, BITOP and BITFIELD (bitops.c), bit 0 being the most significant bit of byte 0. */
final class BitCommands {
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

    private static long bitOffset(byte[] arg) throws CommandException {
        try {
            return BitField.parseOffset(arg, false, 1);
        } catch (RejectedCommand e) {
            throw new CommandException(e.getMessage());
        }
    }

    private static void setbit(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long off = bitOffset(a[2]);
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

    /** BITFIELD key [GET type off] [SET type off v] [INCRBY type off incr] [OVERFLOW WRAP|SAT|FAIL] ... */
    private static void bitfield(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        BitField.Ops ops;
        try {
            ops = BitField.parse(a);
        } catch (RejectedCommand e) {
            throw new CommandException(e.getMessage());
        }
        if (ops.readonly()) {
            return;
        }
        byte[] s = growFor(c, a[1], ops.highestWrite());
        for (BitField.Op op : ops.list()) {
            if (!op.write()) {
                continue;
            }
            long[] wrapped = new long[1];
            long newval;
            boolean over;
            if (op.signed()) {
                long oldval = BitField.getSigned(s, op.offset(), op.bits());
                if (op.incr()) {
                    over = BitField.signedOverflow(oldval, op.value(), op.bits(), op.overflow(), wrapped) != 0;
                    newval = over ? wrapped[0] : oldval + op.value();
                } else {
                    newval = op.value();
                    over = BitField.signedOverflow(newval, 0, op.bits(), op.overflow(), wrapped) != 0;
                    if (over) {
                        newval = wrapped[0];
                    }
                }
            } else {
                long oldval = BitField.getUnsigned(s, op.offset(), op.bits());
                if (op.incr()) {
                    newval = oldval + op.value();
                    over = BitField.unsignedOverflow(oldval, op.value(), op.bits(), op.overflow(), wrapped) != 0;
                } else {
                    newval = op.value();
                    over = BitField.unsignedOverflow(newval, 0, op.bits(), op.overflow(), wrapped) != 0;
                }
                if (over) {
                    newval = wrapped[0];
                }
            }
            if (!(over && op.overflow() == BitField.FAIL)) {
                BitField.setBits(s, op.offset(), op.bits(), newval);
            }
        }
        c.db().put(a[1], s);
    }
}
