package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixAggregatorTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String prefix(PrefixAggregator agg, String key) {
        byte[] k = b(key);
        return new String(k, 0, agg.prefixLength(k), StandardCharsets.UTF_8);
    }

    @Test
    void prefixIsTheKeyUpToTheNthSeparator() {
        PrefixAggregator depth1 = new PrefixAggregator(1);
        PrefixAggregator depth2 = new PrefixAggregator(2);
        assertEquals("a", prefix(depth1, "a:b:c"));
        assertEquals("a:b", prefix(depth2, "a:b:c"));
        assertEquals("", prefix(depth1, ":leading"));
        assertEquals("a:", prefix(depth2, "a::b"));
    }

    @Test
    void keysWithFewerSeparatorsThanTheDepthAreTheirOwnPrefix() {
        PrefixAggregator depth2 = new PrefixAggregator(2);
        assertEquals("plain", prefix(depth2, "plain"));
        assertEquals("a:b", prefix(depth2, "a:b"));
        assertEquals("", prefix(depth2, ""));
    }

    @Test
    void separatorsMayBeLongerThanOneByte() {
        PrefixAggregator agg = new PrefixAggregator(2, "::");
        assertEquals("a::b", prefix(agg, "a::b::c"));
        assertEquals("a:b:c", prefix(agg, "a:b:c"));
        assertEquals("a", prefix(new PrefixAggregator(1, "::"), "a:::b"));
        assertEquals("a:::b", prefix(agg, "a:::b"), "separators do not overlap");
        assertEquals("user", prefix(new PrefixAggregator(1, "/"), "user/42"));
    }

    @Test
    void sumsKeysAndBytesPerPrefixLargestTotalFirst() {
        PrefixAggregator agg = new PrefixAggregator(1);
        agg.add(b("user:1"), 100);
        agg.add(b("user:2"), 150);
        agg.add(b("session:9"), 1000);
        agg.add(b("cache:x:y"), 10);
        agg.add(b("user:3:profile"), 50);

        List<PrefixAggregator.PrefixStats> rows = agg.result();
        assertEquals(3, rows.size());
        assertEquals(new PrefixAggregator.PrefixStats(b("session"), 1, 1000), rows.get(0));
        assertEquals(new PrefixAggregator.PrefixStats(b("user"), 3, 300), rows.get(1));
        assertEquals(new PrefixAggregator.PrefixStats(b("cache"), 1, 10), rows.get(2));
        assertEquals("user", rows.get(1).prefixText());
        assertEquals(3, agg.prefixCount());
    }

    @Test
    void equalTotalsAreOrderedByKeyCountThenPrefix() {
        PrefixAggregator agg = new PrefixAggregator(1);
        agg.add(b("b:1"), 100);
        agg.add(b("a:1"), 100);
        agg.add(b("c:1"), 50);
        agg.add(b("c:2"), 50);
        List<PrefixAggregator.PrefixStats> rows = agg.result();
        assertEquals("c", rows.get(0).prefixText());
        assertEquals("a", rows.get(1).prefixText());
        assertEquals("b", rows.get(2).prefixText());
    }

    @Test
    void binaryKeysAreGroupedByteForByte() {
        PrefixAggregator agg = new PrefixAggregator(1);
        agg.add(new byte[]{(byte) 0xff, 0, ':', 1}, 10);
        agg.add(new byte[]{(byte) 0xff, 0, ':', 2}, 20);
        agg.add(new byte[]{(byte) 0xfe, 0, ':', 2}, 5);
        List<PrefixAggregator.PrefixStats> rows = agg.result();
        assertEquals(2, rows.size());
        assertArrayEquals(new byte[]{(byte) 0xff, 0}, rows.get(0).prefix());
        assertEquals(2, rows.get(0).keys());
        assertEquals("\\xff\\x00", rows.get(0).prefixText());
    }

    @Test
    void manyDistinctPrefixesAreAllCounted() {
        PrefixAggregator agg = new PrefixAggregator(1);
        for (int i = 0; i < 10_000; i++) {
            agg.add(b("p" + (i % 5000) + ":k" + i), i % 5000);
        }
        assertEquals(5000, agg.prefixCount());
        List<PrefixAggregator.PrefixStats> rows = agg.result();
        assertEquals(5000, rows.size());
        assertEquals(new PrefixAggregator.PrefixStats(b("p4999"), 2, 2 * 4999), rows.get(0));
        assertEquals(new PrefixAggregator.PrefixStats(b("p0"), 2, 0), rows.get(4999));
    }

    @Test
    void prefixesBeyondTheBoundAreSummedInOneOtherRowListedLast() {
        PrefixAggregator agg = new PrefixAggregator(1, ":", 2);
        agg.add(b("a:1"), 10);
        agg.add(b("b:1"), 20);
        agg.add(b("c:1"), 1000);
        agg.add(b("d:1"), 1);
        agg.add(b("a:2"), 10);

        List<PrefixAggregator.PrefixStats> rows = agg.result();
        assertEquals(3, rows.size());
        assertEquals(new PrefixAggregator.PrefixStats(b("a"), 2, 20), rows.get(0));
        assertEquals(new PrefixAggregator.PrefixStats(b("b"), 1, 20), rows.get(1));
        PrefixAggregator.PrefixStats other = rows.get(2);
        assertTrue(other.isOther());
        assertNull(other.prefix());
        assertEquals(2, other.keys());
        assertEquals(1001, other.bytes());
        assertEquals("(other)", other.prefixText());
        assertFalse(rows.get(0).isOther());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PrefixAggregator(0));
        assertThrows(IllegalArgumentException.class, () -> new PrefixAggregator(1, ""));
        assertThrows(IllegalArgumentException.class, () -> new PrefixAggregator(1, ":", 0));
    }
}
