package io.replkit.rdb.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.ModuleTypeId;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each encoding choice at its threshold, on both sides: the payload's type is the one the server
 * would pick, and the value decodes back unchanged.
 */
class EncodingChoiceTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] filled(int len) {
        byte[] x = new byte[len];
        for (int i = 0; i < len; i++) {
            x[i] = (byte) ('a' + i % 26);
        }
        return x;
    }

    static RdbWriterOptions options(int version) {
        return RdbWriterOptions.defaults(RdbTarget.version(version)).withCompress(false);
    }

    /** Encodes, decodes, checks the value survived, and returns the payload. */
    static DumpPayload.Decoded roundTrip(RdbValue v, RdbWriterOptions o) throws IOException {
        byte[] payload = DumpPayload.encode(v, o);
        DumpPayload.Decoded d = DumpPayload.decodeWithType(payload);
        assertEquals(o.rdbVersion(), d.rdbVersion());
        assertEquals(LogicalContent.value(v, 3), LogicalContent.value(d.value(), 3));
        return d;
    }

    static RdbType typeOf(RdbValue v, int version) throws IOException {
        return roundTrip(v, options(version)).type();
    }

    static SetValue ints(int n) {
        List<byte[]> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            m.add(b(Integer.toString(i * 7 - 100)));
        }
        return new SetValue(m);
    }

    static SetValue strings(int n, int len) {
        List<byte[]> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] x = filled(len);
            x[0] = (byte) ('A' + i % 26);
            x[len - 1] = (byte) i;
            if (len > 1) {
                x[len - 2] = (byte) (i >> 8);
            }
            m.add(x);
        }
        return new SetValue(m);
    }

    static ZSetValue zset(int n, int memberLength) {
        List<ZSetValue.Entry> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] m = filled(memberLength);
            m[0] = (byte) ('A' + i % 26);
            m[memberLength - 1] = (byte) i;
            m[memberLength - 2] = (byte) (i >> 8);
            e.add(new ZSetValue.Entry(m, i % 3 == 0 ? i : i + 0.25));
        }
        return new ZSetValue(e);
    }

    static HashValue hash(int n, int valueLength, long ttlEvery) {
        List<HashValue.Field> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ttl = ttlEvery > 0 && i % ttlEvery == 0 ? 33_000_000_000_000L + i : -1;
            f.add(new HashValue.Field(b("field:" + i), filled(valueLength), ttl));
        }
        return new HashValue(f);
    }

    @Test
    void stringsAreIntEncodedOnlyWhenCanonicalAndWithin32Bits() throws IOException {
        assertEquals(0xC0, DumpPayload.encode(new StringValue(b("-128")), options(10))[1] & 0xFF);
        assertEquals(0xC1, DumpPayload.encode(new StringValue(b("12345")), options(10))[1] & 0xFF);
        assertEquals(0xC2, DumpPayload.encode(new StringValue(b("-2147483648")), options(10))[1] & 0xFF);
        assertEquals(11, DumpPayload.encode(new StringValue(b("-2147483649")), options(10))[1] & 0xFF);
        assertEquals(2, DumpPayload.encode(new StringValue(b("-0")), options(10))[1] & 0xFF);
        assertEquals(3, DumpPayload.encode(new StringValue(b("007")), options(10))[1] & 0xFF);
        for (String s : new String[] {"0", "-1", "127", "128", "-2147483648", "4294967296", "-0", "+5", "1e3"}) {
            typeOf(new StringValue(b(s)), 9);
        }
    }

    @Test
    void stringsAreCompressedFrom21BytesWhenCompressionIsOn() throws IOException {
        RdbWriterOptions on = RdbWriterOptions.defaults(RdbTarget.version(10));
        byte[] twenty = b("aaaaaaaaaaaaaaaaaaaa");
        byte[] twentyOne = b("aaaaaaaaaaaaaaaaaaaaa");
        assertEquals(20, DumpPayload.encode(new StringValue(twenty), on)[1] & 0xFF);
        assertEquals(0xC3, DumpPayload.encode(new StringValue(twentyOne), on)[1] & 0xFF);
        assertEquals(21, DumpPayload.encode(new StringValue(twentyOne), on.withCompress(false))[1] & 0xFF);
        // Incompressible: stored raw even with compression on.
        byte[] random = new byte[100];
        new java.util.Random(7).nextBytes(random);
        assertEquals(0x40, DumpPayload.encode(new StringValue(random), on)[1] & 0xC0);
        roundTrip(new StringValue(filled(100_000)), on);
    }

    @Test
    void setsAreIntsetsUpTo512IntegersThenListpacksOrHashtables() throws IOException {
        assertEquals(RdbType.SET_INTSET, typeOf(ints(512), 9));
        assertEquals(RdbType.SET, typeOf(ints(513), 9));
        assertEquals(RdbType.SET, typeOf(ints(513), 11));
        assertEquals(RdbType.SET_LISTPACK, typeOf(strings(128, 64), 11));
        assertEquals(RdbType.SET, typeOf(strings(129, 64), 11));
        assertEquals(RdbType.SET, typeOf(strings(5, 65), 11));
        assertEquals(RdbType.SET, typeOf(strings(128, 64), 10));
        List<byte[]> mixed = new ArrayList<>(ints(10).members());
        mixed.add(b("x"));
        assertEquals(RdbType.SET_LISTPACK, typeOf(new SetValue(mixed), 12));
    }

    @Test
    void sortedSetsArePackedUpTo128MembersOf64Bytes() throws IOException {
        assertEquals(RdbType.ZSET_LISTPACK, typeOf(zset(128, 64), 10));
        assertEquals(RdbType.ZSET_ZIPLIST, typeOf(zset(128, 64), 9));
        assertEquals(RdbType.ZSET_2, typeOf(zset(129, 64), 10));
        assertEquals(RdbType.ZSET_2, typeOf(zset(3, 65), 9));
        assertEquals(RdbType.ZSET, typeOf(zset(200, 10), 7));
        ZSetValue special = new ZSetValue(List.of(new ZSetValue.Entry(b("a"), Double.POSITIVE_INFINITY),
            new ZSetValue.Entry(b("b"), Double.NEGATIVE_INFINITY), new ZSetValue.Entry(b("c"), -0.0),
            new ZSetValue.Entry(b("d"), 1e300), new ZSetValue.Entry(b("e"), -1e-300), new ZSetValue.Entry(b("f"), 0.1),
            new ZSetValue.Entry(b("g"), 4503599627370496.0), new ZSetValue.Entry(b("h"), -4503599627370495.0)));
        for (int v : new int[] {7, 9, 10}) {
            roundTrip(special, options(v));
        }
        List<ZSetValue.Entry> big = new ArrayList<>(special.entries());
        big.addAll(zset(200, 8).entries());
        roundTrip(new ZSetValue(big), options(7));
    }

    @Test
    void packedSortedSetsAreInScoreThenMemberOrder() throws IOException {
        ZSetValue z = new ZSetValue(List.of(new ZSetValue.Entry(b("b"), 2), new ZSetValue.Entry(b("z"), 1),
            new ZSetValue.Entry(b("a"), 2)));
        ZSetValue back = (ZSetValue) DumpPayload.decode(DumpPayload.encode(z, options(10)));
        assertEquals(List.of("z", "a", "b"), back.entries().stream().map(e -> new String(e.member(), StandardCharsets.UTF_8)).toList());
    }

    @Test
    void hashesArePackedUpTo512FieldsOf64Bytes() throws IOException {
        assertEquals(RdbType.HASH_LISTPACK, typeOf(hash(512, 64, 0), 10));
        assertEquals(RdbType.HASH_ZIPLIST, typeOf(hash(512, 64, 0), 9));
        assertEquals(RdbType.HASH, typeOf(hash(513, 64, 0), 10));
        assertEquals(RdbType.HASH, typeOf(hash(2, 65, 0), 12));
    }

    @Test
    void hashesWithFieldTtlsNeedVersion12() throws IOException {
        assertEquals(RdbType.HASH_LISTPACK_EX, typeOf(hash(10, 5, 3), 12));
        assertEquals(RdbType.HASH_METADATA, typeOf(hash(600, 5, 7), 12));
        RdbWriteException e = assertThrows(RdbWriteException.class, () -> DumpPayload.encode(hash(10, 5, 3), options(11)));
        assertEquals("DUMP payload: a hash with field TTLs cannot be written to RDB version 11 (needs 12)", e.getMessage());
    }

    @Test
    void listsAreQuicklistsSplitAtTheNodeSizeLimit() throws IOException {
        List<byte[]> el = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            el.add(filled(100));
        }
        ListValue list = new ListValue(el);
        for (int v : new int[] {6, 7, 9, 10, 11, 12}) {
            roundTrip(list, options(v));
        }
        assertEquals(RdbType.LIST, typeOf(list, 6));
        List<byte[]> small = new ArrayList<>();
        for (int i = 0; i < 513; i++) {
            small.add(filled(64));
        }
        assertEquals(RdbType.LIST_ZIPLIST, typeOf(new ListValue(small.subList(0, 512)), 6));
        assertEquals(RdbType.LIST, typeOf(new ListValue(small), 6));
        assertEquals(RdbType.LIST_QUICKLIST, typeOf(list, 9));
        assertEquals(RdbType.LIST_QUICKLIST_2, typeOf(list, 10));

        PayloadWalk w = new PayloadWalk(DumpPayload.encode(list, options(10)));
        w.type();
        long nodes = w.length();
        assertTrue(nodes > 1, "nodes: " + nodes);
        for (long n = 0; n < nodes; n++) {
            assertEquals(2, w.length());
            int size = w.rawString().length;
            assertTrue(size <= 8192, "node of " + size + " bytes");
            assertTrue(n == nodes - 1 || size > 8192 - 120, "node " + n + " of " + size + " bytes is not full");
        }
    }

    @Test
    void largeListElementsGetPlainNodesFromVersion12() throws IOException {
        ListValue list = new ListValue(List.of(b("a"), filled(9000), b("b")));
        PayloadWalk w12 = new PayloadWalk(DumpPayload.encode(list, options(12)));
        w12.type();
        assertEquals(3, w12.length());
        assertEquals(2, w12.length());
        w12.rawString();
        assertEquals(1, w12.length());
        assertEquals(9000, w12.rawString().length);
        PayloadWalk w10 = new PayloadWalk(DumpPayload.encode(list, options(10)));
        w10.type();
        assertEquals(3, w10.length()); // a 9000-byte element cannot share an 8 KB node, but stays packed
        assertEquals(2, w10.length());
        w10.rawString();
        assertEquals(2, w10.length());
        roundTrip(list, options(12));
        roundTrip(list, options(9));
    }

    @Test
    void streamsTakeTheVersionsStreamTypeAndNeedVersion9() throws IOException {
        List<StreamValue.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            entries.add(new StreamValue.Entry(new StreamId(1000 + i / 3, i % 3),
                i % 5 == 0 ? new byte[][] {b("other"), b("v" + i)} : new byte[][] {b("f"), b("v" + i), b("n"), b(Integer.toString(i))}));
        }
        StreamMetadata.Group g = new StreamMetadata.Group(b("g"), new StreamId(1010, 0), 31L,
            List.of(new StreamMetadata.PendingEntry(new StreamId(1001, 1), 1_700_000_000_000L, 2)),
            List.of(new StreamMetadata.Consumer(b("c"), 1_700_000_000_001L, 1_700_000_000_002L, List.of(new StreamId(1001, 1)))));
        StreamValue s = new StreamValue(entries, new StreamMetadata(250, new StreamId(1083, 0), new StreamId(1000, 0),
            StreamId.ZERO, 250L, List.of(g)));
        assertEquals(RdbType.STREAM_LISTPACKS, roundTripAtLevel(s, 9, 1));
        assertEquals(RdbType.STREAM_LISTPACKS_2, roundTripAtLevel(s, 10, 2));
        assertEquals(RdbType.STREAM_LISTPACKS_3, roundTripAtLevel(s, 11, 3));
        RdbWriteException e = assertThrows(RdbWriteException.class, () -> DumpPayload.encode(s, options(8)));
        assertEquals("DUMP payload: a stream cannot be written to RDB version 8 (needs 9)", e.getMessage());
    }

    static RdbType roundTripAtLevel(StreamValue s, int version, int level) throws IOException {
        DumpPayload.Decoded d = DumpPayload.decodeWithType(DumpPayload.encode(s, options(version)));
        assertEquals(LogicalContent.value(s, level), LogicalContent.value(d.value(), level));
        return d.type();
    }

    @Test
    void entriesReadOfOldGroupsIsEstimatedAsTheServerDoes() {
        StreamId first = new StreamId(5, 0), last = new StreamId(9, 0);
        assertEquals(10, StreamEncoder.estimateEntriesRead(last, 4, 10, last, first, StreamId.ZERO));
        assertEquals(-1, StreamEncoder.estimateEntriesRead(new StreamId(10, 0), 4, 10, last, first, StreamId.ZERO));
        assertEquals(6, StreamEncoder.estimateEntriesRead(new StreamId(1, 0), 4, 10, last, first, StreamId.ZERO));
        assertEquals(7, StreamEncoder.estimateEntriesRead(first, 4, 10, last, first, StreamId.ZERO));
        assertEquals(-1, StreamEncoder.estimateEntriesRead(new StreamId(6, 0), 4, 10, last, first, StreamId.ZERO));
        assertEquals(0, StreamEncoder.estimateEntriesRead(first, 0, 0, StreamId.ZERO, StreamId.ZERO, StreamId.ZERO));
    }

    @Test
    void moduleValuesAndNanScoresAreRefused() {
        RdbWriteException m = assertThrows(RdbWriteException.class,
            () -> DumpPayload.encode(new ModuleValue(new ModuleTypeId(0x1234L << 10)), options(12)));
        assertTrue(m.getMessage().startsWith("DUMP payload: a module value"), m.getMessage());
        RdbWriteException n = assertThrows(RdbWriteException.class,
            () -> DumpPayload.encode(new ZSetValue(List.of(new ZSetValue.Entry(b("x"), Double.NaN))), options(12)));
        assertTrue(n.getMessage().contains("NaN"), n.getMessage());
    }

    /** Reads the primitive layout of a payload (uncompressed), to check node structure. */
    static final class PayloadWalk {
        private final byte[] p;
        private int pos;

        PayloadWalk(byte[] payload) {
            this.p = payload;
        }

        int type() {
            return p[pos++] & 0xFF;
        }

        long length() {
            int b0 = p[pos++] & 0xFF;
            switch (b0 >> 6) {
                case 0:
                    return b0;
                case 1:
                    return ((b0 & 0x3F) << 8) | (p[pos++] & 0xFF);
                default:
                    if (b0 != 0x80) {
                        throw new IllegalStateException("length byte " + b0);
                    }
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v = (v << 8) | (p[pos++] & 0xFF);
                    }
                    return v;
            }
        }

        byte[] rawString() {
            int len = (int) length();
            byte[] s = java.util.Arrays.copyOfRange(p, pos, pos + len);
            pos += len;
            return s;
        }
    }
}
