package io.replkit.rdb.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decimal ASCII text of integers and doubles, as Redis writes and reads it: {@code ll2string},
 * {@code string2ll} ({@code util.c}) and the score text of listpack/ziplist sorted sets.
 */
public final class AsciiNumbers {
    /** Longest canonical int64 text: "-9223372036854775808". */
    public static final int MAX_INT64_TEXT = 20;
    /** Longest double text {@link #parseDoubleOrNaN} looks at; Redis writes at most about 24. */
    static final int MAX_DOUBLE_TEXT = 256;

    private static final byte[] MIN_VALUE_TEXT = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAX_VALUE_TEXT = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);

    /** "00" "01" ... "99": the two digits of i at [2i] and [2i+1]. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private AsciiNumbers() {
    }

    /** Number of bytes of the decimal text of {@code v}, sign included. */
    public static int stringSize(long v) {
        if (v == Long.MIN_VALUE) {
            return MAX_INT64_TEXT;
        }
        int sign = 0;
        if (v < 0) {
            sign = 1;
            v = -v;
        }
        long p = 10;
        for (int i = 1; i < 19; i++) {
            if (v < p) {
                return i + sign;
            }
            p *= 10;
        }
        return 19 + sign;
    }

    /** The decimal ASCII text of {@code v} (like {@code ll2string}). */
    public static byte[] toBytes(long v) {
        if (v == Long.MIN_VALUE) {
            return MIN_VALUE_TEXT.clone();
        }
        byte[] out = new byte[stringSize(v)];
        writeBackwards(v, out, out.length);
        return out;
    }

    /**
     * Writes the decimal text of {@code v} into {@code out} at {@code off}.
     *
     * @return the number of bytes written ({@link #stringSize(long)})
     * @throws IndexOutOfBoundsException if it does not fit
     */
    public static int write(long v, byte[] out, int off) {
        int n = stringSize(v);
        Objects.checkFromIndexSize(off, n, out.length);
        if (v == Long.MIN_VALUE) {
            System.arraycopy(MIN_VALUE_TEXT, 0, out, off, n);
        } else {
            writeBackwards(v, out, off + n);
        }
        return n;
    }

    /** Writes digits backwards ending just before {@code end}; v is not Long.MIN_VALUE. */
    private static void writeBackwards(long v, byte[] out, int end) {
        boolean negative = v < 0;
        if (negative) {
            v = -v;
        }
        int p = end;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            v = q;
            out[--p] = PAIRS[2 * r + 1];
            out[--p] = PAIRS[2 * r];
        }
        int r = (int) v;
        out[--p] = PAIRS[2 * r + 1];
        if (r >= 10) {
            out[--p] = PAIRS[2 * r];
        }
        if (negative) {
            out[--p] = '-';
        }
    }

    /**
     * Whether {@code b[off, off + len)} is the canonical text of an int64 by Redis's
     * {@code string2ll} rules: 1 to 20 bytes, an optional '-' (no '+'), digits with no leading
     * zero except the single "0", not "-0", no spaces, and within int64 range.
     */
    public static boolean isCanonicalInt64(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < 1 || len > MAX_INT64_TEXT) {
            return false;
        }
        int p = off;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int digits = off + len - p;
        if (digits == 0) {
            return false;
        }
        if (b[p] == '0') {
            return digits == 1 && !negative; // "0" only: not "-0", "00", "01"
        }
        for (int i = p, end = off + len; i < end; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        if (digits < 19) {
            return true;
        }
        if (digits > 19) {
            return false;
        }
        // 19 digits: compare with the magnitude of the bound, digit by digit.
        byte[] bound = negative ? MIN_VALUE_TEXT : MAX_VALUE_TEXT;
        int boundStart = negative ? 1 : 0;
        for (int i = 0; i < 19; i++) {
            int c = b[p + i] - bound[boundStart + i];
            if (c != 0) {
                return c < 0;
            }
        }
        return true;
    }

    /**
     * The value of canonical int64 text (see {@link #isCanonicalInt64}).
     *
     * @throws NumberFormatException if the text is not canonical
     */
    public static long parseCanonicalInt64(byte[] b, int off, int len) {
        if (!isCanonicalInt64(b, off, len)) {
            throw new NumberFormatException("not a canonical int64: \""
                    + new String(b, off, Math.min(len, 40), StandardCharsets.ISO_8859_1) + '"');
        }
        int p = off;
        int end = off + len;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        // Accumulate negatively so that Long.MIN_VALUE is reachable; range was checked above.
        long acc = 0;
        for (; p < end; p++) {
            acc = acc * 10 - (b[p] - '0');
        }
        return negative ? acc : -acc;
    }

    /**
     * The double a Redis sorted-set score text denotes, or NaN when the text is not one. Accepted:
     * {@code [+-]? digits [. digits] [(e|E) [+-]? digits]} (at least one mantissa digit, a
     * leading or trailing '.' allowed as {@code strtod} does), and {@code inf} / {@code infinity}
     * in any case with an optional sign. Rejected: "nan" (Redis never stores a NaN score),
     * whitespace, hex floats, Java suffixes such as "1d", empty text and text longer than 256
     * bytes.
     */
    public static double parseDoubleOrNaN(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < 1 || len > MAX_DOUBLE_TEXT) {
            return Double.NaN;
        }
        int end = off + len;
        int p = off;
        boolean negative = false;
        if (b[p] == '-' || b[p] == '+') {
            negative = b[p] == '-';
            p++;
        }
        // Fast path: plain integers of up to 15 digits are exact in a double.
        if (end - p <= 15 && end > p) {
            long v = 0;
            int i = p;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                v = v * 10 + (b[i] - '0');
                i++;
            }
            if (i == end) {
                return negative ? -(double) v : (double) v;
            }
        }
        if (isInfinityText(b, p, end)) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int mantissaDigits = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
            mantissaDigits++;
        }
        if (p < end && b[p] == '.') {
            p++;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
                mantissaDigits++;
            }
        }
        if (mantissaDigits == 0) {
            return Double.NaN;
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '-' || b[p] == '+')) {
                p++;
            }
            int exponentDigits = 0;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return Double.NaN;
            }
        }
        if (p != end) {
            return Double.NaN;
        }
        return Double.parseDouble(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }

    private static boolean isInfinityText(byte[] b, int p, int end) {
        int n = end - p;
        return (n == 3 || n == 8) && regionMatchesIgnoreCase(b, p, n == 3 ? "inf" : "infinity");
    }

    private static boolean regionMatchesIgnoreCase(byte[] b, int p, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if ((b[p + i] | 0x20) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
