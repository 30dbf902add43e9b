package io.replkit.rdb.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ListpackWriter}, {@link ZiplistWriter} and {@link IntsetWriter} round-trip through the
 * readers: every integer width at its edges, every string-length header at its edges, and (ziplist)
 * entries on both sides of the 254-byte prevlen boundary.
 */
class PackedWritersTest {

    /** Integers at the edges of every listpack and ziplist integer encoding. */
    static final long[] EDGE_INTEGERS = {
        0, 1, 12, 13, 127, 128, -1, -128, -129, 4095, 4096, -4096, -4097, 32767, 32768, -32768, -32769,
        (1 << 23) - 1, 1 << 23, -(1 << 23), -(1 << 23) - 1, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
        Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};

    /** String lengths at the edges of the 6/12/32-bit listpack and 6/14/32-bit ziplist headers, and of backlens. */
    static final int[] EDGE_LENGTHS = {0, 1, 63, 64, 125, 126, 127, 128, 252, 253, 254, 255, 4095, 4096, 16380,
        16383, 16384, 70000};

    static List<byte[]> elements() {
        List<byte[]> out = new ArrayList<>();
        for (long v : EDGE_INTEGERS) {
            out.add(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
        for (int len : EDGE_LENGTHS) {
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) {
                b[i] = (byte) ('a' + i % 26);
            }
            out.add(b);
        }
        // Look like numbers but are not canonical: must stay strings.
        for (String s : new String[] {"-0", "01", "+1", "1.0", " 1", "9223372036854775808", "-9223372036854775809"}) {
            out.add(s.getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    static List<byte[]> read(ElementCursor c) throws RdbFormatException {
        List<byte[]> out = new ArrayList<>();
        while (c.next()) {
            out.add(c.bytes());
        }
        return out;
    }

    static void assertSameElements(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "element " + i);
        }
    }

    @Test
    void listpackRoundTripsEveryIntegerWidthAndStringHeader() throws RdbFormatException {
        List<byte[]> in = elements();
        ListpackWriter w = new ListpackWriter();
        for (byte[] e : in) {
            w.append(e);
        }
        byte[] blob = w.toByteArray();
        ListpackReader r = new ListpackReader(blob, 0, blob.length);
        assertEquals(in.size(), r.declaredCount());
        assertSameElements(in, read(r));
        assertEquals(blob.length, w.bytes());
    }

    @Test
    void listpackStoresCanonicalIntegersAsIntegerEntriesOnly() throws RdbFormatException {
        ListpackWriter w = new ListpackWriter();
        w.append("4096".getBytes(StandardCharsets.US_ASCII)).append("-0".getBytes(StandardCharsets.US_ASCII));
        byte[] blob = w.toByteArray();
        ListpackReader r = new ListpackReader(blob, 0, blob.length);
        assertTrue(r.next());
        assertTrue(r.isInteger());
        assertEquals(4096, r.longValue());
        assertTrue(r.next());
        assertFalse(r.isInteger());
        // header 6 + (int16: 3 + backlen 1) + (string: 1 + 2 + backlen 1) + terminator
        assertEquals(6 + 4 + 4 + 1, blob.length);
    }

    @Test
    void listpackEntrySizeMatchesWhatAppendAdds() {
        ListpackWriter w = new ListpackWriter();
        for (byte[] e : elements()) {
            int before = w.bytes();
            w.append(e);
            assertEquals(w.bytes() - before, ListpackWriter.entrySize(e, 0, e.length), new String(e, 0, Math.min(20, e.length)));
        }
    }

    @Test
    void listpackIntegersTakeTheSmallestEncodingPlusABacklenByte() {
        assertEquals(2, ListpackWriter.integerEntrySize(0));
        assertEquals(2, ListpackWriter.integerEntrySize(127));
        assertEquals(3, ListpackWriter.integerEntrySize(128));
        assertEquals(3, ListpackWriter.integerEntrySize(-4096));
        assertEquals(4, ListpackWriter.integerEntrySize(4096));
        assertEquals(4, ListpackWriter.integerEntrySize(-32768));
        assertEquals(5, ListpackWriter.integerEntrySize(32768));
        assertEquals(6, ListpackWriter.integerEntrySize(-8388609));
        assertEquals(10, ListpackWriter.integerEntrySize(1L << 31));
    }

    @Test
    void listpackStringsHaveOneTwoOrFiveHeaderBytesAndAGrowingBacklen() {
        assertEquals(1 + 63 + 1, ListpackWriter.stringEntrySize(63));
        assertEquals(2 + 64 + 1, ListpackWriter.stringEntrySize(64));
        assertEquals(2 + 125 + 1, ListpackWriter.stringEntrySize(125));
        assertEquals(2 + 126 + 2, ListpackWriter.stringEntrySize(126), "encoded 128 bytes need a 2-byte backlen");
        assertEquals(5 + 4096 + 2, ListpackWriter.stringEntrySize(4096));
    }

    @Test
    void listpackCountAbove65534IsStoredAsUnknown() throws RdbFormatException {
        ListpackWriter w = new ListpackWriter();
        for (int i = 0; i < 70_000; i++) {
            w.appendInteger(i % 100);
        }
        byte[] blob = w.toByteArray();
        ListpackReader r = new ListpackReader(blob, 0, blob.length);
        assertEquals(-1, r.declaredCount());
        assertEquals(70_000, r.count());
    }

    @Test
    void listpackWriterIsReusableAfterReset() throws RdbFormatException {
        ListpackWriter w = new ListpackWriter();
        w.append(new byte[5000]);
        w.toByteArray();
        w.reset().append("x".getBytes(StandardCharsets.US_ASCII));
        byte[] blob = w.toByteArray();
        assertSameElements(List.of("x".getBytes(StandardCharsets.US_ASCII)), read(new ListpackReader(blob, 0, blob.length)));
    }

    @Test
    void ziplistRoundTripsEveryIntegerWidthAndStringHeader() throws RdbFormatException {
        List<byte[]> in = elements();
        ZiplistWriter w = new ZiplistWriter();
        for (byte[] e : in) {
            w.append(e);
        }
        byte[] blob = w.toByteArray();
        ZiplistReader r = new ZiplistReader(blob, 0, blob.length);
        assertEquals(in.size(), r.declaredCount());
        assertSameElements(in, read(r));
    }

    @Test
    void ziplistPrevlenSwitchesToFiveBytesAt254() throws RdbFormatException {
        // Entries of 252 to 255 bytes in total (prevlen 1 + header 2 + data), each followed by a small one.
        List<byte[]> in = new ArrayList<>();
        for (int data : new int[] {249, 250, 251, 252}) {
            in.add(new byte[data]);
            in.add("tail".getBytes(StandardCharsets.US_ASCII));
        }
        ZiplistWriter w = new ZiplistWriter();
        int[] entryStart = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            entryStart[i] = w.bytes() - 1;
            w.append(in.get(i));
        }
        byte[] blob = w.toByteArray();
        assertSameElements(in, read(new ZiplistReader(blob, 0, blob.length)));
        // Entries of 252, 253, 254 and 255 bytes: the "tail" after each has prevlen 252, 253, then 0xFE + uint32.
        assertEquals(252, blob[entryStart[1]] & 0xFF);
        assertEquals(253, blob[entryStart[3]] & 0xFF);
        assertEquals(0xFE, blob[entryStart[5]] & 0xFF);
        assertEquals(254, LittleEndian.readInt32LE(blob, entryStart[5] + 1));
        assertEquals(0xFE, blob[entryStart[7]] & 0xFF);
        assertEquals(255, LittleEndian.readInt32LE(blob, entryStart[7] + 1));
        // zltail points at the last entry
        assertEquals(entryStart[7], LittleEndian.readInt32LE(blob, 4));
    }

    @Test
    void ziplistEntrySizeMatchesWhatAppendAdds() {
        ZiplistWriter w = new ZiplistWriter();
        for (byte[] e : elements()) {
            int before = w.bytes();
            int predicted = w.entrySize(e, 0, e.length);
            w.append(e);
            assertEquals(w.bytes() - before, predicted);
        }
    }

    @Test
    void emptyPackedBlobsAreValid() throws RdbFormatException {
        byte[] lp = new ListpackWriter().toByteArray();
        assertEquals(7, lp.length);
        assertFalse(new ListpackReader(lp, 0, lp.length).next());
        byte[] zl = new ZiplistWriter().toByteArray();
        assertEquals(11, zl.length);
        assertFalse(new ZiplistReader(zl, 0, zl.length).next());
    }

    @Test
    void intsetPicksTheNarrowestWidthAndSorts() throws RdbFormatException {
        long[][] cases = {{3, -2, 1}, {32767, -32768}, {32768, 1}, {-32769}, {Integer.MAX_VALUE, Integer.MIN_VALUE},
            {Integer.MAX_VALUE + 1L}, {Long.MIN_VALUE, Long.MAX_VALUE, 0}};
        int[] widths = {2, 2, 4, 4, 4, 8, 8};
        IntsetWriter w = new IntsetWriter();
        for (int c = 0; c < cases.length; c++) {
            w.reset();
            for (long v : cases[c]) {
                w.add(v);
            }
            byte[] blob = w.toByteArray();
            IntsetReader r = new IntsetReader(blob, 0, blob.length);
            assertEquals(widths[c], r.encoding(), Arrays.toString(cases[c]));
            r.requireAscendingUnique();
            long[] expected = cases[c].clone();
            Arrays.sort(expected);
            long[] actual = new long[r.size()];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = r.get(i);
            }
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void intsetRefusesDuplicates() {
        IntsetWriter w = new IntsetWriter().add(5).add(7).add(5);
        assertThrows(IllegalArgumentException.class, w::finish);
    }
}
