package io.replkit.replica.server;

import io.replkit.replica.data.Strings;
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
     * {@code strtod} over the whole argument: no leading space, no trailing garbage, "inf" and
     * "infinity" in any case with a sign, never NaN.
     */
    static double parseDouble(byte[] b, String error) {
        double d = tryParseDouble(b, 0, b.length);
        if (Double.isNaN(d)) {
            throw new ReplyError(error);
        }
        return d;
    }

    /** NaN when {@code b[off, off+len)} is not a number strtod would take whole. */
    static double tryParseDouble(byte[] b, int off, int len) {
        if (len == 0 || len > 5000) {
            return Double.NaN;
        }
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        int i = 0;
        char c0 = s.charAt(0);
        if (c0 == '+' || c0 == '-') {
            i = 1;
        }
        String rest = s.substring(i).toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity")) {
            return c0 == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int digits = 0;
        int j = i;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
            digits++;
        }
        if (j < s.length() && s.charAt(j) == '.') {
            j++;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (j < s.length() && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            int ed = 0;
            while (k < s.length() && Character.isDigit(s.charAt(k))) {
                k++;
                ed++;
            }
            if (ed > 0) {
                j = k;
            }
        }
        if (j != s.length()) {
            return Double.NaN;
        }
        double d = Double.parseDouble(s);
        return Double.isInfinite(d) ? Double.NaN : d; // strtod's ERANGE: Redis refuses it
    }
}
