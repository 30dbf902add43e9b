package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

    /** The textbook bit-at-a-time reflected CRC, as the reference. */
    private static long bitwise(long crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x95AC9329AC4BC9B5L : crc >>> 1;
            }
        }
        return crc;
    }

    @Test
    void computesTheRedisCheckValueOf123456789() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.update(0, b, 0, b.length));
    }

    @Test
    void leavesTheCrcUnchangedForAnEmptyRange() {
        assertEquals(0L, Crc64.update(0, new byte[0], 0, 0));
        assertEquals(0x1234L, Crc64.update(0x1234L, new byte[3], 2, 0));
    }

    @Test
    void matchesABitwiseReferenceForEveryLengthUpTo100AtUnalignedOffsets() {
        Random r = new Random(64);
        for (int len = 0; len <= 100; len++) {
            for (int off = 0; off < 9; off++) {
                byte[] b = new byte[off + len + 3];
                r.nextBytes(b);
                long seed = r.nextBoolean() ? 0 : r.nextLong();
                assertEquals(bitwise(seed, b, off, len), Crc64.update(seed, b, off, len),
                        "length " + len + " offset " + off);
            }
        }
    }

    @Test
    void givesTheSameResultWhenTheInputIsSplitAcrossCalls() {
        Random r = new Random(7);
        byte[] b = new byte[1000];
        r.nextBytes(b);
        long oneShot = Crc64.update(0, b, 0, b.length);
        for (int split = 0; split <= b.length; split += 37) {
            long crc = Crc64.update(0, b, 0, split);
            assertEquals(oneShot, Crc64.update(crc, b, split, b.length - split), "split at " + split);
        }
        long crc = 0;
        for (int p = 0; p < b.length; ) {
            int n = Math.min(1 + r.nextInt(20), b.length - p);
            crc = Crc64.update(crc, b, p, n);
            p += n;
        }
        assertEquals(oneShot, crc);
    }

    @Test
    void singleByteUpdatesMatchTheArrayForm() {
        byte[] b = "REDIS0011\u00fa\u0009redis-ver".getBytes(StandardCharsets.ISO_8859_1);
        long crc = 0;
        for (byte x : b) {
            crc = Crc64.update(crc, x);
        }
        assertEquals(Crc64.update(0, b, 0, b.length), crc);
        assertEquals(Crc64.update(0, new byte[] {(byte) 0xAB}, 0, 1), Crc64.update(0, 0xAB));
    }

    @Test
    void rejectsARangeOutsideTheArray() {
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, new byte[4], -1, 1));
    }

    @Test
    void interleavedLanesMatchTheBytewiseReferenceAcrossBlockBoundaries() {
        byte[] data = new byte[50_000];
        new java.util.Random(42).nextBytes(data);
        int[] lengths = {12_287, 12_288, 12_289, 24_575, 24_576, 24_583, 36_871, 49_990};
        for (int len : lengths) {
            for (int off : new int[] {0, 3, 7}) {
                long expected = 0x1234L;
                for (int i = off; i < off + len; i++) {
                    expected = Crc64.update(expected, data[i]);
                }
                org.junit.jupiter.api.Assertions.assertEquals(expected, Crc64.update(0x1234L, data, off, len),
                    "length " + len + " at offset " + off);
            }
        }
    }
}
