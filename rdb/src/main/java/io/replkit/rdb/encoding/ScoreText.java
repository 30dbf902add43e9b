package io.replkit.rdb.encoding;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The text a sorted-set score is stored as in listpacks, ziplists and ZSET (type 3) values.
 * {@link #of} is the text replkit writes; {@link #isInteger} and {@link #textLength} say how a
 * server stores a score ({@code zzlInsertAt}), for memory estimates.
 */
public final class ScoreText {
    /** {@code d2string} prints integral values in (-2^52, 2^52) through {@code ll2string}. */
    private static final double D2STRING_INTEGER_LIMIT = 4503599627370496.0;
    /** {@code LLONG_MAX / 2}: {@code double2ll} gives up beyond it. */
    private static final double DOUBLE2LL_LIMIT = (double) (Long.MAX_VALUE / 2);
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    private ScoreText() {
    }

    /**
     * The score's text as {@code d2string} chooses it: integral scores below 2^52 as integers
     * (which packed encodings then store as integer entries), {@code -0} kept as such, anything
     * else as digits that parse back to exactly the same double.
     */
    public static byte[] of(double d) {
        if (Double.isInfinite(d)) {
            return (d > 0 ? "inf" : "-inf").getBytes(StandardCharsets.US_ASCII);
        }
        if (d == 0) {
            return (1 / d < 0 ? "-0" : "0").getBytes(StandardCharsets.US_ASCII);
        }
        if (d == Math.rint(d) && Math.abs(d) < D2STRING_INTEGER_LIMIT) {
            return AsciiNumbers.toBytes((long) d);
        }
        return Double.toString(d).replace('E', 'e').getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a server stores the score as an integer entry ({@code double2ll} succeeds). */
    public static boolean isInteger(double score) {
        return !Double.isInfinite(score) && !Double.isNaN(score) && score == Math.rint(score)
            && Math.abs(score) <= DOUBLE2LL_LIMIT;
    }

    /**
     * The length of the text a server stores for a score that is not an integer entry:
     * {@code "%.17g"} up to Redis 7.0, the shortest round-tripping digits ({@code fpconv_dtoa})
     * from 7.2 ({@code shortest}).
     */
    public static int textLength(double score, boolean shortest) {
        if (Double.isNaN(score)) {
            return 3;
        }
        if (Double.isInfinite(score)) {
            return score < 0 ? 4 : 3;
        }
        if (score == 0) {
            return 1 / score < 0 ? 2 : 1;
        }
        BigDecimal d = shortest ? new BigDecimal(Double.toString(Math.abs(score)))
            : new BigDecimal(Math.abs(score)).round(SEVENTEEN);
        d = d.stripTrailingZeros();
        int digits = d.precision();
        int exponent = digits - d.scale() - 1; // decimal exponent of the first digit
        int sign = score < 0 ? 1 : 0;
        if (exponent < -4 || exponent >= 17) {
            // d[.ddd]e±XX with at least two exponent digits
            int expDigits = Math.max(2, Integer.toString(Math.abs(exponent)).length());
            return sign + 1 + (digits > 1 ? digits : 0) + 2 + expDigits;
        }
        if (exponent >= 0) {
            int fraction = Math.max(0, digits - (exponent + 1));
            return sign + exponent + 1 + (fraction > 0 ? 1 + fraction : 0);
        }
        return sign + 2 + (-exponent - 1) + digits; // 0.000ddd
    }
}
