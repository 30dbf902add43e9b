package io.replkit.replica.digest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How Redis prints a sorted-set score into a digest. Up to 7.0 that is C's {@code "%.17g"}; Java's
 * {@code %g} differs (no trailing-zero removal, other exponent rules), so it is done here from the
 * exact decimal value of the double. From 7.2 on it is {@code fpconv_dtoa} ({@link Fpconv}).
 */
public final class ScoreFormat {
    private ScoreFormat() {
    }

    /** A score as DEBUG DIGEST prints it: {@code fpconv_dtoa} (7.2+) or {@code "%.17g"}. */
    public static String forDigest(double d, boolean fpconv) {
        return fpconv ? Fpconv.dtoa(d) : percent17g(d);
    }

    /** Whether a master of version {@code major.minor} prints digest scores with {@code fpconv_dtoa} (7.2+). */
    public static boolean usesFpconv(int major, int minor) {
        return major > 7 || (major == 7 && minor >= 2);
    }

    /** {@code snprintf(buf, sizeof(buf), "%.17g", d)} as glibc prints it. */
    public static String percent17g(double d) {
        return percentG(d, 17);
    }

    static String percentG(double d, int precision) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        // exponent X of the rounded value in scientific notation
        int x = rounded.precision() - rounded.scale() - 1;
        String out;
        if (x < precision && x >= -4) {
            out = rounded.setScale(Math.max(0, precision - 1 - x), RoundingMode.UNNECESSARY).toPlainString();
            out = stripFraction(out);
        } else {
            BigDecimal mant = rounded.movePointLeft(x);
            String m = stripFraction(mant.setScale(precision - 1, RoundingMode.UNNECESSARY).toPlainString());
            int ax = Math.abs(x);
            out = m + "e" + (x < 0 ? '-' : '+') + (ax < 10 ? "0" : "") + ax;
        }
        return out;
    }

    private static String stripFraction(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
