package io.replkit.rdb;

import static io.replkit.rdb.RdbTestSupport.bytes;
import static io.replkit.rdb.RdbTestSupport.chunked;
import static io.replkit.rdb.RdbTestSupport.fixture;
import static io.replkit.rdb.RdbTestSupport.readAll;
import static io.replkit.rdb.RdbTestSupport.render;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.StringValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pull reader's contract: one read per value, skipping, positions, the end, and input in fragments. */
class RdbReaderTest {

    private static KeyEntry nextKey(RdbReader r) throws IOException {
        for (RdbRecord rec; (rec = r.next()) != null; ) {
            if (rec instanceof KeyEntry k) {
                return k;
            }
        }
        throw new AssertionError("no key left");
    }

    /** header, SELECTDB 0, strings a=1 and b=22, a list l=[x, y], SELECTDB 3, c=333, EOF, checksum. */
    private static byte[] smallFile() {
        return RdbBuilder.redis(11).aux("redis-ver", "7.2.6").selectDb(0)
            .stringKey("a", "1").stringKey("b", "22")
            .key(RdbType.LIST, "l").len(2).string("x").string("y")
            .selectDb(3).stringKey("c", "333").eof().withChecksum();
    }

    private static RdbReader reader(byte[] file) {
        return new RdbReader(new ByteArrayInputStream(file), file.length, RdbLimits.DEFAULT);
    }

    // ------------------------------------------------------------------ one read per value

