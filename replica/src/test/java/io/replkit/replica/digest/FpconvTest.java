package io.replkit.replica.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * Expected strings are what Redis 7.2's {@code fpconv_dtoa} (deps/fpconv) printed for these
 * doubles, compiled and run on their bit patterns. Grisu2 is not always shortest (1e23), lays
 * integers out plainly up to 7 trailing zeros and writes unpadded exponents.
 */
class FpconvTest {

    private static void prints(String expected, double d) {
        assertEquals(expected, Fpconv.dtoa(d), () -> "fpconv_dtoa of " + Double.toHexString(d));
    }

    @Test
    void printsZerosInfinitiesAndNanLikeFpconv() {
        prints("0", 0.0);
        prints("-0", -0.0);
        prints("inf", Double.POSITIVE_INFINITY);
        prints("-inf", Double.NEGATIVE_INFINITY);
        prints("nan", Double.NaN);
    }

    @Test
    void printsIntegersPlainlyUpToSevenTrailingZeros() {
        prints("1", 1);
        prints("-1", -1);
        prints("100", 100);
        prints("123456789", 123456789);
        prints("10000000", 1e7);
        prints("1e+8", 1e8);
        prints("1e+16", 1e16);
        prints("1e+17", 1e17);
        prints("-12192414736992252", -12192414736992252.0);
        prints("9007199254740992", 9007199254740993.0);
        prints("98765432109876540000", 98765432109876543210.0);
        prints("-480316898055499100000", -4.8031689805549909e+20);
    }

    @Test
    void printsFractionsPlainlyDownToSixLeadingZeros() {
        prints("0.1", 0.1);
        prints("0.5", 0.5);
        prints("0.3333333333333333", 1.0 / 3);
        prints("3.14159", 3.14159);
        prints("12345.678", 12345.678);
        prints("1234567.125", 1234567.125);
        prints("-59.878312511751545", -59.878312511751545);
        prints("-0.00125", -1.25e-3);
        prints("0.00001", 1e-5);
        prints("0.000001", 1e-6);
        prints("1.2345e-6", 0.0000012345);
        prints("1e-7", 1e-7);
        prints("-3e-7", -3e-7);
        prints("3e-7", 2.9999999999999999e-07);
        prints("1.23e-18", 123e-20);
    }

    @Test
    void printsExtremesInScientificNotationWithUnpaddedExponents() {
        prints("1e+21", 1e21);
        prints("1e+22", 1e22);
        prints("1.5e+300", 1.5e300);
        prints("5.78960446186581e+76", 5.78960446186581e76);
        prints("4.322581767826614e-224", 4.322581767826614e-224);
        prints("1.7976931348623157e+308", Double.MAX_VALUE);
        prints("2.2250738585072014e-308", Double.MIN_NORMAL);
        prints("5e-324", Double.MIN_VALUE);
    }

    @Test
    void grisu2IsNotAlwaysTheShortestRoundTrip() {
        prints("99999999999999990000000", 1e23);
        assertNotEquals(Double.toString(1e23), Fpconv.dtoa(1e23));
        assertEquals(1e23, Double.parseDouble(Fpconv.dtoa(1e23)));
    }

    @Test
    void digestScoresFollowTheMastersVersion() {
        assertEquals("0.10000000000000001", ScoreFormat.forDigest(0.1, ScoreFormat.usesFpconv(7, 0)));
        assertEquals("0.1", ScoreFormat.forDigest(0.1, ScoreFormat.usesFpconv(7, 2)));
        assertEquals("0.1", ScoreFormat.forDigest(0.1, ScoreFormat.usesFpconv(8, 0)));
        assertEquals("1.0000000000000001e-05", ScoreFormat.forDigest(1e-5, ScoreFormat.usesFpconv(6, 2)));
    }
}
