package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopNTest {

    private static KeyMemory size(long bytes) {
        return new KeyMemory(bytes, "string", 1, 1, -1);
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> sizes(TopN top) {
        List<Long> out = new ArrayList<>();
        for (TopN.Row r : top.result()) {
            out.add(r.sizeInBytes());
        }
        return out;
    }

    @Test
    void keepsTheNLargestKeysLargestFirst() {
        TopN top = new TopN(3);
        long[] offered = {5, 100, 7, 50, 1, 70, 3};
        for (int i = 0; i < offered.length; i++) {
            top.offer(0, key("k" + i), RdbType.STRING, size(offered[i]));
        }
        assertEquals(List.of(100L, 70L, 50L), sizes(top));
        assertEquals(3, top.size());
        TopN.Row first = top.result().get(0);
        assertEquals("k1", new String(first.key(), StandardCharsets.UTF_8));
        assertEquals(RdbType.STRING, first.type());
        assertEquals(0, first.db());
    }

    @Test
    void fewerKeysThanNAreAllKept() {
        TopN top = new TopN(10);
        top.offer(1, key("a"), RdbType.HASH, size(3));
        top.offer(2, key("b"), RdbType.SET, size(9));
        assertEquals(List.of(9L, 3L), sizes(top));
    }

    @Test
    void matchesSortingEverythingForRandomSizes() {
        Random rnd = new Random(7);
        TopN top = new TopN(25);
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            long s = rnd.nextInt(100_000);
            all.add(s);
            top.offer(0, key("k" + i), RdbType.LIST_QUICKLIST_2, size(s));
        }
        all.sort(Collections.reverseOrder());
        assertEquals(all.subList(0, 25), sizes(top));
    }

    @Test
    void aKeyTheSizeOfTheSmallestKeptOneDoesNotDisplaceIt() {
        TopN top = new TopN(2);
        assertTrue(top.offer(0, key("a"), RdbType.STRING, size(10)));
        assertTrue(top.offer(0, key("b"), RdbType.STRING, size(20)));
        assertFalse(top.accepts(10));
        assertFalse(top.offer(0, key("c"), RdbType.STRING, size(10)));
        assertTrue(top.accepts(11));
        assertEquals("a", new String(top.result().get(1).key(), StandardCharsets.UTF_8));
    }

    @Test
    void equalSizesAreListedByDbThenKey() {
        TopN top = new TopN(3);
        top.offer(1, key("b"), RdbType.STRING, size(10));
        top.offer(0, key("z"), RdbType.STRING, size(10));
        top.offer(1, key("a"), RdbType.STRING, size(10));
        List<TopN.Row> rows = top.result();
        assertEquals(0, rows.get(0).db());
        assertEquals("a", new String(rows.get(1).key(), StandardCharsets.UTF_8));
        assertEquals("b", new String(rows.get(2).key(), StandardCharsets.UTF_8));
    }

    @Test
    void nMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TopN(0));
        assertEquals(1, new TopN(1).capacity());
    }
}
