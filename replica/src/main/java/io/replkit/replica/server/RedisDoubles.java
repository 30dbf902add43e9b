package io.replkit.replica.server;

import io.replkit.replica.digest.Fpconv;
import io.replkit.replica.digest.ScoreFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Doubles printed as Redis prints them in replies: 7.0's forms, and 7.2's {@code d2string}. */
final class RedisDoubles {
    private RedisDoubles() {
    }

    /** {@code "%.17g"} ({@code addReplyDouble}); "inf"/"-inf" for infinities. */
    static String g17(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
                return "-0";
            }
            return Long.toString((long) d);
        }
        return ScoreFormat.percent17g(d);
    }

    /**
     * {@code ld2string(..., LD_STR_HUMAN)}: {@code "%.17Lf"} with trailing zeros (and a trailing
     * point) removed, "-0" printed as "0". The double is exact in a long double, so the exact
     * decimal rounded to 17 places is what glibc prints.
     */
    static String human(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }

    /** {@code d2string}: integers within 2^52 in plain digits, "-0", "inf"/"-inf", else "%.17g". */
    static String d2string(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        if (d > -4503599627370495.0 && d < 4503599627370496.0 && d == (double) (long) d) {
            return Long.toString((long) d);
        }
        return ScoreFormat.percent17g(d);
    }

    /** 2^62: {@code double2ll} takes integral doubles within +-(LLONG_MAX/2), which rounds to this. */
    private static final double LL_HALF = 4611686018427387904.0;

    /**
     * Redis 7.2's {@code d2string} ({@code addReplyDouble}, listpack scores): "nan", "inf"/"-inf",
     * "0"/"-0", integral values within 2^62 as integers, anything else with {@code fpconv_dtoa}.
     */
    static String d2string72(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        if (d >= -LL_HALF && d <= LL_HALF && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        return Fpconv.dtoa(d);
    }
}
