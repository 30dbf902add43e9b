package io.replkit.rdb;

import io.replkit.rdb.encoding.AsciiNumbers;
import io.replkit.rdb.encoding.ElementCursor;
import io.replkit.rdb.encoding.IntsetReader;
import io.replkit.rdb.encoding.ListpackReader;
import io.replkit.rdb.encoding.ZiplistReader;
import io.replkit.rdb.encoding.ZipmapReader;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one value of each {@link RdbType} into {@link ValueVisitor} calls ({@code rdbLoadObject}),
 * and skips values without decoding them. Embedded blobs (listpacks, ziplists, ...) are read whole,
 * one node at a time; everything else element by element.
 */
final class ValueDecoder {
    /** Stream listpack entry flags ({@code STREAM_ITEM_FLAG_*}). */
    private static final int STREAM_ITEM_FLAG_DELETED = 1, STREAM_ITEM_FLAG_SAMEFIELDS = 2;
    /** Quicklist 2 node containers ({@code QUICKLIST_NODE_CONTAINER_*}). */
    private static final int CONTAINER_PLAIN = 1, CONTAINER_PACKED = 2;
    /** Module value opcodes ({@code RDB_MODULE_OPCODE_*}). */
    private static final int MODULE_EOF = 0, MODULE_SINT = 1, MODULE_UINT = 2, MODULE_FLOAT = 3, MODULE_DOUBLE = 4, MODULE_STRING = 5;
    /** Redis's HASH_LP_NO_TTL. */
    private static final long HASH_LP_NO_TTL = 0;
    /** A list of n strings needs at least one byte per string. */
    private static final int MIN_STRING_BYTES = 1;

    private final RdbInput in;

    ValueDecoder(RdbInput in) {
        this.in = in;
    }

    // ------------------------------------------------------------------ decoding

