package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.DataType;
import io.replkit.rdb.RdbType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Estimates of hand-written keys, with the arithmetic spelled out. Key "k" (and "s", "h", ...)
 * costs 8 (its sds: 1 + 1 + 1 bytes) + 24 (keyspace dictEntry) = 32 bytes with an 8-byte quantum.
 */
class MemoryEstimatorTest {

    private static final int KEY = 8 + 24;
    private static final MemoryEstimator.Options COMPATIBLE = MemoryEstimator.Options.DEFAULT.withMemoryUsageCompatible(true);

    private static MemoryEstimator redis(int major, int minor) {
        return new MemoryEstimator(major, minor);
    }

    private static long stringSize(MemoryEstimator e, String value) {
        return new MiniRdb().string("k", value).estimateOne(e).sizeInBytes();
    }

    @Test
    void smallNonNegativeIntegersAreSharedObjectsAndCostOnlyTheKey() {
        assertEquals(KEY, stringSize(redis(7, 0), "42"));
        assertEquals(KEY, stringSize(redis(7, 0), "9999"));
        assertEquals(KEY + 16, stringSize(redis(7, 0), "10000"), "beyond the shared range: an INT robj");
        assertEquals(KEY + 16, stringSize(redis(7, 0), "-1"));
        assertEquals(KEY + 16, stringSize(redis(7, 0), "-9223372036854775808"));
    }

    @Test
    void memoryUsageCompatibleModeCountsSharedIntegersAsARobj() {
        assertEquals(KEY + 16, stringSize(new MemoryEstimator(7, 0, COMPATIBLE), "42"));
    }

    @Test
    void shortStringsAreOneEmbeddedAllocationOfRobjHeaderAndBytes() {
        assertEquals(KEY + 32, stringSize(redis(7, 0), "hello"), "16 + 3 + 5 + 1 = 25 -> 32");
        assertEquals(KEY + 24, stringSize(redis(7, 0), "007"), "not canonical, so not an integer");
        assertEquals(KEY + 64, stringSize(redis(7, 0), "x".repeat(44)), "16 + 3 + 44 + 1 = 64");
        assertEquals(KEY + 16 + 56, stringSize(redis(7, 0), "x".repeat(45)), "raw: robj + sds of 3 + 45 + 1");
        assertEquals(KEY + 48, stringSize(redis(7, 0), "1".repeat(21)), "too long for an int64: embedded, 41 -> 48");
    }

    @Test
    void memoryUsageCompatibleModeBefore7ReportsEmbeddedStringsUnrounded() {
        assertEquals(KEY + 16 + 2 + 5, stringSize(new MemoryEstimator(6, 2, COMPATIBLE), "hello"));
        assertEquals(KEY + 32, stringSize(new MemoryEstimator(7, 0, COMPATIBLE), "hello"));
    }

    @Test
    void anExpiryAddsTheExpiresDictEntryAndIsPrintedLikeRedisRdbTools() {
        KeyMemory m = new MiniRdb().expireAt(1_700_000_000_250L).string("k", "v").estimateOne(redis(7, 0));
        assertEquals(KEY + 24 + MemoryEstimator.EXPIRES_ENTRY_BYTES, m.sizeInBytes());
        assertTrue(m.hasExpiry());
        assertEquals(1_700_000_000_250L, m.expireAtMs());
        assertEquals("2023-11-14T22:13:20.250000", m.expiry());

        KeyMemory compatible = new MiniRdb().expireAt(1_700_000_000_000L).string("k", "v")
            .estimateOne(new MemoryEstimator(7, 0, COMPATIBLE));
        assertEquals(KEY + 24, compatible.sizeInBytes(), "MEMORY USAGE leaves the expires entry out");
        assertEquals("2023-11-14T22:13:20", compatible.expiry());
    }

    @Test
    void keysWithoutExpiryHaveAnEmptyExpiry() {
        KeyMemory m = new MiniRdb().string("k", "v").estimateOne(redis(7, 0));
        assertFalse(m.hasExpiry());
        assertEquals("", m.expiry());
        assertEquals(-1, m.expireAtMs());
    }

    @Test
    void stringsReportTheirLengthAsElementsAndLargestElement() {
        KeyMemory m = new MiniRdb().string("k", "hello").estimateOne(redis(7, 0));
        assertEquals("string", m.encoding());
        assertEquals(5, m.numElements());
        assertEquals(5, m.lenLargestElement());
    }

    @Test
    void hashtableSetsCostDictBucketsEntriesAndMemberSds() {
        // robj 16 + dict 56 + 4 buckets * 8 + 3 * (dictEntry 24 + sds 8)
        KeyMemory m = new MiniRdb().set("s", List.of("a", "b", "c")).estimateOne(redis(7, 0));
        assertEquals(KEY + 16 + 56 + 32 + 3 * 32, m.sizeInBytes());
        assertEquals("hashtable", m.encoding());
        assertEquals(3, m.numElements());
        assertEquals(1, m.lenLargestElement());
        // Before 7.0 the dict struct is 96 bytes.
        assertEquals(KEY + 16 + 96 + 32 + 3 * 32, new MiniRdb().set("s", List.of("a", "b", "c"))
            .estimateOne(redis(6, 2)).sizeInBytes());
    }

