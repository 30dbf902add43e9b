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
    void listpackIntegersTakeTheSmallestEncodingPlusABacklenByte() {
        assertEquals(2, PackedSizer.listpackIntegerEntry(0));
        assertEquals(2, PackedSizer.listpackIntegerEntry(127));
        assertEquals(3, PackedSizer.listpackIntegerEntry(128));
        assertEquals(3, PackedSizer.listpackIntegerEntry(-4096));
        assertEquals(4, PackedSizer.listpackIntegerEntry(4096));
        assertEquals(4, PackedSizer.listpackIntegerEntry(-32768));
        assertEquals(5, PackedSizer.listpackIntegerEntry(32768));
        assertEquals(6, PackedSizer.listpackIntegerEntry(-8388609));
        assertEquals(10, PackedSizer.listpackIntegerEntry(1L << 31));
    }

    @Test
    void listpackStringsHaveOneTwoOrFiveHeaderBytesAndAGrowingBacklen() {
        assertEquals(1 + 63 + 1, PackedSizer.listpackStringEntry(63));
        assertEquals(2 + 64 + 1, PackedSizer.listpackStringEntry(64));
        assertEquals(2 + 125 + 1, PackedSizer.listpackStringEntry(125));
        assertEquals(2 + 126 + 2, PackedSizer.listpackStringEntry(126), "encoded 128 bytes need a 2-byte backlen");
        assertEquals(5 + 4096 + 2, PackedSizer.listpackStringEntry(4096));
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