    void decode(KeyEntry e, ValueVisitor v) throws IOException {
        switch (e.type()) {
            case STRING -> {
                v.begin(e, 1);
                v.stringValue(in.readString("string value"));
            }
            case LIST, SET -> {
                long n = in.readCount(e.type() == RdbType.LIST ? "list length" : "set size", MIN_STRING_BYTES);
                v.begin(e, n);
                boolean list = e.type() == RdbType.LIST;
                for (long i = 0; i < n; i++) {
                    byte[] b = in.readString(list ? "list element" : "set member");
                    if (list) {
                        v.listElement(b, 0, b.length);
                    } else {
                        v.setMember(b, 0, b.length);
                    }
                }
            }
            case ZSET, ZSET_2 -> {
                long n = in.readCount("sorted set size", 2);
                v.begin(e, n);
                for (long i = 0; i < n; i++) {
                    byte[] m = in.readString("sorted set member");
                    double score = e.type() == RdbType.ZSET ? in.readStringDouble("score") : in.readBinaryDouble("score");
                    v.zsetMember(m, 0, m.length, score);
                }
            }
            case HASH -> {
                long n = in.readCount("hash size", 2);
                v.begin(e, n);
                for (long i = 0; i < n; i++) {
                    byte[] f = in.readString("hash field");
                    byte[] val = in.readString("hash value");
                    v.hashField(f, 0, f.length, val, 0, val.length, ValueVisitor.NO_EXPIRY);
                }
            }
            case HASH_METADATA, HASH_METADATA_PRE_GA -> decodeHashMetadata(e, v);
            case VALKEY_HASH_2 -> {
                long n = in.readCount("hash size", 10);
                v.begin(e, n);
                for (long i = 0; i < n; i++) {
                    byte[] f = in.readString("hash field");
                    byte[] val = in.readString("hash value");
                    long ttl = in.readInt64LE("field expiry");
                    v.hashField(f, 0, f.length, val, 0, val.length, ttl < 0 ? ValueVisitor.NO_EXPIRY : ttl);
                }
            }
            case MODULE_2 -> {
                ModuleTypeId id = new ModuleTypeId(in.readLength("module type id"));
                v.begin(e, 1);
                skipModulePayload(id);
                v.moduleValue(id);
            }
            case MODULE_PRE_GA -> throw new RdbFormatException(
                "module value in the pre-GA format (type 6) cannot be read or skipped", e.offset());
            case HASH_ZIPMAP -> decodeZipmap(e, v);
            case LIST_ZIPLIST, ZSET_ZIPLIST, HASH_ZIPLIST -> {
                Blob b = readBlob(e.type().rdbName() + " ziplist");
                ZiplistReader z = b.guard(() -> new ZiplistReader(b.bytes, 0, b.bytes.length));
                v.begin(e, hint(z.declaredCount(), e.type() == RdbType.LIST_ZIPLIST ? 1 : 2));
                emitElements(e, v, z, b, 2);
            }
            case SET_INTSET -> {
                Blob b = readBlob("intset");
                IntsetReader s = b.guard(() -> new IntsetReader(b.bytes, 0, b.bytes.length));
                v.begin(e, s.size());
                for (int i = 0; i < s.size(); i++) {
                    byte[] m = AsciiNumbers.toBytes(s.get(i));
                    v.setMember(m, 0, m.length);
                }
            }
            case LIST_QUICKLIST -> {
                long nodes = in.readCount("quicklist node count", MIN_STRING_BYTES);
                v.begin(e, -1);
                for (long i = 0; i < nodes; i++) {
                    Blob b = readBlob("quicklist ziplist node");
                    emitElements(e, v, b.guard(() -> new ZiplistReader(b.bytes, 0, b.bytes.length)), b, 2);
                }
            }
            case LIST_QUICKLIST_2 -> {
                long nodes = in.readCount("quicklist node count", 2);
                v.begin(e, -1);
                for (long i = 0; i < nodes; i++) {
                    long at = in.offset();
                    long container = in.readLength("quicklist node container");
                    if (container == CONTAINER_PLAIN) {
                        byte[] el = in.readString("quicklist plain node");
                        v.listElement(el, 0, el.length);
                    } else if (container == CONTAINER_PACKED) {
                        Blob b = readBlob("quicklist listpack node");
                        ListpackReader lp = b.guard(() -> new ListpackReader(b.bytes, 0, b.bytes.length));
                        emitElements(e, v, lp, b, 2);
                    } else {
                        throw new RdbFormatException("quicklist node container " + container
                            + " is neither 1 (plain) nor 2 (packed)", at);
                    }
                }
            }
            case HASH_LISTPACK, ZSET_LISTPACK, SET_LISTPACK -> {
                Blob b = readBlob(e.type().rdbName() + " listpack");
                ListpackReader lp = b.guard(() -> new ListpackReader(b.bytes, 0, b.bytes.length));
                v.begin(e, hint(lp.declaredCount(), e.type() == RdbType.SET_LISTPACK ? 1 : 2));
                emitElements(e, v, lp, b, 2);
            }
            case HASH_LISTPACK_EX, HASH_LISTPACK_EX_PRE_GA -> {
                if (e.type() == RdbType.HASH_LISTPACK_EX) {
                    in.readInt64LE("hash minimum field expiry");
                }
                Blob b = readBlob("hash listpack with field TTLs");
                ListpackReader lp = b.guard(() -> new ListpackReader(b.bytes, 0, b.bytes.length));
                v.begin(e, hint(lp.declaredCount(), 3));
                emitElements(e, v, lp, b, 3);
            }
            case STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3 -> decodeStream(e, v);
            default -> throw new RdbFormatException("value type " + e.type() + " is not supported", e.offset());
        }
        v.end();
    }

    private static long hint(int declared, int perElement) {
        return declared < 0 ? -1 : declared / perElement;
    }

    /**
     * Walks a listpack or ziplist: {@code tuple} 2 pairs entries as (member, score) or
     * (field, value) by type; 3 reads (field, value, ttl) triplets.
     */
    private void emitElements(KeyEntry e, ValueVisitor v, ElementCursor c, Blob b, int tuple) throws IOException {
        DataType dt = e.type().dataType();
        try {
            while (c.next()) {
                switch (dt) {
                    case LIST -> {
                        if (c.isInteger()) {
                            byte[] n = AsciiNumbers.toBytes(c.longValue());
                            v.listElement(n, 0, n.length);
                        } else {
                            v.listElement(c.array(), c.stringOffset(), c.stringLength());
                        }
                    }
                    case SET -> {
                        if (c.isInteger()) {
                            byte[] n = AsciiNumbers.toBytes(c.longValue());
                            v.setMember(n, 0, n.length);
                        } else {
                            v.setMember(c.array(), c.stringOffset(), c.stringLength());
                        }
                    }
                    case ZSET -> {
                        byte[] m = c.bytes();
                        requireNext(c, "score of a sorted set member");
                        v.zsetMember(m, 0, m.length, c.doubleValue());
                    }
                    case HASH -> {
                        byte[] f = c.bytes();
                        requireNext(c, "value of a hash field");
                        byte[] val = c.bytes();
                        long ttl = ValueVisitor.NO_EXPIRY;
                        if (tuple == 3) {
                            requireNext(c, "TTL of a hash field");
                            if (!c.isInteger()) {
                                throw new RdbFormatException("hash field TTL is not an integer entry", c.entryOffset());
                            }
                            long t = c.longValue();
                            ttl = t == HASH_LP_NO_TTL ? ValueVisitor.NO_EXPIRY : t;
                        }
                        v.hashField(f, 0, f.length, val, 0, val.length, ttl);
                    }
                    default -> throw new IllegalStateException(dt.toString());
                }
            }
        } catch (RdbFormatException ex) {
            throw b.relocate(ex);
        }
    }

