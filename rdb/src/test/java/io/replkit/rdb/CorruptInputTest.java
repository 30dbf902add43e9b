package io.replkit.rdb;

import static io.replkit.rdb.RdbTestSupport.bytes;
import static io.replkit.rdb.RdbTestSupport.fixture;
import static io.replkit.rdb.RdbTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.replkit.rdb.encoding.Crc64;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input of every kind ends in exactly one {@link RdbFormatException} that says what was
 * expected and where: truncated fixtures, single-byte changes, forged lengths, unknown type bytes
 * and bad checksums. Never another exception type, never a hang, never a huge allocation.
 */
class CorruptInputTest {
    /** Generous bound for one fixture's whole loop (hundreds of full reads); a hang fails here. */
    private static final Duration PER_FIXTURE = Duration.ofSeconds(45);
    /** Bound for one hand-crafted file. */
    private static final Duration PER_FILE = Duration.ofSeconds(5);
    /** The most a forged-length read may allocate: the 256 KB read buffer, a 1 MB growth step, slack. */
    private static final long ALLOCATION_GUARD = 16L << 20;
    private static final long MAX_STRING = RdbLimits.DEFAULT.maxStringLength();
    private static final Pattern CHECKSUM_MISMATCH =
        Pattern.compile("checksum mismatch: file says 0x[0-9a-f]{16}, content gives 0x[0-9a-f]{16}");

    static Stream<Named<Path>> fixtures() {
        return RdbTestSupport.fixtureDirs().stream()
            .map(d -> Named.of(d.getFileName().toString(), d.resolve("dump.rdb")));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Reads the first {@code length} bytes of {@code data} to the end, materialising every value,
     * and returns the RdbFormatException that ended the read; fails on a clean read or any other
     * throwable, and when the cause chain hides another exception type.
     */
    private static RdbFormatException failure(byte[] data, int length, long knownSize) {
        int records;
        try {
            records = RdbTestSupport.drain(
                new RdbReader(new ByteArrayInputStream(data, 0, length), knownSize, RdbLimits.DEFAULT));
        } catch (RdbFormatException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                assertInstanceOf(RdbFormatException.class, c, "cause of " + e.getMessage());
            }
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected RdbFormatException, got " + t + " (knownSize " + knownSize + ")", t);
        }
        return fail("read ended cleanly after " + records + " records (knownSize " + knownSize + ")");
    }

    private static RdbFormatException failure(byte[] data, long knownSize) {
        return failure(data, data.length, knownSize);
    }

    /** Runs one crafted file with a time limit and an allocation guard on the reading thread. */
    private static RdbFormatException failsFast(byte[] data, long knownSize) {
        return assertTimeoutPreemptively(PER_FILE, () -> {
            long before = allocatedBytes();
            RdbFormatException e = failure(data, knownSize);
            long allocated = allocatedBytes() - before;
            assertTrue(allocated < ALLOCATION_GUARD, "allocated " + allocated + " bytes for a "
                + data.length + "-byte file before failing with: " + e.getMessage());
            return e;
        });
    }

    /** Bytes allocated by the current thread, or 0 when the JVM cannot tell. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
            && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }

    private static void assertError(RdbFormatException e, String problem, long offset, String context) {
        assertEquals(problem, e.problem(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertEquals(context, e.context(), e.getMessage());
        String expected = problem + " at offset " + offset + (context == null ? "" : " (reading " + context + ")");
        assertEquals(expected, e.getMessage());
    }

    private static long trailer(byte[] file) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (file[file.length - 8 + i] & 0xFFL);
        }
        return v;
    }

    // ------------------------------------------------------------------ truncation

    /** Every length below 64, 200 spread over the file, and each of the last 9 bytes cut off. */
    private static SortedSet<Integer> truncationLengths(int size) {
        SortedSet<Integer> lengths = new TreeSet<>();
        for (int i = 0; i < Math.min(64, size); i++) {
            lengths.add(i);
        }
        int span = size - 9 - 64;
        for (int i = 0; i < 200 && span > 0; i++) {
            lengths.add(64 + (int) ((long) span * i / 200));
        }
        for (int i = Math.max(0, size - 9); i < size; i++) {
            lengths.add(i);
        }
        return lengths;
    }

