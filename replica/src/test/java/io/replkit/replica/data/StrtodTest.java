package io.replkit.replica.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrtodTest {

    private static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Strtod.parse(b, 0, b.length);
    }

    private static double inRange(String s) {
        return Strtod.parseInRange(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsHexadecimalFloatsLikeGlibc() {
        assertEquals(16.0, parse("0x10"));
        assertEquals(-16.0, parse("-0X10"));
        assertEquals(1.5, parse("0x1.8"));
        assertEquals(12.0, parse("0x3p2"));
        assertEquals(0.75, parse("0x3p-2"));
        assertTrue(Double.isNaN(parse("0x")));
        assertTrue(Double.isNaN(parse("0x1g")));
        assertTrue(Double.isNaN(parse("0x1p")));
    }

    @Test
    void sortRejectsOverflowUnderflowAndNanButTakesInfinityAndSpaces() {
        assertTrue(Double.isNaN(inRange("1e400")));
        assertTrue(Double.isNaN(inRange("-1e400")));
        assertTrue(Double.isNaN(inRange("1e-320")));
        assertTrue(Double.isNaN(inRange("nan")));
        assertTrue(Double.isNaN(inRange("1x")));
        assertEquals(Double.POSITIVE_INFINITY, inRange("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, inRange("-Infinity"));
        assertEquals(4.0, inRange(" 4"));
        assertEquals(0.0, inRange(""));
        assertEquals(0.0, inRange("0e-999"));
    }
}
