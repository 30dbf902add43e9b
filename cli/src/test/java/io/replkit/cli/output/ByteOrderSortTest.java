package io.replkit.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteOrderSortTest {

    @Test
    void ordersLikeAnUnsignedComparatorWhateverThePrefixesShare() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int n = random.nextInt(3000);
            List<byte[]> items = new ArrayList<>();
            byte[] shared = new byte[random.nextInt(12)];
            random.nextBytes(shared);
            for (int i = 0; i < n; i++) {
                // Mixes shared prefixes, prefixes of each other, zero and 0xFF bytes, and duplicates.
                byte[] b = Arrays.copyOf(shared, random.nextInt(shared.length + 6));
                for (int j = Math.min(shared.length, b.length); j < b.length; j++) {
                    int r = random.nextInt(4);
                    b[j] = r == 0 ? 0 : r == 1 ? (byte) 0xFF : (byte) random.nextInt(256);
                }
                items.add(b);
            }
            List<byte[]> expected = new ArrayList<>(items);
            expected.sort(Arrays::compareUnsigned);
            List<byte[]> actual = sorted(items);
            assertEquals(hex(expected), hex(actual), "round " + round);
        }
    }

    @Test
    void ordersDecimalIntegersAsTextNotAsNumbers() {
        List<byte[]> items = new ArrayList<>();
        for (int i = 100; i >= 0; i--) {
            items.add(Integer.toString(i).getBytes());
        }
        List<byte[]> sorted = sorted(items);
        assertEquals("0", new String(sorted.get(0)));
        assertEquals("1", new String(sorted.get(1)));
        assertEquals("10", new String(sorted.get(2)));
        assertEquals("100", new String(sorted.get(3)));
        assertEquals("99", new String(sorted.get(100)));
    }

    @Test
    void ordersKeysThatAllShareALongLeadingPart() {
        Random random = new Random(3);
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            items.add(("user:session:field:" + random.nextInt(100_000) + (i % 7 == 0 ? "\u0000x" : "")).getBytes());
        }
        List<byte[]> expected = new ArrayList<>(items);
        expected.sort(Arrays::compareUnsigned);
        assertEquals(hex(expected), hex(sorted(items)));
    }

    private static List<byte[]> sorted(List<byte[]> items) {
        byte[][] keys = items.toArray(new byte[0][]);
        List<byte[]> out = new ArrayList<>();
        for (int i : ByteOrderSort.order(keys)) {
            out.add(keys[i]);
        }
        return out;
    }

    private static List<String> hex(List<byte[]> items) {
        return items.stream().map(HexFormat.of()::formatHex).toList();
    }
}
