package io.replkit.replica.server;

import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as Redis's range parsers use it ({@code zslParseRange}, geo units): leading
 * white space skipped, an empty string reads as 0, "inf"/"infinity" with a sign, overflow to
 * infinity; anything left over after the number is an error (NaN here), and so is "nan".
 */
final class Strtod {
    private Strtod() {
    }

    static double parse(byte[] b, int off, int len) {
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

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
