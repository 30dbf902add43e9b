package io.replkit.replica.apply;

import io.replkit.rdb.value.StreamId;
import io.replkit.replica.data.ArgBytes;
import io.replkit.replica.data.Strings;
import io.replkit.replica.data.Strtod;
import java.nio.charset.StandardCharsets;

/** Argument parsing with Redis's rules and error texts. */
final class Args {

    private Args() {
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static boolean is(byte[] arg, String keyword) {
        return ArgBytes.is(arg, keyword);
    }

    /** {@code string2ll} strictness: canonical decimal, within the 64-bit range. */
    static long parseLong(byte[] b) throws CommandException {
        long v = Strings.parseCanonicalLong(b);
        if (v == Long.MIN_VALUE && !text(b).equals("-9223372036854775808")) {
            throw CommandException.notInteger();
        }
        return v;
    }

    static int parseInt(byte[] b) throws CommandException {
        long v = parseLong(b);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw CommandException.notInteger();
        }
        return (int) v;
    }

    /** {@code getDoubleFromObject}, as the master used it to accept the command: {@link Strtod#parseWhole}. */
    static double parseDouble(byte[] b) throws CommandException {
        Double d = tryParseDouble(b);
        if (d == null) {
            throw CommandException.notFloat();
        }
        return d;
    }

    static Double tryParseDouble(byte[] b) {
        double d = Strtod.parseWhole(b, 0, b.length);
        return Double.isNaN(d) ? null : d;
    }

    /** A complete stream id {@code ms-seq} or {@code ms} (seq 0), as {@code streamParseStrictID}. */
    static StreamId parseStreamId(byte[] b) throws CommandException {
        String s = text(b);
        int dash = s.indexOf('-');
        try {
            if (dash < 0) {
                return new StreamId(Long.parseUnsignedLong(s), 0);
            }
            return new StreamId(Long.parseUnsignedLong(s.substring(0, dash)), Long.parseUnsignedLong(s.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new CommandException("ERR Invalid stream ID specified as stream command argument");
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
