package io.replkit.rdb.encoding;

import static io.replkit.rdb.encoding.ZiplistBuilder.ziplist;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZiplistReaderTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static String string(ZiplistReader z) {
        return new String(z.array(), z.stringOffset(), z.stringLength(), StandardCharsets.ISO_8859_1);
    }

    private static ZiplistReader at5(byte[] blob) throws RdbFormatException {
        byte[] host = new byte[blob.length + 9];
        Arrays.fill(host, (byte) 0xEE);
        System.arraycopy(blob, 0, host, 5, blob.length);
        return new ZiplistReader(host, 5, blob.length);
    }

    private static RdbFormatException walkFails(byte[] blob) {
        return assertThrows(RdbFormatException.class, () -> {
            ZiplistReader z = at5(blob);
            while (z.next()) {
                // walk
            }
        });
    }

    private static void walkAll(byte[] buf, int off, int len) throws RdbFormatException {
        ZiplistReader z = new ZiplistReader(buf, off, len);
        while (z.next()) {
            z.entryOffset();
            z.bytes();
            if (z.isInteger()) {
                z.longValue();
            } else {
                int o = z.stringOffset();
                int n = z.stringLength();
                if (o < off || o + n > off + len) {
                    throw new AssertionError("string range outside the blob");
                }
            }
            try {
                z.doubleValue();
            } catch (RdbFormatException notANumber) {
                // fine
            }
        }
        z.next();
    }

    @Test
    void readsAHandWrittenZiplist() throws Exception {
        byte[] blob = bytes(
                21, 0, 0, 0,  16, 0, 0, 0,  3, 0,  // zlbytes 21, zltail 16, zllen 3
                0x00, 0x02, 'a', 'b',              // prevlen 0, 6-bit string "ab"
                0x04, 0xF8,                        // prevlen 4, immediate 7
                0x02, 0xC0, 0x2C, 0x01,            // prevlen 2, int16 300
                0xFF);
        ZiplistReader z = at5(blob);
        assertEquals(3, z.declaredCount());
        assertTrue(z.next());
        assertEquals("ab", string(z));
        assertEquals(10, z.entryOffset());
        assertEquals(5 + 12, z.stringOffset());
        assertTrue(z.next());
        assertTrue(z.isInteger());
        assertEquals(7, z.longValue());
        assertEquals(14, z.entryOffset());
        assertTrue(z.next());
        assertEquals(300, z.longValue());
        assertEquals(16, z.entryOffset());
        assertFalse(z.next());
        assertFalse(z.next());
    }

    @Test
    void readsAnEmptyZiplist() throws Exception {
        ZiplistReader z = new ZiplistReader(bytes(11, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0xFF), 0, 11);
        assertEquals(0, z.declaredCount());
        assertFalse(z.next());
    }

    @Test
    void decodesEveryIntegerWidthAndAllImmediates() throws Exception {
        long[] values = {0, 1, 12, 13, -1, 127, -128, 128, -129, 32767, -32768, 32768, -32769, 8388607, -8388608,
            8388608, -8388609, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
            Long.MAX_VALUE, Long.MIN_VALUE};
        int[] encoding = {0xF1, 0xF2, 0xFD, 0xFE, 0xFE, 0xFE, 0xFE, 0xC0, 0xC0, 0xC0, 0xC0, 0xF0, 0xF0, 0xF0, 0xF0,
            0xD0, 0xD0, 0xD0, 0xD0, 0xE0, 0xE0, 0xE0, 0xE0};
        ZiplistBuilder b = ziplist();
        for (long v : values) {
            b.addInt(v);
        }
        for (int v = 2; v <= 11; v++) {
            b.addInt(v);
        }
        byte[] blob = b.build();
        ZiplistReader z = at5(blob);
        for (int i = 0; i < values.length; i++) {
            assertTrue(z.next());
            assertTrue(z.isInteger());
            assertEquals(values[i], z.longValue(), "value " + i);
            assertEquals(encoding[i], blob[z.entryOffset() + 1] & 0xFF, "encoding of " + values[i]);
            assertArrayEquals(Long.toString(values[i]).getBytes(StandardCharsets.US_ASCII), z.bytes());
            assertEquals((double) values[i], z.doubleValue());
        }
        for (int v = 2; v <= 11; v++) {
            assertTrue(z.next());
            assertEquals(v, z.longValue());
            assertEquals(0xF1 + v, blob[z.entryOffset() + 1] & 0xFF);
        }
        assertFalse(z.next());
    }

    @Test
    void decodesStringsAtEveryLengthBoundary() throws Exception {
        int[] lengths = {0, 63, 64, 16383, 16384, 100_000};
        ZiplistBuilder b = ziplist();
        for (int n : lengths) {
            b.addString(payload(n));
        }
        byte[] blob = b.build();
        ZiplistReader z = at5(blob);
        for (int n : lengths) {
            assertTrue(z.next());
            assertFalse(z.isInteger());
            assertEquals(n, z.stringLength());
            assertArrayEquals(payload(n), z.bytes());
        }
        assertFalse(z.next());
    }

    @Test
    void readsThe32BitStringLengthBigEndian() throws Exception {
        // prevlen 0, 0x80 + length 0x00000003 in network order, "xyz"
        byte[] blob = bytes(20, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, 0x80, 0, 0, 0, 3, 'x', 'y', 'z', 0xFF);
        ZiplistReader z = at5(blob);
        assertTrue(z.next());
        assertEquals("xyz", string(z));
        assertFalse(z.next());
    }

    @Test
    void readsAny10xxxxxxEncodingByteAsThe32BitStringFormLikeRedis() throws Exception {
        // Redis masks encoding bytes below 0xC0 with 0xC0, so 0xBF announces a 4-byte length too.
        byte[] blob = bytes(20, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, 0xBF, 0, 0, 0, 3, 'x', 'y', 'z', 0xFF);
        ZiplistReader z = at5(blob);
        assertTrue(z.next());
        assertEquals("xyz", string(z));
        assertFalse(z.next());
    }

    private static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 17 + 3);
        }
        return p;
    }

    @Test
    void switchesToTheFiveBytePrevlenAt254() throws Exception {
        // entry sizes 253 and 254: prevlen 1 byte + 2-byte string header + 250 / 251 bytes
        byte[] blob = ziplist().addString(payload(250)).addInt(1).addString(payload(251)).addInt(2).build();
        ZiplistReader z = at5(blob);
        assertTrue(z.next());
        assertTrue(z.next());
        assertEquals(253, blob[z.entryOffset()] & 0xFF);
        assertEquals(10 + 253, z.entryOffset());
        assertEquals(1, z.longValue());
        assertTrue(z.next());
        int third = z.entryOffset();
        assertTrue(z.next());
        assertEquals(0xFE, blob[z.entryOffset()] & 0xFF);
        assertEquals(254, blob[z.entryOffset() + 1] & 0xFF);
        assertEquals(third + 254, z.entryOffset());
        assertEquals(2, z.longValue());
        assertFalse(z.next());
    }

    @Test
    void acceptsAFiveBytePrevlenHoldingASmallValue() throws Exception {
        byte[] blob = ziplist().addInt(1).forceLargePrevlen().addInt(2).addString("abc".getBytes(StandardCharsets.US_ASCII))
                .build();
        ZiplistReader z = at5(blob);
        assertTrue(z.next());
        assertTrue(z.next());
        assertEquals(0xFE, blob[z.entryOffset()] & 0xFF);
        assertEquals(2, z.longValue());
        assertTrue(z.next());
        assertEquals("abc", string(z));
        assertFalse(z.next());
    }

    @Test
    void doubleValueParsesIntegersAndScoreText() throws Exception {
        ZiplistReader z = at5(ZiplistBuilder.of("2.5", "-inf", "inf", 7, "seven"));
        assertTrue(z.next());
        assertEquals(2.5, z.doubleValue());
        assertTrue(z.next());
        assertEquals(Double.NEGATIVE_INFINITY, z.doubleValue());
        assertTrue(z.next());
        assertEquals(Double.POSITIVE_INFINITY, z.doubleValue());
        assertTrue(z.next());
        assertEquals(7.0, z.doubleValue());
        assertTrue(z.next());
        RdbFormatException e = assertThrows(RdbFormatException.class, z::doubleValue);
        assertEquals("ziplist entry \"seven\" is not a valid double", e.problem());
        assertEquals(z.entryOffset(), e.offset());
    }

    @Test
    void reportsAnUnknownCountAsMinusOneAndCountsByWalking() throws Exception {
        ZiplistBuilder b = ziplist();
        for (int i = 0; i < 66_000; i++) {
            b.addInt(i);
        }
        byte[] blob = b.build();
        ZiplistReader z = new ZiplistReader(blob, 0, blob.length);
        assertEquals(-1, z.declaredCount());
        assertEquals(66_000, z.count());
        assertFalse(z.next());
    }

    @Test
    void refusesAccessorsWithoutACurrentEntryOrOfTheWrongKind() throws Exception {
        ZiplistReader z = at5(ZiplistBuilder.of(1, "a"));
        assertThrows(IllegalStateException.class, z::longValue);
        z.next();
        assertThrows(IllegalStateException.class, z::stringOffset);
        z.next();
        assertThrows(IllegalStateException.class, z::longValue);
        z.next();
        assertThrows(IllegalStateException.class, z::entryOffset);
    }

    @Test
    void rejectsABlobShorterThanTheHeaderAndTerminator() {
        RdbFormatException e = assertThrows(RdbFormatException.class,
                () -> new ZiplistReader(bytes(10, 0, 0, 0, 10, 0, 0, 0, 0, 0xFF), 0, 10));
        assertEquals("ziplist blob length 10 is shorter than the minimum 11 bytes", e.problem());
        assertEquals(0, e.offset());
    }

    @Test
    void rejectsAHeaderZlbytesOtherThanTheBlobLength() {
        byte[] blob = ZiplistBuilder.of(1, 2);
        blob[0] = 0x7F;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at5(blob));
        assertEquals("ziplist header zlbytes 127 does not match blob length " + blob.length, e.problem());
        assertEquals(0, e.offset());
    }

    @Test
    void rejectsAZltailOutsideTheBlobOrNotAtTheLastEntry() {
        byte[] blob = ZiplistBuilder.of(1, 2, 3);
        blob[4] = (byte) blob.length;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at5(blob));
        assertEquals("ziplist header zltail " + blob.length + " is outside the entries 10.." + (blob.length - 1),
                e.problem());
        assertEquals(4, e.offset());
        blob[4] = 12;
        e = walkFails(blob);
        assertEquals("ziplist header zltail 12 does not match last entry offset 14", e.problem());
        assertEquals(4, e.offset());
    }

    @Test
    void rejectsALastByteOtherThan0xFF() {
        byte[] blob = ZiplistBuilder.of(1);
        blob[blob.length - 1] = 0x01;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at5(blob));
        assertEquals("ziplist terminator 0x01 is not 0xFF", e.problem());
        assertEquals(blob.length - 1, e.offset());
    }

    @Test
    void rejectsAPrevlenOtherThanThePreviousEntrySize() {
        byte[] blob = ZiplistBuilder.of(1, 2);
        blob[12] = 3;
        RdbFormatException e = walkFails(blob);
        assertEquals("ziplist entry prevlen 3 does not match previous entry size 2", e.problem());
        assertEquals(12, e.offset());
        byte[] first = ZiplistBuilder.of(1);
        first[10] = 1;
        e = walkFails(first);
        assertEquals("ziplist entry prevlen 1 does not match previous entry size 0", e.problem());
        assertEquals(10, e.offset());
    }

    @Test
    void rejectsAStringLengthPastTheEnd() {
        // prevlen 0, 32-bit length 0xFFFFFFFF, then 2 bytes before the terminator
        byte[] blob = bytes(18, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 'a', 0xFF);
        RdbFormatException e = walkFails(blob);
        assertEquals("ziplist entry length 4294967295 exceeds remaining 1 bytes", e.problem());
        assertEquals(11, e.offset());
        byte[] fourteen = bytes(15, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, 0x41, 0x00, 'a', 0xFF);
        e = walkFails(fourteen);
        assertEquals("ziplist entry length 256 exceeds remaining 1 bytes", e.problem());
    }

    @Test
    void rejectsInvalidEncodingsAndTruncatedIntegers() {
        for (int enc : new int[] {0xC1, 0xCF, 0xD8, 0xE5, 0xFF}) {
            byte[] blob = bytes(14, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, enc, 0x01, 0xFF);
            RdbFormatException e = walkFails(blob);
            assertEquals("ziplist entry encoding 0x" + Texts.hex(enc) + " is not valid", e.problem());
            assertEquals(11, e.offset());
        }
        byte[] cut = bytes(14, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, 0xE0, 0x01, 0xFF);
        RdbFormatException e = walkFails(cut);
        assertEquals("ziplist entry encoding 0xE0 of 9 bytes exceeds remaining 2 bytes", e.problem());
        assertEquals(11, e.offset());
        byte[] noEncoding = bytes(12, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, 0xFF);
        // the prevlen byte 0x00 then the terminator: the encoding is missing
        e = walkFails(noEncoding);
        assertEquals("ziplist entry encoding is missing: 0 bytes remain after prevlen", e.problem());
        assertEquals(11, e.offset());
        byte[] bigPrevlenCut = bytes(15, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0xFE, 0, 0, 0, 0xFF);
        e = walkFails(bigPrevlenCut);
        assertEquals("ziplist entry prevlen of 5 bytes plus encoding exceeds remaining 4 bytes", e.problem());
        assertEquals(10, e.offset());
    }

    @Test
    void rejectsAnEndMarkerBeforeTheLastByte() {
        byte[] blob = bytes(14, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0x00, 0xF2, 0xFF, 0xFF);
        RdbFormatException e = walkFails(blob);
        assertEquals("ziplist end marker 0xFF is not the last of 14 bytes", e.problem());
        assertEquals(12, e.offset());
    }

    @Test
    void rejectsAZllenOtherThanTheEntries() {
        byte[] blob = ziplist().addInt(1).addInt(2).build(5);
        RdbFormatException e = walkFails(blob);
        assertEquals("ziplist zllen 5 does not match 2 entries", e.problem());
        assertEquals(8, e.offset());
    }

    @Test
    void survivesTwentyThousandRandomMutationsOfAValidZiplist() {
        ZiplistBuilder b = ziplist();
        for (Object v : List.of(0, 12, 13, -128, 300, -40_000, 9_000_000, 3_000_000_000L, Long.MAX_VALUE,
                "", "a", "2.5", "inf", new String(new char[100]).replace('\0', 'q'),
                new String(new char[260]).replace('\0', 'r'), 7)) {
            b.add(v);
        }
        byte[] valid = b.build();
        int rejected = Mutations.fuzz(valid, 20_000, 43, blob -> {
            Mutations.repairTotalAndEnd(blob);
        }, ZiplistReaderTest::walkAll);
        assertTrue(rejected > 10_000, "rejected " + rejected);
    }
}
