package io.replkit.replica.data;

import java.nio.charset.StandardCharsets;

/**
 * String values are stored as {@code byte[]}, or as a {@code Long} when the bytes are the canonical
 * decimal form of a 64-bit integer (Redis's {@code OBJ_ENCODING_INT}): a boxed long takes less heap
 * than the array holding its digits, and small ones are shared.
 */
public final class Strings {
    private Strings() {
    }

    /** The stored form of {@code b}: a {@code Long} when {@code b} is a canonical integer, else {@code b}. */
    public static Object compact(byte[] b) {
        if (b.length == 0 || b.length > 20) {
            return b;
        }
        long v = parseCanonicalLong(b);
        return v == NOT_A_LONG_SENTINEL && !isLongMinPlaceholder(b) ? b : (Object) v;
    }

    private static final long NOT_A_LONG_SENTINEL = Long.MIN_VALUE;

    private static boolean isLongMinPlaceholder(byte[] b) {
        return b.length == 20 && new String(b, StandardCharsets.US_ASCII).equals("-9223372036854775808");
    }

    /**
     * Redis's {@code string2ll}: optional '-', no leading zeros (except "0"), no '+', no spaces,
     * within the long range. Returns {@code Long.MIN_VALUE} for anything else (and for that value itself).
     */
    public static long parseCanonicalLong(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 20) {
            return NOT_A_LONG_SENTINEL;
        }
        if (n == 1 && b[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
            if (n == 1) {
                return NOT_A_LONG_SENTINEL;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return NOT_A_LONG_SENTINEL;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_A_LONG_SENTINEL;
            }
            // accumulate negatively so Long.MIN_VALUE fits
            if (v < (Long.MIN_VALUE + d) / 10) {
                return NOT_A_LONG_SENTINEL;
            }
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) {
                return NOT_A_LONG_SENTINEL;
            }
            v = -v;
        }
        return v;
    }

    /** The bytes of a stored string value (byte[] or Long). */
    public static byte[] bytes(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        return Long.toString((Long) v).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] ofLong(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    public static int length(Object v) {
        if (v instanceof byte[] b) {
            return b.length;
        }
        long l = (Long) v;
        return Long.toString(l).length();
    }
}
