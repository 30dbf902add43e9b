package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZipmapReaderTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** Builds a zipmap from key, value, key, value ... with the given free padding after each value. */
    private static byte[] zipmap(int zmlen, int free, byte[]... kv) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(zmlen);
        for (int i = 0; i < kv.length; i += 2) {
            writeLength(o, kv[i].length);
            o.writeBytes(kv[i]);
            writeLength(o, kv[i + 1].length);
            o.write(free);
            o.writeBytes(kv[i + 1]);
            for (int k = 0; k < free; k++) {
                o.write(0xAA);
            }
        }
        o.write(0xFF);
        return o.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream o, int n) {
        if (n < 254) {
            o.write(n);
        } else {
            o.writeBytes(ListpackBuilder.le(0xFE, n, 4));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static ZipmapReader at5(byte[] blob) throws RdbFormatException {
        byte[] host = new byte[blob.length + 9];
        Arrays.fill(host, (byte) 0xEE);
        System.arraycopy(blob, 0, host, 5, blob.length);
        return new ZipmapReader(host, 5, blob.length);
    }

    private static RdbFormatException walkFails(byte[] blob) {
        return assertThrows(RdbFormatException.class, () -> {
            ZipmapReader z = at5(blob);
            while (z.next()) {
                // walk
            }
        });
    }

    private static String key(ZipmapReader z) {
        return new String(z.array(), z.keyOffset(), z.keyLength(), StandardCharsets.ISO_8859_1);
    }

    private static String value(ZipmapReader z) {
        return new String(z.array(), z.valueOffset(), z.valueLength(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsAHandWrittenZipmap() throws Exception {
        // zmlen 2; "foo" => "bar" with 1 byte of free padding; "hello" => "world" with none
        byte[] blob = bytes(0x02,
                0x03, 'f', 'o', 'o', 0x03, 0x01, 'b', 'a', 'r', 0x00,
                0x05, 'h', 'e', 'l', 'l', 'o', 0x05, 0x00, 'w', 'o', 'r', 'l', 'd',
                0xFF);
        ZipmapReader z = at5(blob);
        assertEquals(2, z.declaredCount());
        assertTrue(z.next());
        assertEquals("foo", key(z));
        assertEquals("bar", value(z));
        assertEquals(1, z.entryOffset());
        assertEquals(5 + 2, z.keyOffset());
        assertEquals(5 + 7, z.valueOffset());
        assertTrue(z.next());
        assertEquals("hello", key(z));
        assertEquals("world", value(z));
        assertArrayEquals(ascii("hello"), z.keyBytes());
        assertArrayEquals(ascii("world"), z.valueBytes());
        assertEquals(11, z.entryOffset());
        assertFalse(z.next());
        assertFalse(z.next());
    }

    @Test
    void readsAnEmptyZipmap() throws Exception {
        ZipmapReader z = new ZipmapReader(bytes(0x00, 0xFF), 0, 2);
        assertFalse(z.next());
    }

    @Test
    void readsLengthsAtTheOneAndFiveByteBoundary() throws Exception {
        byte[] blob = zipmap(2, 0, filled(253, 'k'), filled(254, 'v'), filled(254, 'K'), filled(300, 'V'));
        ZipmapReader z = at5(blob);
        assertTrue(z.next());
        assertEquals(253, z.keyLength());
        assertEquals(254, z.valueLength());
        assertEquals(0xFE, blob[1 + 1 + 253] & 0xFF);
        assertArrayEquals(filled(254, 'v'), z.valueBytes());
        assertTrue(z.next());
        assertArrayEquals(filled(254, 'K'), z.keyBytes());
        assertArrayEquals(filled(300, 'V'), z.valueBytes());
        assertFalse(z.next());
    }

    @Test
    void skipsFreePaddingAfterValues() throws Exception {
        byte[] blob = zipmap(3, 4, ascii("a"), ascii("1"), ascii("bb"), ascii(""), ascii(""), ascii("333"));
        ZipmapReader z = at5(blob);
        assertTrue(z.next());
        assertEquals("a", key(z));
        assertEquals("1", value(z));
        assertTrue(z.next());
        assertEquals("bb", key(z));
        assertEquals("", value(z));
        assertTrue(z.next());
        assertEquals("", key(z));
        assertEquals("333", value(z));
        assertFalse(z.next());
    }

    @Test
    void treatsAZmlenOf254OrMoreAsUnknown() throws Exception {
        for (int zmlen : new int[] {254, 255}) {
            ZipmapReader z = at5(zipmap(zmlen, 0, ascii("a"), ascii("b")));
            assertEquals(-1, z.declaredCount());
            assertTrue(z.next());
            assertFalse(z.next());
        }
    }

    @Test
    void refusesAccessorsWithoutACurrentPair() throws Exception {
        ZipmapReader z = at5(zipmap(1, 0, ascii("a"), ascii("b")));
        assertThrows(IllegalStateException.class, z::keyOffset);
        z.next();
        z.next();
        assertThrows(IllegalStateException.class, z::valueLength);
    }

    @Test
    void rejectsAFrameTooShortOrWithoutTerminator() {
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> at5(bytes(0xFF)));
        assertEquals("zipmap blob length 1 is shorter than the minimum 2 bytes", e.problem());
        e = assertThrows(RdbFormatException.class, () -> at5(bytes(0x01, 0x01, 'a', 0x01, 0x00, 'b')));
        assertEquals("zipmap terminator 0x62 is not 0xFF", e.problem());
        assertEquals(5, e.offset());
    }

    @Test
    void rejectsAFiveByteLengthPastTheEnd() {
        byte[] blob = bytes(0x01, 0x01, 'a', 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 'b', 'c', 0xFF);
        RdbFormatException e = walkFails(blob);
        assertEquals("zipmap value length 4294967295 exceeds remaining 2 bytes", e.problem());
        assertEquals(3, e.offset());
        byte[] key = bytes(0x01, 0xFE, 0x00, 0x01, 0x00, 0x00, 'k', 0xFF);
        e = walkFails(key);
        assertEquals("zipmap key length 256 exceeds remaining 1 bytes", e.problem());
        assertEquals(1, e.offset());
        byte[] cutLength = bytes(0x01, 0x01, 'a', 0xFE, 0x01, 0xFF);
        e = walkFails(cutLength);
        assertEquals("zipmap value length of 5 bytes exceeds remaining 2 bytes", e.problem());
        assertEquals(3, e.offset());
    }

    @Test
    void rejectsPaddingOrFreeBytePastTheEnd() {
        RdbFormatException e = walkFails(bytes(0x01, 0x01, 'a', 0x01, 0x05, 'b', 0x00, 0xFF));
        assertEquals("zipmap value free 5 exceeds remaining 1 bytes", e.problem());
        assertEquals(4, e.offset());
        e = walkFails(bytes(0x01, 0x01, 'a', 0x01, 0xFF));
        assertEquals("zipmap value free byte is missing: 0 bytes remain", e.problem());
        assertEquals(4, e.offset());
    }

    @Test
    void rejectsAMapThatEndsInsideAPairOrBeforeItsLastByte() {
        RdbFormatException e = walkFails(bytes(0x01, 0x01, 'a', 0xFF));
        assertEquals("zipmap value length is missing after key", e.problem());
        assertEquals(3, e.offset());
        e = walkFails(bytes(0x01, 0x01, 'a', 0x01, 0x00, 'b', 0xFF, 0x01, 0xFF));
        assertEquals("zipmap end marker 0xFF is not the last of 9 bytes", e.problem());
        assertEquals(6, e.offset());
    }

    @Test
    void rejectsAZmlenOtherThanThePairs() {
        RdbFormatException e = walkFails(zipmap(3, 0, ascii("a"), ascii("b")));
        assertEquals("zipmap zmlen 3 does not match 1 pairs", e.problem());
        assertEquals(0, e.offset());
    }

    @Test
    void survivesTwentyThousandRandomMutationsOfAValidZipmap() {
        byte[] valid = zipmap(4, 1, ascii("name"), ascii("redis"), filled(260, 'k'), ascii("x"), ascii(""),
                filled(300, 'v'), ascii("n"), ascii("12345"));
        int rejected = Mutations.fuzz(valid, 20_000, 45, blob -> {
            if (blob.length > 0) {
                blob[blob.length - 1] = (byte) 0xFF;
            }
        }, (buf, off, len) -> {
            ZipmapReader z = new ZipmapReader(buf, off, len);
            while (z.next()) {
                if (z.keyOffset() < off || z.valueOffset() + z.valueLength() > off + len) {
                    throw new AssertionError("range outside the blob");
                }
                z.keyBytes();
                z.valueBytes();
                z.entryOffset();
            }
        });
        assertTrue(rejected > 5_000, "rejected " + rejected);
    }
}
