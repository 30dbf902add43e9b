package io.replkit.replica.data;

import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as Redis's range parsers use it ({@code zslParseRange}, geo units): leading
 * white space skipped, an empty string reads as 0, "inf"/"infinity" with a sign, overflow to
 * infinity; anything left over after the number is an error (NaN here), and so is "nan".
 */
public final class Strtod {
    private Strtod() {
    }

    /**
     * {@code strtod} as SORT checks it: the whole value is read, the result is not NaN and
     * {@code errno} is not ERANGE (an overflow to infinity, or an underflow to zero or a subnormal).
     * NaN when any of that fails.
     */
    public static double parseInRange(byte[] b) {
        double d = parse(b, 0, b.length);
        return Double.isNaN(d) || outOfRange(d, b, 0, b.length, true) ? Double.NaN : d;
    }

    /**
     * {@code getDoubleFromObject} (scores, weights, radii...): {@code strtod} over the whole
     * argument, decimal or hexadecimal or "inf"/"infinity" with a sign; NaN when it is empty, starts
     * with white space, is "nan", has anything left over, or is out of range (an overflow, or an
     * underflow to zero; subnormals are taken).
     */
    public static double parseWhole(byte[] b, int off, int len) {
        if (len == 0 || isSpace(b[off])) {
            return Double.NaN;
        }
        double d = parse(b, off, len);
        return Double.isNaN(d) || outOfRange(d, b, off, len, false) ? Double.NaN : d;
    }

    /**
     * Whether strtod set {@code errno = ERANGE} for the number {@code d} it read from {@code b[off,
     * off+len)}: an overflow to infinity (not "inf"/"infinity" spelled out), or an underflow to zero;
     * with {@code subnormalsToo}, also an underflow to a subnormal (SORT refuses those, while
     * {@code getDoubleFromObject} only refuses a result of zero).
     */
    public static boolean outOfRange(double d, byte[] b, int off, int len, boolean subnormalsToo) {
        if (Double.isInfinite(d)) {
            String s = new String(b, off, len, StandardCharsets.ISO_8859_1).trim().toLowerCase(java.util.Locale.ROOT);
            return !(s.endsWith("inf") || s.endsWith("infinity"));
        }
        boolean underflow = subnormalsToo ? Math.abs(d) < Double.MIN_NORMAL : d == 0;
        return underflow && hasNonZeroDigit(b, off, len);
    }

    private static boolean hasNonZeroDigit(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    public static double parse(byte[] b, int off, int len) {
        if (len == 0) {
            return 0; // no conversion: strtod returns 0 and the end pointer is at the terminator
        }
        int i = off;
        int end = off + len;
        while (i < end && isSpace(b[i])) {
            i++;
        }
        if (i == end) {
            return Double.NaN;
        }
        String s = new String(b, i, end - i, StandardCharsets.ISO_8859_1);
        int p = 0;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            p = 1;
        }
        String rest = s.substring(p).toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity")) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.startsWith("0x")) {
            double h = parseHex(rest, 2);
            return s.charAt(0) == '-' ? -h : h;
        }
        int digits = 0;
        int j = p;
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
        if (digits == 0 || j < s.length() && !exponentToEnd(s, j)) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    /** A C99 hexadecimal float after its "0x": hex digits, an optional point, an optional binary exponent. */
    private static double parseHex(String s, int from) {
        java.math.BigInteger mant = java.math.BigInteger.ZERO;
        int digits = 0;
        int fractionDigits = 0;
        boolean point = false;
        int j = from;
        for (; j < s.length(); j++) {
            char c = s.charAt(j);
            int v = Character.digit(c, 16);
            if (v >= 0) {
                mant = mant.shiftLeft(4).add(java.math.BigInteger.valueOf(v));
                digits++;
                if (point) {
                    fractionDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        long exp = 0;
        if (j < s.length() && s.charAt(j) == 'p') {
            int k = j + 1;
            boolean neg = false;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                neg = s.charAt(k) == '-';
                k++;
            }
            int d = 0;
            while (k < s.length() && Character.isDigit(s.charAt(k))) {
                exp = Math.min(100_000, exp * 10 + (s.charAt(k) - '0'));
                k++;
                d++;
            }
            if (d == 0) {
                return Double.NaN;
            }
            exp = neg ? -exp : exp;
            j = k;
        }
        if (j != s.length()) {
            return Double.NaN;
        }
        // exact value mant * 2^(exp - 4 * fractionDigits), rounded once by BigDecimal
        long e2 = exp - 4L * fractionDigits;
        java.math.BigDecimal v = new java.math.BigDecimal(mant);
        v = e2 >= 0 ? v.multiply(new java.math.BigDecimal(java.math.BigInteger.TWO.pow((int) Math.min(e2, 20_000))))
                : v.divide(new java.math.BigDecimal(java.math.BigInteger.TWO.pow((int) Math.min(-e2, 20_000))));
        return v.doubleValue();
    }

    private static boolean exponentToEnd(String s, int j) {
        if (s.charAt(j) != 'e' && s.charAt(j) != 'E') {
            return false;
        }
        int k = j + 1;
        if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
            k++;
        }
        int d = 0;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
            d++;
        }
        return d > 0 && k == s.length();
    }

    public static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
