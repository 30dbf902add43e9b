package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationsTest {

    private static final Allocations Q8 = Allocations.REDIS_JEMALLOC;
    private static final Allocations Q16 = Allocations.SYSTEM_JEMALLOC;

    @Test
    void smallRequestsRoundToMultiplesOfEightWithRedisBundledJemalloc() {
        assertEquals(0, Q8.mallocSize(0));
        assertEquals(8, Q8.mallocSize(1));
        assertEquals(8, Q8.mallocSize(8));
        assertEquals(16, Q8.mallocSize(9));
        assertEquals(24, Q8.mallocSize(17));
        assertEquals(24, Q8.mallocSize(24));
        assertEquals(40, Q8.mallocSize(33));
        assertEquals(56, Q8.mallocSize(50));
        assertEquals(64, Q8.mallocSize(64));
    }

    @Test
    void smallRequestsRoundToMultiplesOfSixteenWithSystemJemalloc() {
        assertEquals(8, Q16.mallocSize(8));
        assertEquals(16, Q16.mallocSize(9));
        assertEquals(32, Q16.mallocSize(17));
        assertEquals(32, Q16.mallocSize(24));
        assertEquals(48, Q16.mallocSize(33));
        assertEquals(64, Q16.mallocSize(50));
        assertEquals(128, Q16.mallocSize(113));
    }

    @Test
    void largerRequestsRoundToFourClassesPerDoublingWithEitherQuantum() {
        for (Allocations a : new Allocations[]{Q8, Q16}) {
            assertEquals(80, a.mallocSize(65));
            assertEquals(128, a.mallocSize(128));
            assertEquals(160, a.mallocSize(129));
            assertEquals(192, a.mallocSize(161));
            assertEquals(640, a.mallocSize(536)); // a skiplist header node
            assertEquals(2560, a.mallocSize(2049));
            assertEquals(4096, a.mallocSize(4096));
            assertEquals(5120, a.mallocSize(4097));
            assertEquals(10240, a.mallocSize(8193));
            assertEquals(81920, a.mallocSize(70_011)); // large classes keep the spacing
            assertEquals(1L << 30, a.mallocSize((1L << 30) - 5));
            assertEquals(5L << 28, a.mallocSize((1L << 30) + 1));
        }
    }

    @Test
    void everySizeClassIsAFixedPointAndCoversItsRequest() {
        for (long n = 1; n < 100_000; n++) {
            long c = Q8.mallocSize(n);
            assertTrue(c >= n, "class of " + n);
            assertEquals(c, Q8.mallocSize(c), "class of " + n + " is a class");
            assertTrue(c - n < Math.max(8, c / 4), "waste of " + n);
        }
    }

    @Test
    void negativeRequestsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Q8.mallocSize(-1));
        assertThrows(IllegalArgumentException.class, () -> Allocations.sdsHeaderSize(-1));
    }

    @Test
    void onlyQuantaOfEightAndSixteenExist() {
        assertSame(Q8, Allocations.withQuantum(8));
        assertSame(Q16, Allocations.withQuantum(16));
        assertThrows(IllegalArgumentException.class, () -> Allocations.withQuantum(4));
    }

    @Test
    void sdsHeaderFollowsTheLengthThresholdsOfSdsReqType() {
        assertEquals(3, Allocations.sdsHeaderSize(0), "empty strings get an sdshdr8");
        assertEquals(1, Allocations.sdsHeaderSize(1));
        assertEquals(1, Allocations.sdsHeaderSize(31));
        assertEquals(3, Allocations.sdsHeaderSize(32));
        assertEquals(3, Allocations.sdsHeaderSize(255));
        assertEquals(5, Allocations.sdsHeaderSize(256));
        assertEquals(5, Allocations.sdsHeaderSize(65_535));
        assertEquals(9, Allocations.sdsHeaderSize(65_536));
        assertEquals(9, Allocations.sdsHeaderSize((1L << 32) - 1));
        assertEquals(17, Allocations.sdsHeaderSize(1L << 32));
    }

    @Test
    void sdsAllocationIsHeaderBytesAndTerminatorRoundedToAClass() {
        assertEquals(8, Q8.sdsAllocSize(0)); // 3 + 0 + 1
        assertEquals(24, Q8.sdsAllocSize(20)); // 1 + 20 + 1 = 22
        assertEquals(32, Q16.sdsAllocSize(20));
        assertEquals(40, Q8.sdsAllocSize(31)); // 33
        assertEquals(48, Q8.sdsAllocSize(40)); // 3 + 40 + 1 = 44
        assertEquals(1024, Q8.sdsAllocSize(1000)); // 5 + 1000 + 1
        assertEquals(81920, Q8.sdsAllocSize(70_000)); // 9 + 70000 + 1
    }
}