    @Test
    void dictBucketsAreTheNextPowerOfTwoAtLeastFour() {
        assertEquals(0, MemoryEstimator.buckets(0));
        assertEquals(4, MemoryEstimator.buckets(1));
        assertEquals(4, MemoryEstimator.buckets(4));
        assertEquals(8, MemoryEstimator.buckets(5));
        assertEquals(1024, MemoryEstimator.buckets(1024));
        assertEquals(2048, MemoryEstimator.buckets(1025));
    }

    @Test
    void hashtableHashesCostFieldAndValueSdsPerEntry() {
        // robj 16 + dict 56 + 4 buckets * 8 + (8 + 8 + 24) + (8 + sds of 6 bytes 8 + 24)
        KeyMemory m = new MiniRdb().hash("h", List.of("f1", "v1", "f2", "value2")).estimateOne(redis(7, 0));
        assertEquals(KEY + 16 + 56 + 32 + 40 + 40, m.sizeInBytes());
        assertEquals(2, m.numElements());
        assertEquals(6, m.lenLargestElement());
    }

    @Test
    void skiplistMembersCostSdsDictEntryAndAnExpectedNode() {
        MemoryEstimator e = redis(7, 0);
        KeyMemory m = new MiniRdb().zset("z", List.of("a", "b", "c")).estimateOne(e);
        double node = MemoryEstimator.expectedSkiplistNode(Allocations.REDIS_JEMALLOC);
        // robj + zset + zskiplist + dict + 4 buckets + 32-level header (536 -> 640), then per member sds + dictEntry
        long fixed = 16 + 16 + 32 + 56 + 32 + 640;
        assertEquals(KEY + fixed + 3 * (8 + 24) + Math.round(3 * node), m.sizeInBytes());
        assertEquals("skiplist", m.encoding());
    }

    @Test
    void expectedSkiplistNodeAveragesTheSizeClassesOfRandomLevels() {
        // levels 1, 2, 3, ... with probability 3/4, 3/16, 3/64, ...: 40, 56, 72 (80), 88 (96) bytes ...
        assertEquals(45.84, MemoryEstimator.expectedSkiplistNode(Allocations.REDIS_JEMALLOC), 0.01);
        assertEquals(53.34, MemoryEstimator.expectedSkiplistNode(Allocations.SYSTEM_JEMALLOC), 0.01);
    }

    @Test
    void aSmallListIsOneQuicklistNodeHoldingAListpackSince7() {
        // robj 16 + quicklist 40 + node 40 + listpack 7 + "a" 3 + 1 (int) 2 + "bb" 4 = 16 bytes
        KeyMemory m = new MiniRdb().list("l", List.of("a", "1", "bb")).estimateOne(redis(7, 0));
        assertEquals(KEY + 16 + 40 + 40 + 16, m.sizeInBytes());
        assertEquals("quicklist", m.encoding());
        assertEquals(3, m.numElements());
        assertEquals(2, m.lenLargestElement());
    }

    @Test
    void aSmallListIsAZiplistNodeBefore7AndABareListpackSince72() {
        // 6.2: node 32 + ziplist 11 + "a" 3 + 1 (immediate int) 2 + "bb" 4 = 20 -> 24
        assertEquals(KEY + 16 + 40 + 32 + 24, new MiniRdb().list("l", List.of("a", "1", "bb"))
            .estimateOne(redis(6, 2)).sizeInBytes());
        KeyMemory m72 = new MiniRdb().list("l", List.of("a", "1", "bb")).estimateOne(redis(7, 2));
        assertEquals(KEY + 16 + 16, m72.sizeInBytes());
        assertEquals("listpack", m72.encoding());
    }

    @Test
    void longListsAreSplitIntoNodesOfAtMost8KiB() {
        // 100-byte elements take 103 listpack bytes; a node takes another while 7 + 103k + 100 + 8 <= 8192,
        // so it holds 79 (8144 bytes -> 8192); 1000 elements: 12 full nodes and one of 52 (5363 -> 6144).
        List<String> elements = Collections.nCopies(1000, "x".repeat(100));
        KeyMemory m = new MiniRdb().list("l", elements).estimateOne(redis(7, 0));
        assertEquals(KEY + 16 + 40 + 13 * 40 + 12 * 8192 + 6144, m.sizeInBytes());
        assertEquals(1000, m.numElements());
        assertEquals(100, m.lenLargestElement());
        assertEquals("quicklist", new MiniRdb().list("l", elements).estimateOne(redis(7, 2)).encoding());
    }

    @Test
    void aPositiveListFillLimitsNodesByCount() {
        MemoryEstimator e = new MemoryEstimator(7, 0, MemoryEstimator.Options.DEFAULT.withListMaxListpackSize(2));
        // 5 elements "a": nodes of 2, 2, 1: listpacks of 7 + 3 * n bytes -> 16, 16, 16
        KeyMemory m = new MiniRdb().list("l", Collections.nCopies(5, "a")).estimateOne(e);
        assertEquals(KEY + 16 + 40 + 3 * (40 + 16), m.sizeInBytes());
    }

