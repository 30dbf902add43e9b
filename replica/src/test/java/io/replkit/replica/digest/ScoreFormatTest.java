package io.replkit.replica.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are what glibc's printf("%.17g") prints. */
class ScoreFormatTest {

    @Test
    void printsLikeCPercent17g() {
        assertEquals("0", ScoreFormat.percent17g(0.0));
        assertEquals("-0", ScoreFormat.percent17g(-0.0));
        assertEquals("1", ScoreFormat.percent17g(1));
        assertEquals("1.5", ScoreFormat.percent17g(1.5));
        assertEquals("100", ScoreFormat.percent17g(100));
        assertEquals("0.10000000000000001", ScoreFormat.percent17g(0.1));
        assertEquals("1e+20", ScoreFormat.percent17g(1e20));
        assertEquals("1.0000000000000001e-05", ScoreFormat.percent17g(1e-5));
        assertEquals("0.0001", ScoreFormat.percent17g(1e-4));
        assertEquals("1.2345678901234568e+17", ScoreFormat.percent17g(123456789012345678.0));
        assertEquals("12345678901234568", ScoreFormat.percent17g(12345678901234568.0));
        assertEquals("inf", ScoreFormat.percent17g(Double.POSITIVE_INFINITY));
        assertEquals("-inf", ScoreFormat.percent17g(Double.NEGATIVE_INFINITY));
        assertEquals("-3.5000000000000002e-300", ScoreFormat.percent17g(-3.5e-300));
        assertEquals("1.7976931348623157e+308", ScoreFormat.percent17g(Double.MAX_VALUE));
        assertEquals("4.9406564584124654e-324", ScoreFormat.percent17g(Double.MIN_VALUE));
    }
}
