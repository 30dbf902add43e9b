package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LzfTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] decompress(byte[] in, int outLen) throws RdbFormatException {
        byte[] out = new byte[outLen];
        Lzf.decompress(in, 0, in.length, out, 0, outLen);
        return out;
    }

    private static RdbFormatException corrupt(byte[] in, int outLen) {
        // Place the input at offset 3 of a larger array: offsets must stay relative to it.
        byte[] host = new byte[in.length + 5];
        System.arraycopy(in, 0, host, 3, in.length);
        return assertThrows(RdbFormatException.class,
                () -> Lzf.decompress(host, 3, in.length, new byte[outLen + 4], 2, outLen));
    }

    private static byte[] compress(byte[] in) {
        byte[] out = new byte[in.length + in.length / 32 + 16];
        int n = Lzf.compress(in, 0, in.length, out, 0, out.length);
        assertTrue(n > 0 || in.length == 0, "compressed length " + n);
        return Arrays.copyOf(out, n);
    }

    private static void assertRoundTrip(byte[] data) throws RdbFormatException {
        byte[] c = compress(data);
        assertArrayEquals(data, decompress(c, data.length), "length " + data.length);
    }

    private static byte[] text(int n) {
        String s = "It was the best of times, it was the worst of times, it was the age of wisdom, "
                + "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity; ";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) {
            sb.append(s);
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void decompressesAHandBuiltLiteralRun() throws Exception {
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), decompress(bytes(0x02, 'a', 'b', 'c'), 3));
    }

    @Test
    void decompressesAHandBuiltShortBackReference() throws Exception {
        // literal "abc", then ctrl 0x20 = length 1+2 = 3, distance 0x02+1 = 3
        assertArrayEquals("abcabc".getBytes(StandardCharsets.US_ASCII),
                decompress(bytes(0x02, 'a', 'b', 'c', 0x20, 0x02), 6));
    }

    @Test
    void decompressesAnOverlappingBackReferenceAsARepeat() throws Exception {
        // literal "a", then ctrl 0xE0 = length 7 + next byte 0 + 2 = 9, distance 0+1 = 1
        assertArrayEquals("aaaaaaaaaa".getBytes(StandardCharsets.US_ASCII),
                decompress(bytes(0x00, 'a', 0xE0, 0x00, 0x00), 10));
        // literal "ab", then length 3+2 = 5 at distance 2: "ab" + "ababa"
        assertArrayEquals("abababa".getBytes(StandardCharsets.US_ASCII),
                decompress(bytes(0x01, 'a', 'b', 0x60, 0x01), 7));
    }

    @Test
    void decompressesTheLongestBackReferenceAtA13BitDistance() throws Exception {
        byte[] prefix = new byte[300];
        new Random(3).nextBytes(prefix);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int p = 0; p < prefix.length; p += 32) {
            int n = Math.min(32, prefix.length - p);
            in.write(n - 1);
            in.write(prefix, p, n);
        }
        // back reference: length 7 + 255 + 2 = 264, distance 300 = ((0x01 << 8) | 0x2B) + 1
        in.write(0xE0 | 0x01);
        in.write(0xFF);
        in.write(0x2B);
        byte[] out = decompress(in.toByteArray(), 564);
        assertArrayEquals(prefix, Arrays.copyOf(out, 300));
        assertArrayEquals(Arrays.copyOf(prefix, 264), Arrays.copyOfRange(out, 300, 564));
    }

    @Test
    void decompressesEmptyInputToEmptyOutput() throws Exception {
        assertEquals(0, decompress(new byte[0], 0).length);
    }

    @Test
    void reportsALiteralRunPastTheInputWithItsRelativeOffset() {
        RdbFormatException e = corrupt(bytes(0x00, 'x', 0x03, 'a', 'b'), 10);
        assertEquals("LZF literal run of 4 bytes exceeds remaining 2 input bytes", e.problem());
        assertEquals(2, e.offset());
    }

    @Test
    void reportsALiteralRunPastTheDeclaredOutput() {
        RdbFormatException e = corrupt(bytes(0x03, 'a', 'b', 'c', 'd'), 3);
        assertEquals("LZF literal run of 4 bytes exceeds remaining 3 output bytes", e.problem());
        assertEquals(0, e.offset());
    }

    @Test
    void reportsABackReferencePastTheDeclaredOutput() {
        RdbFormatException e = corrupt(bytes(0x00, 'a', 0xE0, 0x00, 0x00), 9);
        assertEquals("LZF back reference of 9 bytes exceeds remaining 8 output bytes", e.problem());
        assertEquals(2, e.offset());
    }

    @Test
    void reportsABackReferenceBeforeTheStartOfTheOutput() {
        RdbFormatException e = corrupt(bytes(0x01, 'a', 'b', 0x20, 0x02), 5);
        assertEquals("LZF back reference distance 3 exceeds 2 bytes of output", e.problem());
        assertEquals(3, e.offset());
        e = corrupt(bytes(0x20, 0x00), 3);
        assertEquals("LZF back reference distance 1 exceeds 0 bytes of output", e.problem());
        assertEquals(0, e.offset());
    }

    @Test
    void reportsATruncatedBackReference() {
        RdbFormatException e = corrupt(bytes(0x00, 'a', 0x20), 5);
        assertEquals("LZF back reference of 2 bytes exceeds remaining 1 input bytes", e.problem());
        assertEquals(2, e.offset());
        e = corrupt(bytes(0x00, 'a', 0xE0, 0x05), 20);
        assertEquals("LZF back reference of 3 bytes exceeds remaining 2 input bytes", e.problem());
        assertEquals(2, e.offset());
    }

    @Test
    void reportsOutputShorterThanDeclared() {
        RdbFormatException e = corrupt(bytes(0x02, 'a', 'b', 'c'), 5);
        assertEquals("LZF output of 3 bytes is shorter than declared 5 bytes", e.problem());
        assertEquals(4, e.offset());
        assertEquals("LZF output of 3 bytes is shorter than declared 5 bytes at offset 4", e.getMessage());
    }

    @Test
    void roundTripsRandomRepetitiveAndTextDataOfManySizes() throws Exception {
        Random r = new Random(11);
        int[] sizes = {1, 2, 3, 4, 5, 8, 21, 31, 32, 33, 63, 64, 65, 100, 255, 256, 264, 265, 1000, 4096, 8191, 8192,
            8193, 10_000, 65_536, 100_003, 1 << 20};
        for (int n : sizes) {
            byte[] random = new byte[n];
            r.nextBytes(random);
            assertRoundTrip(random);
            byte[] zeros = new byte[n];
            assertRoundTrip(zeros);
            byte[] cycle = new byte[n];
            for (int i = 0; i < n; i++) {
                cycle[i] = (byte) (i % 7 == 0 ? 'x' : 'a' + i % 5);
            }
            assertRoundTrip(cycle);
            assertRoundTrip(text(n));
            byte[] mixed = text(n);
            for (int i = 0; i < n / 50; i++) {
                mixed[r.nextInt(n)] = (byte) r.nextInt(256);
            }
            assertRoundTrip(mixed);
        }
        for (int n = 0; n < 300; n++) {
            byte[] small = new byte[n];
            for (int i = 0; i < n; i++) {
                small[i] = (byte) r.nextInt(3);
            }
            assertRoundTrip(small);
        }
    }

    @Test
    void shrinksRepetitiveDataToAFractionOfItsSize() {
        assertTrue(compress(new byte[10_000]).length < 10_000 / 50);
        assertTrue(compress(text(10_000)).length < 10_000 / 4);
    }

    @Test
    void returnsZeroWhenTheOutputDoesNotFit() {
        byte[] random = new byte[1000];
        new Random(5).nextBytes(random);
        byte[] out = new byte[1000];
        assertEquals(0, Lzf.compress(random, 0, random.length, out, 0, random.length - 4));
        byte[] zeros = new byte[1000];
        int n = Lzf.compress(zeros, 0, zeros.length, out, 0, out.length);
        assertTrue(n > 0);
        assertEquals(0, Lzf.compress(zeros, 0, zeros.length, out, 0, n - 1));
        assertEquals(n, Lzf.compress(zeros, 0, zeros.length, out, 0, n));
        assertEquals(0, Lzf.compress(zeros, 0, 0, out, 0, out.length));
    }

    @Test
    void compressesAndDecompressesBetweenNonZeroOffsets() throws Exception {
        byte[] data = text(777);
        byte[] in = new byte[800];
        System.arraycopy(data, 0, in, 13, data.length);
        byte[] c = new byte[900];
        Arrays.fill(c, (byte) 0x55);
        int n = Lzf.compress(in, 13, data.length, c, 7, 800);
        assertTrue(n > 0);
        assertEquals(0x55, c[6] & 0xFF);
        assertEquals(0x55, c[7 + n] & 0xFF);
        byte[] out = new byte[800];
        Lzf.decompress(c, 7, n, out, 11, data.length);
        assertArrayEquals(data, Arrays.copyOfRange(out, 11, 11 + data.length));
    }

    @Test
    void producesTheSameOutputForTheSameInputWhateverWasCompressedBefore() {
        byte[] data = text(5000);
        byte[] first = compress(data);
        byte[] other = new byte[70_000];
        new Random(9).nextBytes(other);
        compress(other);
        compress(text(3000));
        assertArrayEquals(first, compress(data));
    }

    @Test
    void rejectsRangesOutsideTheArrays() {
        assertThrows(IndexOutOfBoundsException.class, () -> Lzf.decompress(new byte[4], 2, 3, new byte[4], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Lzf.decompress(new byte[4], 0, 1, new byte[4], 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Lzf.compress(new byte[4], 0, 5, new byte[4], 0, 1));
    }

    @Test
    void decompressingRandomBytesThrowsNothingButRdbFormatException() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(12);
            int rejected = 0;
            for (int i = 0; i < 10_000; i++) {
                byte[] in = new byte[r.nextInt(80)];
                r.nextBytes(in);
                int outLen = r.nextInt(400);
                try {
                    Lzf.decompress(in, 0, in.length, new byte[outLen], 0, outLen);
                } catch (RdbFormatException e) {
                    rejected++;
                    assertTrue(e.offset() >= 0 && e.offset() <= in.length, e.getMessage());
                }
            }
            assertTrue(rejected > 9_000, "rejected " + rejected);
        });
    }

    @Test
    void decompressingMutatedValidStreamsThrowsNothingButRdbFormatException() throws Exception {
        byte[] data = text(2000);
        byte[] c = compress(data);
        Mutations.fuzz(c, 10_000, 13, b -> { }, (buf, off, len) -> {
            byte[] out = new byte[data.length];
            Lzf.decompress(buf, off, len, out, 0, out.length);
        });
    }
}