    @Test
    void oneEstimatorIsReusedAcrossKeys() {
        MemoryEstimator e = redis(7, 0);
        List<KeyMemory> all = new MiniRdb()
            .set("s", List.of("a", "b", "c"))
            .string("k", "hello")
            .list("l", List.of("a", "1", "bb"))
            .estimate(e);
        assertEquals(List.of(KEY + 16 + 56 + 32 + 96L, KEY + 32L, KEY + 112L),
            all.stream().map(KeyMemory::sizeInBytes).toList());
        assertEquals(all.get(2), e.result());
    }

    @Test
    void theResultIsUnavailableBeforeAKeyWasRead() {
        MemoryEstimator e = redis(7, 0);
        assertThrows(IllegalStateException.class, e::result);
        new MiniRdb().string("k", "v").estimate(e);
        e.reset();
        assertThrows(IllegalStateException.class, e::result);
    }

    @Test
    void theVersionIsTakenFromTheServerVersionOrTheRdbVersion() {
        assertEquals("7.0", MemoryEstimator.forServerVersion("7.0.15").modelVersion());
        assertEquals("6.2", MemoryEstimator.forServerVersion("6.2").modelVersion());
        assertEquals("4.0", MemoryEstimator.forServerVersion("3.2.13").modelVersion(), "older versions use the 4.0 model");
        assertEquals("7.4", MemoryEstimator.forServerVersion("8.0.1").modelVersion(), "newer ones the 7.4 model");
        assertThrows(IllegalArgumentException.class, () -> MemoryEstimator.forServerVersion("seven"));
        assertEquals("6.2", MemoryEstimator.forRdbVersion(9).modelVersion());
        assertEquals("7.0", MemoryEstimator.forRdbVersion(10).modelVersion());
        assertEquals("7.2", MemoryEstimator.forRdbVersion(11).modelVersion());
        assertEquals("7.4", MemoryEstimator.forRdbVersion(12).modelVersion());
        assertEquals("7.2", MemoryEstimator.forRdbVersion(80).modelVersion());
        assertEquals("4.0", MemoryEstimator.forRdbVersion(6).modelVersion());
    }

    @Test
    void invalidOptionsAreRejected() {
        MemoryEstimator.Options d = MemoryEstimator.Options.DEFAULT;
        assertThrows(IllegalArgumentException.class, () -> d.withListMaxListpackSize(0));
        assertThrows(IllegalArgumentException.class, () -> d.withListMaxListpackSize(-6));
        assertThrows(IllegalArgumentException.class, () -> d.withMallocQuantum(32));
    }

    @Test
    void encodingNamesFollowRedisRdbTools() {
        assertEquals("string", MemoryEstimator.encodingName(RdbType.STRING));
        assertEquals("quicklist", MemoryEstimator.encodingName(RdbType.LIST));
        assertEquals("quicklist", MemoryEstimator.encodingName(RdbType.LIST_QUICKLIST_2));
        assertEquals("intset", MemoryEstimator.encodingName(RdbType.SET_INTSET));
        assertEquals("hashtable", MemoryEstimator.encodingName(RdbType.SET));
        assertEquals("listpack", MemoryEstimator.encodingName(RdbType.SET_LISTPACK));
        assertEquals("skiplist", MemoryEstimator.encodingName(RdbType.ZSET_2));
        assertEquals("ziplist", MemoryEstimator.encodingName(RdbType.ZSET_ZIPLIST));
        assertEquals("zipmap", MemoryEstimator.encodingName(RdbType.HASH_ZIPMAP));
        assertEquals("hashtable", MemoryEstimator.encodingName(RdbType.HASH_METADATA));
        assertEquals("listpackex", MemoryEstimator.encodingName(RdbType.HASH_LISTPACK_EX));
        assertEquals("listpack", MemoryEstimator.encodingName(RdbType.STREAM_LISTPACKS_3));
        for (RdbType t : RdbType.values()) {
            assertFalse(MemoryEstimator.encodingName(t).isEmpty());
        }
        assertEquals("sortedset", MemoryEstimator.typeName(DataType.ZSET));
        assertEquals("hash", MemoryEstimator.typeName(DataType.HASH));
    }

    @Test
    void estimatingManyKeysAllocatesNoStatePerElement() {
        // A smoke test of reuse: a large hashtable hash after a large list gives the same figure as alone.
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            fields.add("field" + i);
            fields.add("value" + i);
        }
        MemoryEstimator e = redis(7, 0);
        long alone = new MiniRdb().hash("h", fields).estimateOne(e).sizeInBytes();
        List<KeyMemory> both = new MiniRdb().list("l", Collections.nCopies(3000, "y")).hash("h", fields).estimate(e);
        assertEquals(alone, both.get(1).sizeInBytes());
    }
}
