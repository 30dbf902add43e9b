package io.replkit.rdb.write;

import io.replkit.rdb.encoding.AsciiNumbers;
import java.nio.charset.StandardCharsets;

/**
 * The text a sorted-set score is stored as in listpacks, ziplists and ZSET (type 3) values, as
 * {@code d2string} chooses it: integral scores below 2^52 as integers (which packed encodings
 * then store as integer entries), {@code -0} kept as such, anything else as digits that parse back
 * to exactly the same double.
 */
final class ScoreText {
    /** {@code d2string} prints integral values in (-2^52, 2^52) through {@code ll2string}. */
    private static final double INTEGER_LIMIT = 4503599627370496.0;

    private ScoreText() {
    }

    static byte[] of(double d) {
        if (Double.isInfinite(d)) {
            return (d > 0 ? "inf" : "-inf").getBytes(StandardCharsets.US_ASCII);
        }
        if (d == 0) {
            return (1 / d < 0 ? "-0" : "0").getBytes(StandardCharsets.US_ASCII);
        }
        if (d == Math.rint(d) && Math.abs(d) < INTEGER_LIMIT) {
            return AsciiNumbers.toBytes((long) d);
        }
        return Double.toString(d).replace('E', 'e').getBytes(StandardCharsets.US_ASCII);
    }
}
