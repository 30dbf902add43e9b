package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScoreTextTest {

    @Test
    void writtenTextIsAnIntegerBelowTwoToThe52AndRoundTripDigitsOtherwise() {
        assertEquals("42", written(42));
        assertEquals("-4503599627370495", written(-4503599627370495.0));
        assertEquals("4.503599627370496e15", written(4503599627370496.0));
        assertEquals("-0", written(-0.0));
        assertEquals("1.5", written(1.5));
        assertEquals("inf", written(Double.POSITIVE_INFINITY));
        assertEquals("-inf", written(Double.NEGATIVE_INFINITY));
        assertEquals(0.1, Double.parseDouble(written(0.1)));
    }

    @Test
    void integralScoresWithinHalfTheInt64RangeAreStoredAsIntegers() {
        assertTrue(ScoreText.isInteger(0));
        assertTrue(ScoreText.isInteger(-42));
        assertTrue(ScoreText.isInteger(1e18));
        assertFalse(ScoreText.isInteger(1e19));
        assertFalse(ScoreText.isInteger(1.5));
        assertFalse(ScoreText.isInteger(Double.POSITIVE_INFINITY));
    }

    @Test
    void otherScoresTakeTheLengthOfPrintfSeventeenSignificantDigitsBefore72() {
        // lengths as C's printf("%.17g") gives them
        assertEquals(19, ScoreText.textLength(0.1, false)); // 0.10000000000000001
        assertEquals(3, ScoreText.textLength(1.5, false));
        assertEquals(5, ScoreText.textLength(1e20, false)); // 1e+20
        assertEquals(10, ScoreText.textLength(123456.789, false));
        assertEquals(23, ScoreText.textLength(-2.5e-7, false)); // -2.4999999999999999e-07
        assertEquals(18, ScoreText.textLength(3.14159, false));
        assertEquals(22, ScoreText.textLength(1e-5, false)); // 1.0000000000000001e-05
        assertEquals(6, ScoreText.textLength(0.0001, false));
        assertEquals(23, ScoreText.textLength(Double.MAX_VALUE, false));
        assertEquals(3, ScoreText.textLength(Double.POSITIVE_INFINITY, false));
        assertEquals(4, ScoreText.textLength(Double.NEGATIVE_INFINITY, false));
    }

    @Test
    void since72ScoresTakeTheShortestRoundTrippingDigits() {
        assertEquals(3, ScoreText.textLength(0.1, true));
        assertEquals(7, ScoreText.textLength(3.14159, true));
        assertEquals(8, ScoreText.textLength(-2.5e-7, true)); // -2.5e-07
    }

    private static String written(double d) {
        return new String(ScoreText.of(d), StandardCharsets.US_ASCII);
    }
}
