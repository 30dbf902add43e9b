package io.replkit.replica.hll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {

    @Test
    void emptyHllIsTheHeaderAndOneXzeroCoveringAllRegisters() {
        byte[] b = HyperLogLog.create(3000).toBytes();
        assertEquals(18, b.length);
        assertArrayEquals("HYLL".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(b, 4));
        assertEquals(HyperLogLog.SPARSE, b[4]);
        assertEquals((byte) 0x7f, b[16]); // XZERO, length 16384
        assertEquals((byte) 0xff, b[17]);
    }

    @Test
    void addingTheSameElementTwiceChangesNothingTheSecondTime() {
        HyperLogLog h = HyperLogLog.create(3000);
        assertTrue(h.add("a".getBytes()));
        byte[] once = h.toBytes();
        assertFalse(h.add("a".getBytes()));
        assertArrayEquals(once, h.toBytes());
    }

    @Test
    void cachedCardinalityIsWrittenLittleEndianAndMarkedValid() {
        HyperLogLog h = HyperLogLog.create(3000);
        for (int i = 0; i < 1000; i++) {
            h.add(("e" + i).getBytes());
        }
        h.invalidateCache();
        assertFalse(h.isCacheValid());
        long n = h.countAndCache();
        assertTrue(n > 950 && n < 1050, "estimate " + n);
        assertTrue(h.isCacheValid());
        assertEquals(n, h.cachedCardinality());
    }

    @Test
    void growingPastSparseMaxBytesPromotesToDenseWithTheSameRegisters() {
        HyperLogLog sparse = HyperLogLog.create(1_000_000);
        HyperLogLog limited = HyperLogLog.create(300);
        for (int i = 0; i < 2000; i++) {
            sparse.add(("x" + i).getBytes());
            limited.add(("x" + i).getBytes());
        }
        assertEquals(HyperLogLog.SPARSE, sparse.encoding());
        assertEquals(HyperLogLog.DENSE, limited.encoding());
        assertEquals(HyperLogLog.DENSE_SIZE, limited.toBytes().length);
        assertEquals(sparse.count(), limited.count());
        sparse.promote();
        // same registers; headers may differ only in the cache-invalid bit
        byte[] a = sparse.toBytes();
        byte[] b = limited.toBytes();
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 16, a.length), java.util.Arrays.copyOfRange(b, 16, b.length));
    }

    @Test
    void stringsThatAreNotHllsAreRejected() {
        assertNull(HyperLogLog.of("HYLX".getBytes(), 3000));
        assertNull(HyperLogLog.of(new byte[10], 3000));
        byte[] badDense = HyperLogLog.create(3000).toBytes();
        badDense[4] = HyperLogLog.DENSE;
        assertNull(HyperLogLog.of(badDense, 3000));
    }
}