    private static void requireNext(ElementCursor c, String what) throws RdbFormatException {
        if (!c.next()) {
            // -1: the offset of the blob itself, since the cursor has no current entry left
            throw new RdbFormatException("blob ends where the " + what + " was expected", -1);
        }
    }

    private void decodeZipmap(KeyEntry e, ValueVisitor v) throws IOException {
        Blob b = readBlob("zipmap");
        ZipmapReader z = b.guard(() -> new ZipmapReader(b.bytes, 0, b.bytes.length));
        v.begin(e, -1);
        try {
            while (z.next()) {
                v.hashField(z.array(), z.keyOffset(), z.keyLength(), z.array(), z.valueOffset(), z.valueLength(),
                    ValueVisitor.NO_EXPIRY);
            }
        } catch (RdbFormatException ex) {
            throw b.relocate(ex);
        }
    }

    /** Types 24 and 22: a hashtable hash whose fields carry TTLs (relative to minExpire in 24). */
    private void decodeHashMetadata(KeyEntry e, ValueVisitor v) throws IOException {
        boolean relative = e.type() == RdbType.HASH_METADATA;
        long minExpire = relative ? in.readInt64LE("hash minimum field expiry") : 0;
        long n = in.readCount("hash size", 3);
        v.begin(e, n);
        for (long i = 0; i < n; i++) {
            long ttl = in.readLength("hash field TTL");
            byte[] f = in.readString("hash field");
            byte[] val = in.readString("hash value");
            long expireAt = ttl == 0 ? ValueVisitor.NO_EXPIRY : relative ? minExpire + ttl - 1 : ttl;
            v.hashField(f, 0, f.length, val, 0, val.length, expireAt);
        }
    }

    // ------------------------------------------------------------------ streams

    private void decodeStream(KeyEntry e, ValueVisitor v) throws IOException {
        int version = e.type() == RdbType.STREAM_LISTPACKS ? 1 : e.type() == RdbType.STREAM_LISTPACKS_2 ? 2 : 3;
        long nodes = in.readCount("stream listpack node count", 2);
        v.begin(e, -1);
        StreamId firstSeen = null;
        for (long i = 0; i < nodes; i++) {
            long at = in.offset();
            byte[] master = in.readString("stream node master id");
            if (master.length != 16) {
                throw new RdbFormatException("stream node master id is " + master.length + " bytes, expected 16", at);
            }
            StreamId masterId = StreamId.decode(master, 0);
            Blob b = readBlob("stream listpack");
            ListpackReader lp = b.guard(() -> new ListpackReader(b.bytes, 0, b.bytes.length));
            try {
                StreamId first = decodeStreamNode(masterId, lp, v);
                if (firstSeen == null) {
                    firstSeen = first;
                }
            } catch (RdbFormatException ex) {
                throw b.relocate(ex);
            }
        }
        long length = in.readLength("stream length");
        StreamId lastId = readStreamIdLengths("stream last id");
        StreamId firstId = null, maxDeleted = null;
        Long entriesAdded = null;
        if (version >= 2) {
            firstId = readStreamIdLengths("stream first id");
            maxDeleted = readStreamIdLengths("stream max deleted id");
            entriesAdded = in.readLength("stream entries added");
        }
        long groupCount = in.readCount("stream consumer group count", 4);
        List<StreamMetadata.Group> groups = new ArrayList<>((int) Math.min(groupCount, 64));
        for (long g = 0; g < groupCount; g++) {
            byte[] name = in.readString("consumer group name");
            StreamId groupLast = readStreamIdLengths("consumer group last id");
            Long entriesRead = version >= 2 ? in.readLength("consumer group entries read") : null;
            long pelSize = in.readCount("consumer group PEL size", 17);
            List<StreamMetadata.PendingEntry> pel = new ArrayList<>((int) Math.min(pelSize, 1024));
            for (long p = 0; p < pelSize; p++) {
                StreamId id = readRawStreamId("PEL entry id");
                long deliveryTime = in.readInt64LE("PEL delivery time");
                long deliveryCount = in.readLength("PEL delivery count");
                pel.add(new StreamMetadata.PendingEntry(id, deliveryTime, deliveryCount));
            }
            long consumerCount = in.readCount("consumer count", 10);
            List<StreamMetadata.Consumer> consumers = new ArrayList<>((int) Math.min(consumerCount, 1024));
            for (long c = 0; c < consumerCount; c++) {
                byte[] cname = in.readString("consumer name");
                long seen = in.readInt64LE("consumer seen time");
                Long active = version >= 3 ? in.readInt64LE("consumer active time") : null;
                long cpel = in.readCount("consumer PEL size", 16);
                List<StreamId> ids = new ArrayList<>((int) Math.min(cpel, 1024));
                for (long p = 0; p < cpel; p++) {
                    ids.add(readRawStreamId("consumer PEL entry id"));
                }
                consumers.add(new StreamMetadata.Consumer(cname, seen, active, ids));
            }
            groups.add(new StreamMetadata.Group(name, groupLast, entriesRead, pel, consumers));
        }
        v.streamMetadata(new StreamMetadata(length, lastId, firstId, maxDeleted, entriesAdded, groups));
    }

