package io.replkit.replica.server;

import io.replkit.replica.data.Strings;
import io.replkit.replica.data.Strtod;
import java.nio.charset.StandardCharsets;

/** Number parsing with Redis's rules: {@code string2ll} for integers, {@code strtod} for doubles. */
final class RedisNumbers {
    private RedisNumbers() {
    }

    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    static long parseLong(byte[] b, String error) {
        long v = Strings.parseCanonicalLong(b);
        if (v == Long.MIN_VALUE && !java.util.Arrays.equals(b, LONG_MIN)) {
            throw new ReplyError(error);
        }
        return v;
    }

    /** Whether {@code b} is a canonical 64-bit integer (string2ll). */
    static boolean isLong(byte[] b) {
        return Strings.parseCanonicalLong(b) != Long.MIN_VALUE || java.util.Arrays.equals(b, LONG_MIN);
    }

    /**
     * {@code getDoubleFromObject}: {@code strtod} over the whole argument (decimal, hexadecimal,
     * "inf"/"infinity" in any case with a sign), refused when it starts with white space, is NaN,
     * or is out of range (an overflow, or an underflow to zero).
     */
    static double parseDouble(byte[] b, String error) {
        double d = tryParseDouble(b, 0, b.length);
        if (Double.isNaN(d)) {
            throw new ReplyError(error);
        }
        return d;
    }

    /** NaN when {@code b[off, off+len)} is not a number {@code getDoubleFromObject} would take. */
    static double tryParseDouble(byte[] b, int off, int len) {
        return len > 5000 ? Double.NaN : Strtod.parseWhole(b, off, len);
    }
}