    @Test
    void readingAValueTwiceThrowsIllegalState() throws IOException {
        try (RdbReader r = reader(smallFile())) {
            KeyEntry a = nextKey(r);
            assertEquals("1", new String(assertInstanceOf(StringValue.class, a.value()).bytes(), StandardCharsets.UTF_8));
            IllegalStateException e = assertThrows(IllegalStateException.class, a::value);
            assertEquals("the value of key \"a\" (db 0, STRING) was already read or skipped", e.getMessage());
            assertThrows(IllegalStateException.class, () -> a.accept(new ValueVisitor() { }));
            a.skip(); // skipping what was read is a no-op
            KeyEntry b = nextKey(r);
            assertEquals("b", new String(b.key(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aSkippedValueCannotBeReadAfterwards() throws IOException {
        try (RdbReader r = reader(smallFile())) {
            KeyEntry a = nextKey(r);
            a.skip();
            assertTrue(a.isConsumed());
            assertThrows(IllegalStateException.class, a::value);
        }
    }

    @Test
    void aValueCannotBeReadOnceTheReaderMovedPastIt() throws IOException {
        try (RdbReader r = reader(smallFile())) {
            KeyEntry a = nextKey(r);
            KeyEntry b = nextKey(r);
            assertTrue(a.isConsumed(), "next() skipped the unread value");
            assertThrows(IllegalStateException.class, a::value);
            assertEquals("22", new String(((StringValue) b.value()).bytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void unreadValuesAreSkippedByNext() throws IOException {
        Path dump = fixture("redis-7.4.1");
        List<String> keysRead = new ArrayList<>();
        List<String> keysSkipped = new ArrayList<>();
        try (RdbReader full = RdbReader.open(dump); RdbReader lazy = RdbReader.open(dump)) {
            for (RdbRecord rec; (rec = full.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    k.value();
                    keysRead.add(render(k) + " " + k.serializedSize());
                }
            }
            List<KeyEntry> unread = new ArrayList<>();
            for (RdbRecord rec; (rec = lazy.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    unread.add(k);
                }
            }
            for (KeyEntry k : unread) {
                assertTrue(k.isConsumed());
                keysSkipped.add(render(k) + " " + k.serializedSize());
            }
        }
        assertEquals(keysRead, keysSkipped);
        assertTrue(keysRead.size() > 80, "keys: " + keysRead.size());
    }

    @Test
    void serializedSizeIsKnownOnceTheValueWasSkippedOrRead() throws IOException {
        byte[] file = smallFile();
        try (RdbReader r = reader(file)) {
            KeyEntry a = nextKey(r);
            IllegalStateException e = assertThrows(IllegalStateException.class, a::serializedSize);
            assertEquals("the value of key \"a\" (db 0, STRING) has not been read yet", e.getMessage());
            a.skip();
            assertEquals(5, a.serializedSize(), "type byte, key 1+1, value 1+1");
            assertEquals(a.offset() + 5, r.offset());
            KeyEntry b = nextKey(r);
            assertEquals(a.offset() + 5, b.offset());
            b.value();
            assertEquals(6, b.serializedSize());
            KeyEntry l = nextKey(r);
            assertEquals(2, ((ListValue) l.value()).size());
            assertEquals(1 + 2 + 1 + 2 + 2, l.serializedSize());
        }
    }

    @Test
    void skippedSizesOfEveryFixtureKeyAddUpToTheOffsetsOfTheNextRecords() throws IOException {
        for (String name : List.of("redis-2.8.24", "redis-7.4.1-cluster", "valkey-8.0.1-lfu")) {
            try (RdbReader r = RdbReader.open(fixture(name))) {
                KeyEntry previous = null;
                for (RdbRecord rec; (rec = r.next()) != null; ) {
                    if (previous != null) {
                        long end = previous.offset() + previous.serializedSize();
                        if (rec instanceof KeyEntry) {
                            // Only a key's own EXPIRETIME_MS (9 bytes) and IDLE (up to 10) or FREQ (2) lie between.
                            assertTrue(rec.offset() >= end && rec.offset() <= end + 19, name + " " + rec);
                        } else {
                            assertEquals(end, rec.offset(), name + " " + rec);
                        }
                        previous = null;
                    }
                    if (rec instanceof KeyEntry k) {
                        k.skip();
                        previous = k;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ positions, header, db, end

    @Test
    void headerAndCurrentDbFollowTheRecordsRead() throws IOException {
        try (RdbReader r = reader(smallFile())) {
            assertNull(r.header(), "no header before the first next()");
            assertEquals(0, r.currentDb());
            RdbHeader h = assertInstanceOf(RdbHeader.class, r.next());
            assertSame(h, r.header());
            assertEquals(new RdbHeader("REDIS0011", 11, false, 0), h);
            assertEquals(9, r.offset());
            AuxField aux = assertInstanceOf(AuxField.class, r.next());
            assertEquals("redis-ver", aux.name());
            assertEquals("7.2.6", aux.valueAsString());
            assertEquals(new SelectDb(0, 26), r.next());
            assertEquals(0, r.currentDb());
            assertEquals(0, nextKey(r).db());
            KeyEntry c = nextKey(r);
            while (!new String(c.key(), StandardCharsets.UTF_8).equals("c")) {
                c = nextKey(r);
            }
            assertEquals(3, r.currentDb());
            assertEquals(3, c.db());
            assertEquals("key \"c\" (db 3, STRING)", c.describe());
        }
    }

    @Test
    void nextAfterRdbEndReturnsNullAgainAndAgain() throws IOException {
        byte[] file = smallFile();
        try (RdbReader r = reader(file)) {
            RdbRecord last = null;
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                last = rec;
            }
            RdbEnd end = assertInstanceOf(RdbEnd.class, last);
            assertEquals(RdbEnd.ChecksumStatus.VERIFIED, end.status());
            assertEquals(file.length - 9, end.offset());
            assertEquals(file.length, r.offset());
            assertNull(r.next());
            assertNull(r.next());
            assertEquals(file.length, r.offset());
        }
    }

    @Test
    void aLastKeyLeftUnreadIsSkippedOnTheWayToTheEnd() throws IOException {
        byte[] file = smallFile();
        try (RdbReader r = reader(file)) {
            KeyEntry c = null;
            RdbRecord rec;
            while ((rec = r.next()) != null && !(rec instanceof RdbEnd)) {
                if (rec instanceof KeyEntry k) {
                    c = k;
                }
            }
            assertInstanceOf(RdbEnd.class, rec);
            assertEquals(7, c.serializedSize());
        }
    }

    // ------------------------------------------------------------------ fragmented input

    @ParameterizedTest(name = "{0} in {1}-byte reads")
    @CsvSource({
        "redis-2.8.24, 1", "redis-2.8.24, 2", "redis-2.8.24, 3", "redis-2.8.24, 5", "redis-2.8.24, 100",
        "redis-6.2.16-lru, 1", "redis-6.2.16-lru, 2", "redis-6.2.16-lru, 3", "redis-6.2.16-lru, 5", "redis-6.2.16-lru, 100",
        "redis-8.0-m01-lfu, 1", "redis-8.0-m01-lfu, 2", "redis-8.0-m01-lfu, 3", "redis-8.0-m01-lfu, 5", "redis-8.0-m01-lfu, 100",
    })
    void aStreamThatReturnsFewBytesPerReadGivesTheSameRecordsAndValues(String fixture, int chunk) throws IOException {
        Path dump = fixture(fixture);
        byte[] file = bytes(dump);
        List<String> expected;
        try (RdbReader r = RdbReader.open(dump)) {
            expected = readAll(r);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertEquals(expected, readAll(chunked(file, chunk), -1), "unknown size");
            assertEquals(expected, readAll(chunked(file, chunk), file.length), "known size");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100})
    void aSmallReadBufferGivesTheSameRecordsAndValues(int chunk) throws IOException {
        // 64 bytes is the smallest buffer allowed: every value larger than it takes the slow paths.
        Path dump = fixture("redis-7.4.1");
        byte[] file = bytes(dump);
        List<String> expected;
        try (RdbReader r = RdbReader.open(dump)) {
            expected = readAll(r);
        }
        RdbLimits small = new RdbLimits(RdbLimits.DEFAULT.maxStringLength(), 64);
        for (long known : new long[] {file.length, -1}) {
            try (RdbReader r = new RdbReader(chunked(file, chunk), known, small)) {
                assertEquals(expected, readAll(r), "knownSize " + known);
            }
        }
    }

    // ------------------------------------------------------------------ data after the RDB

    /** A diskless transfer ends with the 40-byte {@code $EOF:<mark>} mark after the checksum. */
    private static final byte[] EOF_MARK = "0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII);

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Reads to RdbEnd, then returns what the reader buffered beyond it followed by what the stream still holds. */
    private static byte[] afterEnd(RdbReader r, InputStream in) throws IOException {
        RdbRecord last = null;
        for (RdbRecord rec; (rec = r.next()) != null; ) {
            last = rec;
            if (rec instanceof KeyEntry k) {
                k.value();
            }
        }
        assertEquals(RdbEnd.ChecksumStatus.VERIFIED, assertInstanceOf(RdbEnd.class, last).status());
        return concat(r.unconsumedBuffered(), in.readAllBytes());
    }

    @Test
    void unconsumedBufferedReturnsExactlyTheBytesAfterTheChecksum() throws IOException {
        byte[] rdb = bytes(fixture("redis-7.0.15"));
        byte[] stream = concat(rdb, EOF_MARK);
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(stream))) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                assertFalse(rec.offset() >= rdb.length, rec.toString());
            }
            // The whole stream fits the read buffer, so all of the mark was buffered.
            assertArrayEquals(EOF_MARK, r.unconsumedBuffered());
            assertEquals(rdb.length, r.offset());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 4096})
    void bufferedAndUnreadBytesTogetherAreTheTrailingDataWhateverTheChunking(int chunk) throws IOException {
        byte[] rdb = bytes(fixture("valkey-8.0.1"));
        InputStream in = chunked(concat(rdb, EOF_MARK), chunk);
        try (RdbReader r = new RdbReader(in, -1, RdbLimits.DEFAULT)) {
            assertArrayEquals(EOF_MARK, afterEnd(r, in));
        }
    }

    @Test
    void unconsumedBufferedIsEmptyWhenNothingFollowsTheChecksum() throws IOException {
        try (RdbReader r = reader(smallFile())) {
            while (r.next() != null) {
                // read to the end
            }
            assertEquals(0, r.unconsumedBuffered().length);
        }
    }

    @Test
    void dataAfterAnRdbWithoutChecksumStartsRightAfterTheEofOpcode() throws IOException {
        byte[] rdb = RdbBuilder.redis(4).selectDb(0).stringKey("k", "v").eof().bytes();
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(concat(rdb, EOF_MARK)))) {
            RdbRecord last = null;
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                last = rec;
            }
            assertEquals(RdbEnd.ChecksumStatus.ABSENT, assertInstanceOf(RdbEnd.class, last).status());
            assertArrayEquals(EOF_MARK, r.unconsumedBuffered());
        }
    }
}
