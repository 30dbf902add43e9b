package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AsciiNumbersTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Long> interestingLongs() {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, 99L, 100L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE));
        long p = 1;
        for (int i = 0; i < 19; i++) {
            p *= 10;
            v.add(p);
            v.add(p - 1);
            v.add(p + 1);
            v.add(-p);
            v.add(-p + 1);
            v.add(-p - 1);
        }
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            v.add(r.nextLong() >> r.nextInt(64));
        }
        return v;
    }

    @Test
    void rendersDecimalTextOfEveryPowerOfTenBoundaryAndTheExtremes() {
        for (long v : interestingLongs()) {
            assertArrayEquals(ascii(Long.toString(v)), AsciiNumbers.toBytes(v), Long.toString(v));
        }
    }

    @Test
    void stringSizeIsTheLengthOfTheText() {
        for (long v : interestingLongs()) {
            assertEquals(Long.toString(v).length(), AsciiNumbers.stringSize(v), Long.toString(v));
        }
    }

    @Test
    void writesIntoAnArrayAtAnOffset() {
        byte[] out = new byte[30];
        assertEquals(20, AsciiNumbers.write(Long.MIN_VALUE, out, 5));
        assertEquals("-9223372036854775808", new String(out, 5, 20, StandardCharsets.US_ASCII));
        assertEquals(3, AsciiNumbers.write(-42, out, 0));
        assertEquals("-42", new String(out, 0, 3, StandardCharsets.US_ASCII));
        assertThrows(IndexOutOfBoundsException.class, () -> AsciiNumbers.write(12345, new byte[4], 0));
    }

    @Test
    void acceptsCanonicalInt64TextAndParsesIt() {
        for (String s : List.of("0", "1", "-1", "7", "10", "-10", "123456789", "9223372036854775807",
                "-9223372036854775808", "9223372036854775806", "-9223372036854775807", "1000000000000000000")) {
            byte[] b = ascii("xx" + s + "yy");
            assertTrue(AsciiNumbers.isCanonicalInt64(b, 2, s.length()), s);
            assertEquals(Long.parseLong(s), AsciiNumbers.parseCanonicalInt64(b, 2, s.length()), s);
        }
    }

    @Test
    void rejectsTextThatString2llRejects() {
        for (String s : List.of("", "-", "+", "+1", "-0", "00", "01", "-01", " 1", "1 ", "1a", "a", "1.0", "1e3",
                "9223372036854775808", "-9223372036854775809", "9999999999999999999", "10000000000000000000",
                "-10000000000000000000", "000000000000000000001", "--1", "0x10", "\u00b9")) {
            byte[] b = ascii(s);
            assertFalse(AsciiNumbers.isCanonicalInt64(b, 0, b.length), s);
            assertThrows(NumberFormatException.class, () -> AsciiNumbers.parseCanonicalInt64(b, 0, b.length), s);
        }
    }

    @Test
    void agreesWithRoundTripThroughLongToStringOnRandomText() {
        Random r = new Random(2);
        String alphabet = "0123456789-+ 9";
        for (int i = 0; i < 200_000; i++) {
            int len = r.nextInt(22);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(r.nextInt(k == 0 ? alphabet.length() : 10)));
            }
            String s = sb.toString();
            boolean expected;
            try {
                expected = Long.toString(Long.parseLong(s)).equals(s);
            } catch (NumberFormatException e) {
                expected = false;
            }
            byte[] b = ascii(s);
            assertEquals(expected, AsciiNumbers.isCanonicalInt64(b, 0, b.length), s);
        }
        for (long v : interestingLongs()) {
            byte[] b = AsciiNumbers.toBytes(v);
            assertTrue(AsciiNumbers.isCanonicalInt64(b, 0, b.length));
            assertEquals(v, AsciiNumbers.parseCanonicalInt64(b, 0, b.length));
        }
    }

    @Test
    void parsesRedisScoreTextIncludingInfinities() {
        Object[][] cases = {
            {"0", 0.0}, {"-0", -0.0}, {"5", 5.0}, {"-17", -17.0}, {"+3", 3.0}, {"1.5", 1.5}, {"-2.25", -2.25},
            {".5", 0.5}, {"5.", 5.0}, {"1e+20", 1e20}, {"1E-5", 1e-5}, {"3.0000000000000001e-05", 3.0000000000000001e-05},
            {"0.10000000000000001", 0.1}, {"1234567890123456789", 1234567890123456789.0},
            {"inf", Double.POSITIVE_INFINITY}, {"+inf", Double.POSITIVE_INFINITY}, {"-inf", Double.NEGATIVE_INFINITY},
            {"INF", Double.POSITIVE_INFINITY}, {"-Infinity", Double.NEGATIVE_INFINITY}, {"1e400", Double.POSITIVE_INFINITY},
        };
        for (Object[] c : cases) {
            byte[] b = ascii("##" + c[0]);
            assertEquals((Double) c[1], AsciiNumbers.parseDoubleOrNaN(b, 2, b.length - 2), (String) c[0]);
        }
    }

    @Test
    void returnsNaNForTextThatIsNotAScore() {
        for (String s : List.of("", "-", "+", ".", "nan", "NaN", "-nan", "abc", "1e", "1e+", "e5", "1d", "1f", "0x1p3",
                " 1", "1 ", "--1", "1..2", "1.2.3", "in", "infinit", "infx", "1,5", "Infinity1", "1" + "0".repeat(300))) {
            byte[] b = ascii(s);
            assertTrue(Double.isNaN(AsciiNumbers.parseDoubleOrNaN(b, 0, b.length)), s);
        }
    }
}
