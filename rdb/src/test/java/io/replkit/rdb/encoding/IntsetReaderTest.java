package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbFormatException;
import org.junit.jupiter.api.Test;

class IntsetReaderTest {

    static byte[] intset(int encoding, long... values) {
        byte[] b = new byte[8 + encoding * values.length];
        ListpackBuilder.putLE(b, 0, encoding, 4);
        ListpackBuilder.putLE(b, 4, values.length, 4);
        for (int i = 0; i < values.length; i++) {
            ListpackBuilder.putLE(b, 8 + i * encoding, values[i], encoding);
        }
        return b;
    }

    private static IntsetReader at3(byte[] blob) throws RdbFormatException {
        byte[] host = new byte[blob.length + 6];
        System.arraycopy(blob, 0, host, 3, blob.length);
        return new IntsetReader(host, 3, blob.length);
    }

    private static void assertReads(int encoding, long... values) throws RdbFormatException {
        IntsetReader s = at3(intset(encoding, values));
        assertEquals(encoding, s.encoding());
        assertEquals(values.length, s.size());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], s.get(i));
        }
        s.requireAscendingUnique();
    }

    @Test
    void reads16BitElementsWithSign() throws Exception {
        assertReads(2, Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE);
    }

    @Test
    void reads32BitElementsWithSign() throws Exception {
        assertReads(4, Integer.MIN_VALUE, Short.MIN_VALUE - 1, 0, Short.MAX_VALUE + 1, Integer.MAX_VALUE);
    }

    @Test
    void reads64BitElementsWithSign() throws Exception {
        assertReads(8, Long.MIN_VALUE, Integer.MIN_VALUE - 1L, -1, Integer.MAX_VALUE + 1L, Long.MAX_VALUE);
    }

    @Test
    void readsAnEmptyIntset() throws Exception {
        assertReads(2);
        assertReads(8);
    }

    @Test
    void readsAHandWrittenIntset() throws Exception {
        byte[] blob = {2, 0, 0, 0, 3, 0, 0, 0, (byte) 0xFE, (byte) 0xFF, 5, 0, 0x00, 0x01};
        IntsetReader s = new IntsetReader(blob, 0, blob.length);
        assertEquals(3, s.size());
        assertEquals(-2, s.get(0));
        assertEquals(5, s.get(1));
        assertEquals(256, s.get(2));
    }

    @Test
    void refusesAnIndexOutsideTheElements() throws Exception {
        IntsetReader s = at3(intset(4, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(-1));
    }

    @Test
    void rejectsABlobShorterThanTheHeader() {
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at3(new byte[] {2, 0, 0, 0, 0, 0, 0}));
        assertEquals("intset blob length 7 is shorter than the 8-byte header", e.problem());
        assertEquals(0, e.offset());
    }

    @Test
    void rejectsAnEncodingOtherThan2Or4Or8() {
        for (int enc : new int[] {0, 1, 3, 5, 16, -1}) {
            byte[] blob = intset(2, 1, 2);
            ListpackBuilder.putLE(blob, 0, enc, 4);
            RdbFormatException e = assertThrows(RdbFormatException.class, () -> at3(blob));
            assertEquals("intset encoding " + (enc & 0xFFFFFFFFL) + " is not 2, 4 or 8", e.problem());
            assertEquals(0, e.offset());
        }
    }

    @Test
    void rejectsALengthThatDisagreesWithTheBlobSize() {
        byte[] blob = intset(4, 1, 2, 3);
        blob[4] = 4;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at3(blob));
        assertEquals("intset length 4 of 4-byte elements needs 24 bytes but the blob has 20", e.problem());
        assertEquals(4, e.offset());
        ListpackBuilder.putLE(blob, 4, 0xFFFF_FFFFL, 4);
        ListpackBuilder.putLE(blob, 0, 8, 4);
        e = assertThrows(RdbFormatException.class, () -> at3(blob));
        assertEquals("intset length 4294967295 of 8-byte elements needs 34359738368 bytes but the blob has 20",
                e.problem());
    }

    @Test
    void findsElementsOutOfOrderOrRepeated() throws Exception {
        RdbFormatException e = assertThrows(RdbFormatException.class,
                () -> at3(intset(4, 1, 5, 5)).requireAscendingUnique());
        assertEquals("intset element 2 value 5 is not greater than the previous 5", e.problem());
        assertEquals(16, e.offset());
        e = assertThrows(RdbFormatException.class, () -> at3(intset(2, 3, -3)).requireAscendingUnique());
        assertEquals(10, e.offset());
    }

    @Test
    void survivesTwentyThousandRandomMutationsOfAValidIntset() {
        byte[] valid = intset(4, -70_000, -5, 0, 3, 100_000, Integer.MAX_VALUE);
        int rejected = Mutations.fuzz(valid, 20_000, 44, blob -> {
            if (blob.length >= 8) {
                ListpackBuilder.putLE(blob, 4, (blob.length - 8) / 4, 4);
            }
        }, (buf, off, len) -> {
            IntsetReader s = new IntsetReader(buf, off, len);
            for (int i = 0; i < s.size(); i++) {
                s.get(i);
            }
            s.requireAscendingUnique();
        });
        assertTrue(rejected > 10_000, "rejected " + rejected);
        assertDoesNotThrow(() -> at3(valid).requireAscendingUnique());
    }
}
