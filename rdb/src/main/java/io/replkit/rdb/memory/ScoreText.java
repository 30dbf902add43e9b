package io.replkit.rdb.memory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How a sorted-set score is stored in a listpack or ziplist ({@code zzlInsertAt}): integral
 * scores as integers, others as the text {@code d2string} prints: {@code "%.17g"} up to Redis
 * 7.0, the shortest round-tripping digits ({@code fpconv_dtoa}) from 7.2.
 */
final class ScoreText {
    /** {@code LLONG_MAX / 2}: {@code double2ll} gives up beyond it. */
    private static final double INTEGER_LIMIT = (double) (Long.MAX_VALUE / 2);
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    private ScoreText() {
    }

    /** Whether the score is stored as an integer entry. */
    static boolean isInteger(double score) {
        return !Double.isInfinite(score) && !Double.isNaN(score) && score == Math.rint(score)
            && Math.abs(score) <= INTEGER_LIMIT;
    }

    /** The length of the score's text when it is not stored as an integer. */
    static int textLength(double score, boolean shortest) {
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