    private static boolean explainsTruncation(String problem) {
        return problem.startsWith("unexpected end of input: ") || problem.contains(" exceeds ")
            || problem.endsWith("too short for the 9-byte RDB header");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyTruncatedFixtureEndsInOneFormatExceptionWithinTheTruncatedLength(Path dump) {
        byte[] full = bytes(dump);
        SortedSet<Integer> lengths = truncationLengths(full.length);
        assertTrue(lengths.size() > 250, "lengths tried: " + lengths.size());
        AtomicReference<String> current = new AtomicReference<>("start");
        assertTimeoutPreemptively(PER_FIXTURE, () -> {
            for (int length : lengths) {
                for (long known : new long[] {length, -1}) {
                    current.set("length " + length + ", knownSize " + known);
                    RdbFormatException e = failure(full, length, known);
                    assertTrue(e.offset() >= 0 && e.offset() <= length,
                        "offset outside 0.." + length + " (" + current.get() + "): " + e.getMessage());
                    assertTrue(explainsTruncation(e.problem()),
                        "does not say what was expected (" + current.get() + "): " + e.getMessage());
                }
            }
        }, () -> "hung or too slow at " + current.get());
    }

    @Test
    void aFileShorterThanTheHeaderSaysHowLongItIs() {
        byte[] full = bytes(fixture("redis-7.4.1"));
        for (long known : new long[] {5, -1}) {
            assertError(failure(full, 5, known), "file is 5 bytes long, too short for the 9-byte RDB header", 5, null);
            assertError(failure(full, 0, known), "file is 0 bytes long, too short for the 9-byte RDB header", 0, null);
        }
        assertEquals("file is 5 bytes long, too short for the 9-byte RDB header at offset 5",
            failure(full, 5, 5).getMessage());
    }

    @Test
    void aFileCutAfterTheHeaderFailsReadingTheFirstRecordType() {
        byte[] full = bytes(fixture("redis-7.4.1"));
        for (long known : new long[] {9, -1}) {
            assertError(failure(full, 9, known), "unexpected end of input: record type needs 1 bytes, only 0 remain", 9, null);
        }
    }

    @Test
    void aFileCutRightAfterTheEofOpcodeFailsReadingTheChecksum() {
        byte[] full = bytes(fixture("redis-7.4.1"));
        int eof = full.length - 9;
        for (long known : new long[] {eof + 1, -1}) {
            assertError(failure(full, eof + 1, known),
                "unexpected end of input: CRC64 checksum after EOF needs 8 bytes, only 0 remain", eof + 1,
                "EOF record at offset " + eof);
        }
        for (long known : new long[] {full.length - 1, -1}) {
            assertError(failure(full, full.length - 1, known),
                "unexpected end of input: CRC64 checksum after EOF needs 8 bytes, only 7 remain", eof + 1,
                "EOF record at offset " + eof);
        }
    }

    @Test
    void aFileCutBeforeTheEofOpcodeFailsReadingTheNextRecordType() {
        byte[] full = bytes(fixture("redis-7.4.1"));
        int eof = full.length - 9;
        assertError(failure(full, eof, eof), "unexpected end of input: record type needs 1 bytes, only 0 remain", eof, null);
    }

    @Test
    void aValueCutShortNamesTheKeyAndTheMissingBytes() {
        RdbBuilder b = RdbBuilder.redis(11).selectDb(0);
        b.key(RdbType.STRING, "k");
        int lenAt = b.size();
        b.string("hello").eof();
        byte[] file = b.withChecksum();
        int cut = lenAt + 3; // length byte and "he"
        String context = "key \"k\" (db 0, STRING)";
        assertError(failure(file, cut, cut), "string value length 5 exceeds the remaining 2 bytes", lenAt, context);
        assertError(failure(file, cut, -1), "unexpected end of input: string value needs 5 bytes, only 2 remain",
            lenAt + 1, context);
        assertEquals("unexpected end of input: string value needs 5 bytes, only 2 remain at offset 15"
            + " (reading key \"k\" (db 0, STRING))", failure(file, cut, -1).getMessage());
    }

    @Test
    void aKeyCutAfterItsTypeByteNamesTheKeyBeingRead() {
        RdbBuilder b = RdbBuilder.redis(11).selectDb(0);
        int keyAt = b.size();
        b.stringKey("k", "v").eof();
        byte[] file = b.withChecksum();
        for (long known : new long[] {keyAt + 1, -1}) {
            assertError(failure(file, keyAt + 1, known), "unexpected end of input: key needs 1 bytes, only 0 remain",
                keyAt + 1, "the key of a STRING value at offset " + keyAt);
        }
    }

    // ------------------------------------------------------------------ byte changes

    /** The header's version digits as changed, when they still parse. */
    private static int headerVersion(byte[] file) {
        String digits = new String(file, 5, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everySingleByteChangeIsCaughtStructurallyOrByTheChecksum(Path dump) {
        byte[] file = bytes(dump);
        int eof = file.length - 9;
        Random random = new Random(0x5EED_0000L ^ dump.getParent().getFileName().toString().hashCode());
        int[] outcomes = new int[3]; // checksum mismatch, other format error, clean read of a pre-checksum version
        AtomicReference<String> current = new AtomicReference<>("start");
        assertTimeoutPreemptively(PER_FIXTURE, () -> {
            for (int i = 0; i < 300; i++) {
                int pos = random.nextInt(file.length);
                byte original = file[pos];
                file[pos] ^= (byte) (1 + random.nextInt(255));
                long known = i % 2 == 0 ? file.length : -1;
                current.set("byte " + pos + " changed from " + (original & 0xFF) + " to " + (file[pos] & 0xFF)
                    + ", knownSize " + known);
                try {
                    int version = pos >= 5 && pos < 9 ? headerVersion(file) : -1;
                    if (version >= 1 && version < 5) {
                        // RDB 1-4 have no checksum: the reader stops at EOF and ignores the trailer.
                        List<String> records = readAll(new ByteArrayInputStream(file), known);
                        assertTrue(records.get(records.size() - 1).startsWith("RdbEnd[status=ABSENT"), current.get());
                        outcomes[2]++;
                        continue;
                    }
                    RdbFormatException e = failure(file, file.length, known);
                    assertTrue(e.offset() >= 0 && e.offset() <= file.length, current.get() + ": " + e.getMessage());
                    if (e.problem().startsWith("checksum mismatch")) {
                        assertTrue(CHECKSUM_MISMATCH.matcher(e.problem()).matches(), e.problem());
                        assertEquals(eof + 1, e.offset(), current.get() + ": " + e.getMessage());
                        outcomes[0]++;
                    } else {
                        outcomes[1]++;
                    }
                } finally {
                    file[pos] = original;
                }
            }
        }, () -> "hung or too slow at " + current.get());
        assertEquals(300, outcomes[0] + outcomes[1] + outcomes[2]);
        assertTrue(outcomes[0] > 0, "no change was left to the checksum: " + Arrays.toString(outcomes));
    }

    // ------------------------------------------------------------------ forged lengths

    @Nested
    class ForgedLengths {
        private static final String KEY_CONTEXT = "key \"k\" (db 0, STRING)";

        @Test
        void aStringLengthOf2To32Minus1ExceedsTheMaximum() {
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            int lenAt = b.size();
            byte[] file = b.len32(0xFFFFFFFFL).ascii("abc").eof().withChecksum();
            for (long known : new long[] {file.length, -1}) {
                assertError(failsFast(file, known),
                    "string value length 4294967295 exceeds the maximum " + MAX_STRING, lenAt, KEY_CONTEXT);
            }
            assertEquals("string value length 4294967295 exceeds the maximum " + MAX_STRING + " at offset 14"
                + " (reading key \"k\" (db 0, STRING))", failsFast(file, file.length).getMessage());
        }

        @Test
        void aStringLengthOf2To62ExceedsTheMaximum() {
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            int lenAt = b.size();
            byte[] file = b.len64(1L << 62).ascii("abc").eof().withChecksum();
            for (long known : new long[] {file.length, -1}) {
                assertError(failsFast(file, known),
                    "string value length 4611686018427387904 exceeds the maximum " + MAX_STRING, lenAt, KEY_CONTEXT);
            }
        }

        @Test
        void aLengthWithTheTopBitSetIsReadUnsignedAndExceedsTheMaximum() {
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            int lenAt = b.size();
            byte[] file = b.len64(-2).ascii("abc").eof().withChecksum();
            for (long known : new long[] {file.length, -1}) {
                assertError(failsFast(file, known),
                    "string value length 18446744073709551614 exceeds the maximum " + MAX_STRING, lenAt, KEY_CONTEXT);
            }
        }

        @Test
        void aStringLengthBelowTheMaximumInAShortStreamOfUnknownSizeRunsOutOfInput() {
            long forged = MAX_STRING - 1000;
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            int lenAt = b.size();
            byte[] file = b.len32(forged).ascii("abc").bytes();
            assertError(failsFast(file, -1), "unexpected end of input: string value needs " + forged
                + " bytes, only 3 remain", lenAt + 5, KEY_CONTEXT);
            assertError(failsFast(file, file.length), "string value length " + forged
                + " exceeds the remaining 3 bytes", lenAt, KEY_CONTEXT);
        }

        @Test
        void aListCountOf2To40ExceedsWhatTheFileCanHoldAndIsNeverPreallocated() {
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.LIST, "l");
            int countAt = b.size();
            b.len(1L << 40).string("a").string("b").string("c");
            byte[] whole = b.eof().withChecksum();
            long remaining = whole.length - (countAt + 9);
            assertError(failsFast(whole, whole.length), "list length 1099511627776 exceeds what the remaining "
                + remaining + " bytes can hold", countAt, "key \"l\" (db 0, LIST)");
            // Unknown size: the count cannot be checked up front; elements are read until the input ends.
            byte[] cut = Arrays.copyOf(whole, countAt + 9 + 6);
            assertError(failsFast(cut, -1), "unexpected end of input: list element needs 1 bytes, only 0 remain",
                cut.length, "key \"l\" (db 0, LIST)");
        }

        @Test
        void anLzfStringClaiming2GbUncompressedExceedsTheMaximum() {
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            int stringAt = b.size();
            b.raw(0xC0 | RdbInput.ENC_LZF).len(10).len32(1L << 31).raw(new byte[10]);
            byte[] file = b.eof().withChecksum();
            for (long known : new long[] {file.length, -1}) {
                assertError(failsFast(file, known),
                    "string value uncompressed length 2147483648 exceeds the maximum " + MAX_STRING, stringAt, KEY_CONTEXT);
            }
        }

        @Test
        void anLzfStringClaimingMoreThanItsCompressedBytesCanHoldIsImpossible() {
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            int stringAt = b.size();
            b.raw(0xC0 | RdbInput.ENC_LZF).len(10).len32(1L << 30).raw(new byte[10]);
            byte[] file = b.eof().withChecksum();
            for (long known : new long[] {file.length, -1}) {
                assertError(failsFast(file, known),
                    "string value uncompressed length 1073741824 is impossible for 10 compressed bytes", stringAt, KEY_CONTEXT);
            }
        }

        @Test
        void anLzfStringWithForgedLengthsInAShortStreamOfUnknownSizeRunsOutOfInputWithoutAllocating() {
            // 16 MB compressed could expand to ~2 GB, so the ratio check passes: the reader must not
            // allocate the output before the compressed bytes have actually arrived.
            long clen = 1L << 24;
            long ulen = MAX_STRING - 100;
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            int stringAt = b.size();
            b.raw(0xC0 | RdbInput.ENC_LZF).len32(clen).len32(ulen);
            int dataAt = b.size();
            byte[] file = b.raw(new byte[10]).bytes();
            assertError(failsFast(file, -1), "unexpected end of input: string value needs " + clen
                + " bytes, only 10 remain", dataAt, KEY_CONTEXT);
            assertError(failsFast(file, file.length), "string value compressed length " + clen
                + " exceeds the remaining 10 bytes", stringAt, KEY_CONTEXT);
        }

        @Test
        void aSmallLzfStringWithForgedLengthsInAShortStreamOfUnknownSizeRunsOutOfInput() {
            // A compressed length that fits the read buffer takes the buffered path.
            long clen = 200_000;
            long ulen = clen * 132;
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0).key(RdbType.STRING, "k");
            b.raw(0xC0 | RdbInput.ENC_LZF).len32(clen).len32(ulen);
            int dataAt = b.size();
            byte[] file = b.raw(new byte[10]).bytes();
            assertError(failsFast(file, -1), "unexpected end of input: string value needs " + clen
                + " bytes, only 10 remain", dataAt, KEY_CONTEXT);
        }

        @Test
        void aSixtyFourBitKeyLengthExceedsTheMaximumOrTheRemainingBytes() {
            RdbBuilder b = RdbBuilder.redis(11).selectDb(0);
            int keyAt = b.size();
            b.raw(RdbType.STRING.code());
            int lenAt = b.size();
            String context = "the key of a STRING value at offset " + keyAt;
            byte[] huge = b.len64(1L << 40).ascii("k").string("v").eof().withChecksum();
            for (long known : new long[] {huge.length, -1}) {
                assertError(failsFast(huge, known), "key length 1099511627776 exceeds the maximum " + MAX_STRING,
                    lenAt, context);
            }
            // A 64-bit encoding of a length within the maximum but beyond the input.
            RdbBuilder b2 = RdbBuilder.redis(11).selectDb(0);
            b2.raw(RdbType.STRING.code());
            byte[] longer = b2.len64(1000).ascii("k").string("v").eof().withChecksum();
            long remaining = longer.length - (lenAt + 9);
            assertError(failsFast(longer, longer.length),
                "key length 1000 exceeds the remaining " + remaining + " bytes", lenAt, context);
            assertError(failsFast(longer, -1),
                "unexpected end of input: key needs 1000 bytes, only " + remaining + " remain", lenAt + 9, context);
        }

        @Test
        void aForgedAuxNameLengthNamesTheAuxRecord() {
            RdbBuilder b = RdbBuilder.redis(11);
            b.raw(RdbOpcode.AUX.code());
            byte[] file = b.len32(0x7FFFFF00L).ascii("redis-ver").eof().withChecksum();
            assertError(failsFast(file, file.length),
                "AUX field name length 2147483392 exceeds the remaining " + (file.length - 15) + " bytes", 10,
                "AUX record at offset 9");
            assertError(failsFast(file, -1), "unexpected end of input: AUX field name needs 2147483392 bytes, only "
                + (file.length - 15) + " remain", 15, "AUX record at offset 9");
        }
    }

    // ------------------------------------------------------------------ unknown bytes

    @Nested
    class UnknownTypes {
        private RdbFormatException readWithTypeByte(RdbBuilder b, int code, int[] at) {
            b.selectDb(0).stringKey("a", "1");
            at[0] = b.size();
            byte[] file = b.raw(code).string("k").string("v").eof().withChecksum();
            RdbFormatException e = failsFast(file, file.length);
            assertEquals(e.getMessage(), failsFast(file, -1).getMessage());
            return e;
        }

        @Test
        void valueType30IsUnknownInAnRdb11File() {
            int[] at = new int[1];
            RdbFormatException e = readWithTypeByte(RdbBuilder.redis(11), 30, at);
            assertError(e, "unknown value type or opcode 30 (0x1e) in an RDB 11 file", at[0], null);
            assertEquals("unknown value type or opcode 30 (0x1e) in an RDB 11 file at offset 16", e.getMessage());
        }

        @Test
        void valueType8WhichRedisNeverAssignedIsUnknown() {
            int[] at = new int[1];
            assertError(readWithTypeByte(RdbBuilder.redis(11), 8, at),
                "unknown value type or opcode 8 (0x8) in an RDB 11 file", at[0], null);
        }

        @Test
        void anUnassignedOpcodeIsUnknown() {
            int[] at = new int[1];
            assertError(readWithTypeByte(RdbBuilder.redis(12), 0xF0, at),
                "unknown value type or opcode 240 (0xf0) in an RDB 12 file", at[0], null);
        }

        @Test
        void aRedisOnlyTypeIsUnknownInAValkeyFile() {
            int[] at = new int[1];
            assertError(readWithTypeByte(RdbBuilder.valkey(80), 24, at),
                "unknown value type or opcode 24 (0x18) in an RDB 80 file", at[0], null);
        }
    }

    // ------------------------------------------------------------------ checksums

    @Test
    void aChangedLastByteIsAChecksumMismatchAfterEveryRecordWasRead() throws IOException {
        Path dump = fixture("redis-7.4.1");
        byte[] file = bytes(dump);
        long stored = trailer(file);
        file[file.length - 1] ^= 0x01;
        long forged = trailer(file);
        int eof = file.length - 9;
        List<String> records = new ArrayList<>();
        RdbFormatException e = assertTimeoutPreemptively(PER_FILE, () -> {
            try (RdbReader r = new RdbReader(new ByteArrayInputStream(file), file.length, RdbLimits.DEFAULT)) {
                for (RdbRecord rec; (rec = r.next()) != null; ) {
                    records.add(rec.toString());
                    if (rec instanceof KeyEntry k) {
                        k.value();
                    }
                }
            } catch (RdbFormatException ex) {
                return ex;
            }
            return null;
        });
        String problem = String.format("checksum mismatch: file says 0x%016x, content gives 0x%016x", forged, stored);
        assertError(e, problem, eof + 1, "EOF record at offset " + eof);
        assertEquals(problem + " at offset " + (eof + 1) + " (reading EOF record at offset " + eof + ")", e.getMessage());
        List<String> clean;
        try (RdbReader r = RdbReader.open(dump)) {
            clean = readAll(r);
        }
        assertEquals(clean.size() - 1, records.size(), "every record but RdbEnd is returned before the mismatch");
    }

    @Test
    void aCraftedFileWithAWrongChecksumReportsBothValues() {
        RdbBuilder b = RdbBuilder.redis(9).selectDb(0).stringKey("k", "v").eof();
        byte[] body = b.bytes();
        long crc = Crc64.update(0, body, 0, body.length);
        byte[] file = b.withChecksum();
        file[file.length - 8] ^= (byte) 0x80;
        String problem = String.format("checksum mismatch: file says 0x%016x, content gives 0x%016x", crc ^ 0x80, crc);
        for (long known : new long[] {file.length, -1}) {
            assertError(failure(file, known), problem, body.length, "EOF record at offset " + (body.length - 1));
        }
    }

    @Test
    void aZeroChecksumReadsAsDisabled() throws IOException {
        RdbBuilder b = RdbBuilder.redis(11).aux("redis-ver", "7.2.6").selectDb(0).stringKey("k", "v").eof();
        byte[] body = b.bytes();
        byte[] file = b.withZeroChecksum();
        for (long known : new long[] {file.length, -1}) {
            try (RdbReader r = new RdbReader(new ByteArrayInputStream(file), known, RdbLimits.DEFAULT)) {
                RdbRecord last = null;
                for (RdbRecord rec; (rec = r.next()) != null; ) {
                    last = rec;
                }
                RdbEnd end = assertInstanceOf(RdbEnd.class, last);
                assertEquals(RdbEnd.ChecksumStatus.DISABLED, end.status());
                assertEquals(0, end.checksum());
                assertEquals(Crc64.update(0, body, 0, body.length), end.computed());
                assertEquals(body.length - 1, end.offset());
                assertNull(r.next());
            }
        }
    }

    @Test
    void aFixtureWhoseChecksumWasZeroedReadsAsDisabledWithTheComputedValue() throws IOException {
        byte[] file = bytes(fixture("valkey-8.0.1"));
        long stored = trailer(file);
        Arrays.fill(file, file.length - 8, file.length, (byte) 0);
        List<String> records = readAll(new ByteArrayInputStream(file), file.length);
        assertEquals(new RdbEnd(RdbEnd.ChecksumStatus.DISABLED, 0, stored, file.length - 9).toString(),
            records.get(records.size() - 1));
    }
}
