package io.replkit.rdb.encoding;

import static io.replkit.rdb.encoding.ListpackBuilder.listpack;
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

class ListpackReaderTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static String string(ListpackReader lp) {
        return new String(lp.array(), lp.stringOffset(), lp.stringLength(), StandardCharsets.ISO_8859_1);
    }

    /** Places the blob at offset 5 of a larger array, so relative offsets are really relative. */
    private static ListpackReader at5(byte[] blob) throws RdbFormatException {
        byte[] host = new byte[blob.length + 9];
        Arrays.fill(host, (byte) 0xEE);
        System.arraycopy(blob, 0, host, 5, blob.length);
        return new ListpackReader(host, 5, blob.length);
    }

    private static RdbFormatException walkFails(byte[] blob) {
        return assertThrows(RdbFormatException.class, () -> {
            ListpackReader lp = at5(blob);
            while (lp.next()) {
                // walk
            }
        });
    }

    private static void walkAll(byte[] buf, int off, int len) throws RdbFormatException {
        ListpackReader lp = new ListpackReader(buf, off, len);
        while (lp.next()) {
            lp.entryOffset();
            lp.bytes();
            if (lp.isInteger()) {
                lp.longValue();
            } else {
                int o = lp.stringOffset();
                int n = lp.stringLength();
                if (o < off || o + n > off + len) {
                    throw new AssertionError("string range outside the blob");
                }
            }
            try {
                lp.doubleValue();
            } catch (RdbFormatException notANumber) {
                // fine
            }
        }
        lp.next();
    }

    @Test
    void readsAHandWrittenListpack() throws Exception {
        byte[] blob = bytes(
                0x10, 0x00, 0x00, 0x00, 0x03, 0x00, // total 16, 3 entries
                0x05, 0x01,                         // 7-bit uint 5, backlen 1
                0x82, 'a', 'b', 0x03,               // 6-bit string "ab", backlen 3
                0xDF, 0xFF, 0x02,                   // 13-bit int -1, backlen 2
                0xFF);
        ListpackReader lp = at5(blob);
        assertEquals(3, lp.declaredCount());
        assertTrue(lp.next());
        assertTrue(lp.isInteger());
        assertEquals(5, lp.longValue());
        assertEquals(6, lp.entryOffset());
        assertTrue(lp.next());
        assertFalse(lp.isInteger());
        assertEquals("ab", string(lp));
        assertEquals(5 + 9, lp.stringOffset());
        assertEquals(8, lp.entryOffset());
        assertTrue(lp.next());
        assertEquals(-1, lp.longValue());
        assertEquals(12, lp.entryOffset());
        assertFalse(lp.next());
        assertFalse(lp.next());
    }

    @Test
    void readsAnEmptyListpack() throws Exception {
        ListpackReader lp = new ListpackReader(bytes(0x07, 0, 0, 0, 0, 0, 0xFF), 0, 7);
        assertEquals(0, lp.declaredCount());
        assertFalse(lp.next());
        assertEquals(0, new ListpackReader(bytes(0x07, 0, 0, 0, 0xFF, 0xFF, 0xFF), 0, 7).count());
    }

    @Test
    void decodesEveryIntegerWidthAtItsBoundaries() throws Exception {
        long[] values = {0, 127, 128, -1, -4096, 4095, 4096, -4097, 32767, -32768, 32768, -32769,
            8388607, -8388608, 8388608, -8388609, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
        int[] encoding = {0x00, 0x7F, 0xC0, 0xDF, 0xD0, 0xCF, 0xF1, 0xF1, 0xF1, 0xF1, 0xF2, 0xF2,
            0xF2, 0xF2, 0xF3, 0xF3, 0xF3, 0xF3, 0xF4, 0xF4, 0xF4, 0xF4};
        ListpackBuilder b = listpack();
        for (long v : values) {
            b.addInt(v);
        }
        byte[] blob = b.build();
        ListpackReader lp = at5(blob);
        for (int i = 0; i < values.length; i++) {
            assertTrue(lp.next());
            assertTrue(lp.isInteger());
            assertEquals(values[i], lp.longValue(), "value " + i);
            assertEquals(encoding[i], blob[lp.entryOffset()] & 0xFF, "encoding of " + values[i]);
            assertArrayEquals(Long.toString(values[i]).getBytes(StandardCharsets.US_ASCII), lp.bytes());
            assertEquals((double) values[i], lp.doubleValue());
        }
        assertFalse(lp.next());
    }

    @Test
    void decodesStringsAtEveryLengthBoundary() throws Exception {
        int[] lengths = {0, 1, 63, 64, 4095, 4096, 70_000};
        int[] encodingMask = {0x80, 0x80, 0x80, 0xE0, 0xE0, 0xF0, 0xF0};
        ListpackBuilder b = listpack();
        for (int n : lengths) {
            b.addString(payload(n));
        }
        byte[] blob = b.build();
        ListpackReader lp = at5(blob);
        for (int i = 0; i < lengths.length; i++) {
            assertTrue(lp.next());
            assertFalse(lp.isInteger());
            assertEquals(lengths[i], lp.stringLength());
            int enc = blob[lp.entryOffset()] & 0xFF;
            assertEquals(encodingMask[i], i < 3 ? enc & 0xC0 : i < 5 ? enc & 0xF0 : enc, "length " + lengths[i]);
            assertArrayEquals(payload(lengths[i]),
                    Arrays.copyOfRange(lp.array(), lp.stringOffset(), lp.stringOffset() + lp.stringLength()));
            assertArrayEquals(payload(lengths[i]), lp.bytes());
        }
        assertFalse(lp.next());
    }

    private static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 31 + 7);
        }
        return p;
    }

    @Test
    void skipsBacklensOfEverySizeAtTheirBoundaries() throws Exception {
        // entry length = header + data; backlen is 1 byte up to 127, 2 below 16383, 3 below 2097151
        int[][] cases = {
            {125, 2, 1}, {126, 2, 2}, {4095, 2, 2}, {16377, 5, 2}, {16378, 5, 3}, {2097145, 5, 3}, {2097146, 5, 4},
        };
        ListpackBuilder b = listpack();
        for (int[] c : cases) {
            b.addString(payload(c[0]));
            b.addInt(c[0]);
        }
        byte[] blob = b.build();
        ListpackReader lp = at5(blob);
        for (int[] c : cases) {
            assertTrue(lp.next());
            int start = lp.entryOffset();
            assertEquals(c[0], lp.stringLength());
            assertEquals(c[1] + c[0], lp.stringOffset() - 5 - start + c[0]);
            assertTrue(lp.next());
            assertEquals(c[0], lp.longValue());
            assertEquals(start + c[1] + c[0] + c[2], lp.entryOffset(), "backlen size for length " + c[0]);
        }
        assertFalse(lp.next());
    }

    @Test
    void choosesBacklenSizesLikeLpEncodeBacklen() {
        assertEquals(1, ListpackReader.backlenSize(0));
        assertEquals(1, ListpackReader.backlenSize(127));
        assertEquals(2, ListpackReader.backlenSize(128));
        assertEquals(2, ListpackReader.backlenSize(16382));
        assertEquals(3, ListpackReader.backlenSize(16383));
        assertEquals(3, ListpackReader.backlenSize(2097150));
        assertEquals(4, ListpackReader.backlenSize(2097151));
        assertEquals(4, ListpackReader.backlenSize(268435454));
        assertEquals(5, ListpackReader.backlenSize(268435455));
        assertEquals(5, ListpackReader.backlenSize(0xFFFF_FFFFL + 5));
        assertArrayEquals(bytes(0x00, 0xFF, 0xFF), ListpackBuilder.backlen(16383));
        assertArrayEquals(bytes(0x01, 0x80), ListpackBuilder.backlen(128));
    }

    @Test
    void doubleValueParsesIntegersAndScoreText() throws Exception {
        ListpackReader lp = at5(ListpackBuilder.of("1.5", "inf", "-inf", "+inf", "3.0000000000000001e-05", 42, "x1"));
        double[] expected = {1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            3.0000000000000001e-05, 42};
        for (double d : expected) {
            assertTrue(lp.next());
            assertEquals(d, lp.doubleValue());
        }
        assertTrue(lp.next());
        RdbFormatException e = assertThrows(RdbFormatException.class, lp::doubleValue);
        assertEquals("listpack entry \"x1\" is not a valid double", e.problem());
        assertEquals(lp.entryOffset(), e.offset());
    }

    @Test
    void reportsAnUnknownCountAsMinusOneAndCountsByWalking() throws Exception {
        ListpackBuilder b = listpack();
        for (int i = 0; i < 70_000; i++) {
            b.addInt(i);
        }
        byte[] blob = b.build();
        assertEquals(0xFF, blob[4] & 0xFF);
        assertEquals(0xFF, blob[5] & 0xFF);
        ListpackReader lp = new ListpackReader(blob, 0, blob.length);
        assertEquals(-1, lp.declaredCount());
        assertEquals(70_000, lp.count());
        assertFalse(lp.next());
        assertEquals(0, lp.count());
        ListpackReader partly = new ListpackReader(blob, 0, blob.length);
        partly.next();
        assertEquals(69_999, partly.count());
    }

    @Test
    void refusesAccessorsWithoutACurrentEntryOrOfTheWrongKind() throws Exception {
        ListpackReader lp = at5(ListpackBuilder.of(1, "a"));
        assertThrows(IllegalStateException.class, lp::isInteger);
        assertThrows(IllegalStateException.class, lp::entryOffset);
        lp.next();
        assertThrows(IllegalStateException.class, lp::stringOffset);
        assertThrows(IllegalStateException.class, lp::stringLength);
        lp.next();
        assertThrows(IllegalStateException.class, lp::longValue);
        assertFalse(lp.next());
        assertThrows(IllegalStateException.class, lp::bytes);
    }

    @Test
    void rejectsABlobShorterThanTheHeaderAndTerminator() {
        RdbFormatException e = assertThrows(RdbFormatException.class,
                () -> new ListpackReader(bytes(6, 0, 0, 0, 0, 0xFF), 0, 6));
        assertEquals("listpack blob length 6 is shorter than the minimum 7 bytes", e.problem());
        assertEquals(0, e.offset());
    }

    @Test
    void rejectsAHeaderTotalOtherThanTheBlobLength() {
        byte[] blob = ListpackBuilder.of(1, 2);
        blob[0]++;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at5(blob));
        assertEquals("listpack header total_bytes " + (blob.length + 1) + " does not match blob length "
                + blob.length, e.problem());
        assertEquals(0, e.offset());
        blob[0]--;
        blob[3] = (byte) 0xFF;
        e = assertThrows(RdbFormatException.class, () -> at5(blob));
        assertEquals("listpack header total_bytes " + (0xFF000000L + blob.length) + " does not match blob length "
                + blob.length, e.problem());
    }

    @Test
    void rejectsALastByteOtherThan0xFF() {
        byte[] blob = ListpackBuilder.of(1, 2);
        blob[blob.length - 1] = 0x00;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at5(blob));
        assertEquals("listpack terminator 0x00 is not 0xFF", e.problem());
        assertEquals(blob.length - 1, e.offset());
    }

    @Test
    void rejectsAStringLengthPastTheEnd() {
        // 32-bit string of length 0xFFFFFFFF followed by 3 bytes and the terminator
        byte[] blob = listpack().addInt(1).addBytes(0xF0, -1, -1, -1, -1, 'a', 'b', 'c').build(2);
        RdbFormatException e = walkFails(blob);
        assertEquals("listpack entry length 4294967295 exceeds remaining 3 bytes", e.problem());
        assertEquals(8, e.offset());
        assertEquals("listpack entry length 4294967295 exceeds remaining 3 bytes at offset 8", e.getMessage());
        byte[] blob12 = listpack().addBytes(0xE1, 0x00, 'a').build(1);
        e = walkFails(blob12);
        assertEquals("listpack entry length 256 exceeds remaining 1 bytes", e.problem());
        assertEquals(6, e.offset());
    }

    @Test
    void rejectsAnEntryHeaderCutByTheTerminator() {
        byte[] blob = listpack().addInt(300).addBytes(0xF4, 1, 2, 3).build(2);
        RdbFormatException e = walkFails(blob);
        assertEquals("listpack entry header 0xF4 of 9 bytes exceeds remaining 4 bytes", e.problem());
        assertEquals(9, e.offset());
        e = walkFails(listpack().addBytes(0xC3).build(1));
        assertEquals("listpack entry header 0xC3 of 2 bytes exceeds remaining 1 bytes", e.problem());
        assertEquals(6, e.offset());
    }

    @Test
    void rejectsTheUnusedEncodings() {
        for (int enc = 0xF5; enc <= 0xFE; enc++) {
            RdbFormatException e = walkFails(listpack().addInt(5).addBytes(enc, 0x01).build(2));
            assertEquals("listpack entry encoding 0x" + Texts.hex(enc) + " is not valid", e.problem());
            assertEquals(8, e.offset());
        }
    }

    @Test
    void rejectsAnEndMarkerBeforeTheLastByte() {
        byte[] blob = listpack().addInt(5).addBytes(-1).addInt(6).build(2);
        RdbFormatException e = walkFails(blob);
        assertEquals("listpack end marker 0xFF is not the last of " + blob.length + " bytes", e.problem());
        assertEquals(8, e.offset());
    }

    @Test
    void rejectsAWrongOrMissingBacklen() {
        byte[] blob = ListpackBuilder.of("abc", 7);
        blob[10] = 5; // backlen of "abc" should be 4
        RdbFormatException e = walkFails(blob);
        assertEquals("listpack entry backlen [05] does not encode entry length 4", e.problem());
        assertEquals(10, e.offset());

        byte[] two = ListpackBuilder.of(new String(new char[200]).replace('\0', 'z'));
        two[two.length - 3] |= (byte) 0x80; // leftmost backlen byte must not have bit 7
        e = walkFails(two);
        assertEquals("listpack entry backlen [81 CA] does not encode entry length 202", e.problem());

        byte[] cut = listpack().addBytes(0x83, 'a', 'b', 'c').build(1);
        e = walkFails(cut);
        assertEquals("listpack entry backlen of 1 bytes exceeds remaining 0 bytes", e.problem());
        assertEquals(10, e.offset());
    }

    @Test
    void rejectsADeclaredCountOtherThanTheEntries() throws Exception {
        byte[] blob = listpack().addInt(1).addInt(2).build(3);
        RdbFormatException e = walkFails(blob);
        assertEquals("listpack num_elements 3 does not match 2 entries", e.problem());
        assertEquals(4, e.offset());
        e = assertThrows(RdbFormatException.class, () -> at5(blob).count());
        assertEquals(4, e.offset());
    }

    @Test
    void survivesTwentyThousandRandomMutationsOfAValidListpack() {
        ListpackBuilder b = listpack();
        for (Object v : List.of(0, 127, 128, -4096, 4095, 40_000, -40_000, 9_000_000, 3_000_000_000L, Long.MIN_VALUE,
                "", "a", "1.5", "-inf", new String(new char[100]).replace('\0', 'q'),
                new String(new char[300]).replace('\0', 'r'))) {
            b.add(v);
        }
        byte[] valid = b.build();
        int rejected = Mutations.fuzz(valid, 20_000, 42, Mutations::repairTotalAndEnd, ListpackReaderTest::walkAll);
        assertTrue(rejected > 10_000, "rejected " + rejected);
    }
}
