package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PackedSizerTest {

    private static long listpack(String... elements) {
        PackedSizer p = new PackedSizer(true);
        for (String s : elements) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            p.addString(b, 0, b.length);
        }
        return p.bytes();
    }

    private static long ziplist(String... elements) {
        PackedSizer p = new PackedSizer(false);
        for (String s : elements) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            p.addString(b, 0, b.length);
        }
        return p.bytes();
    }

    @Test
    void anEmptyListpackIsSevenBytesAndAnEmptyZiplistEleven() {
        assertEquals(7, listpack());
        assertEquals(11, ziplist());
    }

    @Test
    void canonicalIntegerTextIsStoredAsAnInteger() {
        assertEquals(7 + 2, listpack("5"));
        assertEquals(7 + 4, listpack("-5000"));
        assertEquals(7 + 5, listpack("007"), "leading zeros keep it a string");
        assertEquals(7 + 4, listpack("-0"), "so does -0");
        assertEquals(7 + 10, listpack("-9223372036854775808"));
        assertEquals(7 + 1 + 19 + 1, listpack("9223372036854775808"), "out of range: a string");
    }

    @Test
    void ziplistEntriesCarryAPrevlenOfOneOrFiveBytes() {
        assertEquals(11 + 2, ziplist("7"), "prevlen + immediate 0..12");
        assertEquals(11 + 3, ziplist("13"), "prevlen + header + int8");
        assertEquals(11 + 1 + 1 + 3, ziplist("abc"));
        String big = "x".repeat(300); // 1 prevlen + 2 header + 300 = 303, so the next prevlen takes 5
        assertEquals(11 + 303 + (5 + 1 + 1), ziplist(big, "a"));
        assertEquals(11 + (1 + 5 + 20_000), ziplist("y".repeat(20_000)));
    }

    @Test
    void replacingACounterAdjustsTheSize() {
        PackedSizer p = new PackedSizer(true);
        p.addInteger(127);
        p.replaceInteger(127, 128);
        assertEquals(7 + 3, p.bytes());
        p.reset();
        assertEquals(7, p.bytes());
        assertEquals(0, p.count());
    }
}