    /** One node's listpack ({@code streamAppendItem} layout); returns the first live id, or null. */
    private static StreamId decodeStreamNode(StreamId master, ListpackReader lp, ValueVisitor v) throws RdbFormatException {
        requireNext(lp, "master entry count");
        long count = requireInt(lp, "stream node entry count");
        requireNext(lp, "master entry deleted count");
        long deleted = requireInt(lp, "stream node deleted count");
        requireNext(lp, "master field count");
        long masterFieldCount = requireInt(lp, "stream master field count");
        if (masterFieldCount < 0 || masterFieldCount > lp.array().length) {
            throw new RdbFormatException("stream master field count " + masterFieldCount + " is impossible", lp.entryOffset());
        }
        byte[][] masterFields = new byte[(int) masterFieldCount][];
        for (int i = 0; i < masterFieldCount; i++) {
            requireNext(lp, "master field");
            masterFields[i] = lp.bytes();
        }
        requireNext(lp, "master entry terminator");
        requireInt(lp, "master entry terminator");
        StreamId first = null;
        long seen = 0;
        while (lp.next()) {
            int flags = (int) requireInt(lp, "stream entry flags");
            requireNext(lp, "entry id ms delta");
            long msDiff = requireInt(lp, "entry id ms delta");
            requireNext(lp, "entry id seq delta");
            long seqDiff = requireInt(lp, "entry id seq delta");
            StreamId id = new StreamId(master.ms() + msDiff, master.seq() + seqDiff);
            byte[][] fv;
            if ((flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
                fv = new byte[masterFields.length * 2][];
                for (int i = 0; i < masterFields.length; i++) {
                    requireNext(lp, "entry value");
                    fv[2 * i] = masterFields[i];
                    fv[2 * i + 1] = lp.bytes();
                }
            } else {
                requireNext(lp, "entry field count");
                long nf = requireInt(lp, "entry field count");
                if (nf < 0 || nf > lp.array().length) {
                    throw new RdbFormatException("stream entry field count " + nf + " is impossible", lp.entryOffset());
                }
                fv = new byte[(int) nf * 2][];
                for (int i = 0; i < fv.length; i++) {
                    requireNext(lp, i % 2 == 0 ? "entry field" : "entry value");
                    fv[i] = lp.bytes();
                }
            }
            requireNext(lp, "entry lp-count");
            requireInt(lp, "entry lp-count");
            seen++;
            if ((flags & STREAM_ITEM_FLAG_DELETED) == 0) {
                if (first == null) {
                    first = id;
                }
                v.streamEntry(id, fv);
            }
        }
        if (seen != count + deleted) {
            throw new RdbFormatException("stream node holds " + seen + " entries, its header says "
                + count + " live + " + deleted + " deleted", 0);
        }
        return first;
    }

    private static long requireInt(ElementCursor c, String what) throws RdbFormatException {
        if (!c.isInteger()) {
            throw new RdbFormatException(what + " is not an integer entry", c.entryOffset());
        }
        return c.longValue();
    }

    private StreamId readStreamIdLengths(String what) throws IOException {
        long ms = in.readLength(what + " ms");
        long seq = in.readLength(what + " seq");
        return new StreamId(ms, seq);
    }

    private StreamId readRawStreamId(String what) throws IOException {
        long ms = in.readUInt64BE(what);
        long seq = in.readUInt64BE(what);
        return new StreamId(ms, seq);
    }

    // ------------------------------------------------------------------ skipping

    /** Skips a value without decoding its elements ({@code --keys}-less passes, summaries, filters). */
    void skip(KeyEntry e) throws IOException {
        switch (e.type()) {
            case STRING, HASH_ZIPMAP, LIST_ZIPLIST, SET_INTSET, ZSET_ZIPLIST, HASH_ZIPLIST,
                 HASH_LISTPACK, ZSET_LISTPACK, SET_LISTPACK, HASH_LISTPACK_EX_PRE_GA -> in.skipString("value");
            case HASH_LISTPACK_EX -> {
                in.skip(8, "hash minimum field expiry");
                in.skipString("hash listpack");
            }
            case LIST, SET, LIST_QUICKLIST -> skipStrings(in.readCount("element count", MIN_STRING_BYTES), 1);
            case HASH -> skipStrings(in.readCount("hash size", 2), 2);
            case ZSET -> {
                long n = in.readCount("sorted set size", 2);
                for (long i = 0; i < n; i++) {
                    in.skipString("sorted set member");
                    int len = in.readUnsignedByte("score");
                    if (len < 253) {
                        in.skip(len, "score");
                    }
                }
            }
            case ZSET_2 -> {
                long n = in.readCount("sorted set size", 9);
                for (long i = 0; i < n; i++) {
                    in.skipString("sorted set member");
                    in.skip(8, "score");
                }
            }
            case LIST_QUICKLIST_2 -> {
                long n = in.readCount("quicklist node count", 2);
                for (long i = 0; i < n; i++) {
                    in.readLength("quicklist node container");
                    in.skipString("quicklist node");
                }
            }
            case HASH_METADATA, HASH_METADATA_PRE_GA -> {
                if (e.type() == RdbType.HASH_METADATA) {
                    in.skip(8, "hash minimum field expiry");
                }
                long n = in.readCount("hash size", 3);
                for (long i = 0; i < n; i++) {
                    in.readLength("hash field TTL");
                    in.skipString("hash field");
                    in.skipString("hash value");
                }
            }
            case VALKEY_HASH_2 -> {
                long n = in.readCount("hash size", 10);
                for (long i = 0; i < n; i++) {
                    in.skipString("hash field");
                    in.skipString("hash value");
                    in.skip(8, "field expiry");
                }
            }
            case MODULE_2 -> skipModulePayload(new ModuleTypeId(in.readLength("module type id")));
            default -> decode(e, new ValueVisitor() { });
        }
    }

    private void skipStrings(long count, int perItem) throws IOException {
        for (long i = 0; i < count * perItem; i++) {
            in.skipString("element");
        }
    }

    /** Skips module opcodes until their EOF ({@code rdbLoadCheckModuleValue}). */
    void skipModulePayload(ModuleTypeId id) throws IOException {
        while (true) {
            long at = in.offset();
            long op = in.readLength("module opcode of " + id.name());
            if (op == MODULE_EOF) {
                return;
            }
            switch ((int) Math.min(op, Integer.MAX_VALUE)) {
                case MODULE_SINT, MODULE_UINT -> in.readLength("module integer");
                case MODULE_FLOAT -> in.skip(4, "module float");
                case MODULE_DOUBLE -> in.skip(8, "module double");
                case MODULE_STRING -> in.skipString("module string");
                default -> throw new RdbFormatException("unknown module opcode " + op + " in a value of module type "
                    + id.name(), at);
            }
        }
    }

    // ------------------------------------------------------------------ blobs

    /** Reads a string holding an embedded structure, remembering where its bytes sit for error offsets. */
    private Blob readBlob(String what) throws IOException {
        long start = in.offset();
        byte[] bytes = in.readString(what);
        // Compressed blobs do not map byte for byte onto the file; their errors point at the string.
        long data = in.lastRawDataOffset();
        return new Blob(bytes, data >= 0 ? data : start, data < 0, what);
    }

    /** An embedded blob and how to map its relative error offsets back to the file. */
    private static final class Blob {
        final byte[] bytes;
        final long base;
        final boolean compressed;
        final String what;

        Blob(byte[] bytes, long base, boolean compressed, String what) {
            this.bytes = bytes;
            this.base = base;
            this.compressed = compressed;
            this.what = what;
        }

        RdbFormatException relocate(RdbFormatException e) {
            if (compressed) {
                return new RdbFormatException(e.problem() + " at byte " + e.offset() + " of the decompressed "
                    + what, base, e.context(), e);
            }
            return e.relocate(base, null);
        }

        interface Opener<T> {
            T open() throws RdbFormatException;
        }

        <T> T guard(Opener<T> opener) throws RdbFormatException {
            try {
                return opener.open();
            } catch (RdbFormatException e) {
                throw relocate(e);
            }
        }
    }
}
