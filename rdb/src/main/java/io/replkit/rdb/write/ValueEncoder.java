package io.replkit.rdb.write;

import io.replkit.rdb.RdbType;
import io.replkit.rdb.encoding.AsciiNumbers;
import io.replkit.rdb.encoding.IntsetWriter;
import io.replkit.rdb.encoding.ListpackWriter;
import io.replkit.rdb.encoding.ScoreText;
import io.replkit.rdb.encoding.ZiplistWriter;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes values ({@code rdbSaveObjectType} + {@code rdbSaveObject}): {@link #choose} picks the
 * encoding the target server would use with the configured thresholds, and refuses what the
 * target cannot hold, before anything is written; {@link #write} then writes the value body.
 * The packed writers are reused from value to value.
 */
final class ValueEncoder {
    /** Redis 2.6 to 3.0 kept lists as ziplists up to these ({@code list-max-ziplist-entries/value}). */
    private static final int V6_LIST_MAX_ZIPLIST_ENTRIES = 512, V6_LIST_MAX_ZIPLIST_VALUE = 64;
    /** Quicklist nodes hold at most 2^16 - 1 entries (a 16-bit count). */
    private static final int MAX_NODE_COUNT = 0xFFFF;
    /** {@code SIZE_SAFETY_LIMIT}: nodes limited by count still stay below this many bytes. */
    private static final int NODE_SAFETY_LIMIT = 8192;
    /** {@code SIZE_ESTIMATE_OVERHEAD} of listpack quicklists (7.0+). */
    private static final int LISTPACK_ENTRY_OVERHEAD = 8;
    /** {@code EB_EXPIRE_TIME_MAX}: Redis refuses field TTLs beyond 2^48 - 1 ms. */
    static final long MAX_FIELD_EXPIRE = (1L << 48) - 1;
    /** Redis's {@code HASH_LP_NO_TTL}. */
    private static final long HASH_LP_NO_TTL = 0;

    private final RdbWriterOptions options;
    private final RdbTarget target;
    private final ListpackWriter lp = new ListpackWriter();
    private final ZiplistWriter zl = new ZiplistWriter();
    private final IntsetWriter intset = new IntsetWriter();
    private final StreamEncoder streams;
    private int[] nodeCounts = new int[16];
    private int intsetLength;

    ValueEncoder(RdbWriterOptions options) {
        this.options = options;
        this.target = options.target();
        this.streams = new StreamEncoder(options, lp);
    }

    /**
     * The type the value is written as.
     *
     * @param who how errors name the value, e.g. {@code key "h1" (db 0)}
     * @throws RdbWriteException when the target cannot represent the value
     */
    RdbType choose(RdbValue value, String who) throws RdbWriteException {
        int version = target.rdbVersion();
        if (value instanceof StringValue) {
            return RdbType.STRING;
        } else if (value instanceof ListValue l) {
            if (version < 7) {
                return fitsPacked(l.elements(), V6_LIST_MAX_ZIPLIST_ENTRIES, V6_LIST_MAX_ZIPLIST_VALUE)
                    ? RdbType.LIST_ZIPLIST : RdbType.LIST;
            }
            return target.listType();
        } else if (value instanceof SetValue s) {
            return chooseSet(s, who);
        } else if (value instanceof ZSetValue z) {
            for (ZSetValue.Entry e : z.entries()) {
                if (Double.isNaN(e.score())) {
                    throw new RdbWriteException(who + ": sorted set member \"" + printable(e.member())
                        + "\" has a NaN score, which Redis refuses to load");
                }
            }
            boolean small = z.entries().size() <= options.zsetMaxListpackEntries()
                && maxLength(z.entries(), ZSetValue.Entry::member) <= options.zsetMaxListpackValue();
            if (small && !z.entries().isEmpty()) {
                return target.usesListpacks() ? RdbType.ZSET_LISTPACK : RdbType.ZSET_ZIPLIST;
            }
            return target.zsetType();
        } else if (value instanceof HashValue h) {
            return chooseHash(h, who);
        } else if (value instanceof StreamValue) {
            RdbType t = target.streamType();
            if (t == null) {
                throw new RdbWriteException(who + ": a stream cannot be written to RDB version " + version + " (needs 9)");
            }
            return t;
        } else if (value instanceof ModuleValue m) {
            throw new RdbWriteException(who + ": a module value (" + m.moduleType().name()
                + ") cannot be written: the reader keeps only its module type, not its data");
        }
        throw new IllegalArgumentException("unknown value " + value.getClass().getName());
    }

    private RdbType chooseSet(SetValue s, String who) throws RdbWriteException {
        List<byte[]> members = s.members();
        if (members.isEmpty()) {
            return RdbType.SET;
        }
        if (members.size() <= options.setMaxIntsetEntries() && allIntegers(members)) {
            intset.reset();
            for (byte[] m : members) {
                intset.add(AsciiNumbers.parseCanonicalInt64(m, 0, m.length));
            }
            try {
                intsetLength = intset.finish();
            } catch (IllegalArgumentException e) {
                throw new RdbWriteException(who + ": the set is not a set: " + e.getMessage());
            }
            return RdbType.SET_INTSET;
        }
        if (target.hasSetListpacks() && members.size() <= options.setMaxListpackEntries()
            && maxLength(members, m -> m) <= options.setMaxListpackValue()) {
            return RdbType.SET_LISTPACK;
        }
        return RdbType.SET;
    }

    private RdbType chooseHash(HashValue h, String who) throws RdbWriteException {
        boolean ttls = false;
        for (HashValue.Field f : h.fields()) {
            if (f.hasExpiry()) {
                ttls = true;
                if (f.expireAtMs() > MAX_FIELD_EXPIRE) {
                    throw new RdbWriteException(who + ": hash field \"" + printable(f.field()) + "\" expires at "
                        + f.expireAtMs() + " ms, beyond the largest field expiry Redis accepts (" + MAX_FIELD_EXPIRE + ")");
                }
            }
        }
        if (ttls && !target.hasHashFieldTtls()) {
            throw new RdbWriteException(who + ": a hash with field TTLs cannot be written to RDB version "
                + target.rdbVersion() + " (needs 12)");
        }
        boolean small = !h.fields().isEmpty() && h.fields().size() <= options.hashMaxListpackEntries()
            && maxLength(h.fields(), HashValue.Field::field) <= options.hashMaxListpackValue()
            && maxLength(h.fields(), HashValue.Field::value) <= options.hashMaxListpackValue();
        if (ttls) {
            return small ? RdbType.HASH_LISTPACK_EX : RdbType.HASH_METADATA;
        }
        if (small) {
            return target.usesListpacks() ? RdbType.HASH_LISTPACK : RdbType.HASH_ZIPLIST;
        }
        return RdbType.HASH;
    }

    /** Writes the value body for the type {@link #choose} returned for it (right before). */
    void write(RdbOutput out, RdbType type, RdbValue value) throws IOException {
        switch (type) {
            case STRING -> out.writeString(((StringValue) value).bytes());
            case LIST -> writeStrings(out, ((ListValue) value).elements());
            case LIST_ZIPLIST -> writeZiplist(out, ((ListValue) value).elements());
            case LIST_QUICKLIST, LIST_QUICKLIST_2 -> writeQuicklist(out, ((ListValue) value).elements(),
                type == RdbType.LIST_QUICKLIST_2);
            case SET -> writeStrings(out, ((SetValue) value).members());
            case SET_INTSET -> out.writeString(intset.array(), 0, intsetLength);
            case SET_LISTPACK -> {
                lp.reset();
                for (byte[] m : ((SetValue) value).members()) {
                    lp.append(m);
                }
                out.writeString(lp.array(), 0, lp.finish());
            }
            case ZSET_LISTPACK, ZSET_ZIPLIST -> writePackedZset(out, (ZSetValue) value, type == RdbType.ZSET_LISTPACK);
            case ZSET_2, ZSET -> {
                List<ZSetValue.Entry> entries = ((ZSetValue) value).entries();
                out.writeLength(entries.size());
                for (ZSetValue.Entry e : entries) {
                    out.writeString(e.member());
                    if (type == RdbType.ZSET_2) {
                        out.writeBinaryDouble(e.score());
                    } else {
                        out.writeStringDouble(e.score());
                    }
                }
            }
            case HASH -> {
                List<HashValue.Field> fields = ((HashValue) value).fields();
                out.writeLength(fields.size());
                for (HashValue.Field f : fields) {
                    out.writeString(f.field());
                    out.writeString(f.value());
                }
            }
            case HASH_LISTPACK, HASH_ZIPLIST -> {
                boolean listpack = type == RdbType.HASH_LISTPACK;
                if (listpack) {
                    lp.reset();
                } else {
                    zl.reset();
                }
                for (HashValue.Field f : ((HashValue) value).fields()) {
                    if (listpack) {
                        lp.append(f.field()).append(f.value());
                    } else {
                        zl.append(f.field()).append(f.value());
                    }
                }
                if (listpack) {
                    out.writeString(lp.array(), 0, lp.finish());
                } else {
                    out.writeString(zl.array(), 0, zl.finish());
                }
            }
            case HASH_LISTPACK_EX -> writeHashListpackEx(out, (HashValue) value);
            case HASH_METADATA -> writeHashMetadata(out, (HashValue) value);
            case STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3 -> streams.write(out, type, (StreamValue) value);
            default -> throw new IllegalArgumentException("values are not written as " + type);
        }
    }

    // ------------------------------------------------------------------ lists

    private static void writeStrings(RdbOutput out, List<byte[]> strings) throws IOException {
        out.writeLength(strings.size());
        for (byte[] s : strings) {
            out.writeString(s);
        }
    }

    private void writeZiplist(RdbOutput out, List<byte[]> elements) throws IOException {
        zl.reset();
        for (byte[] e : elements) {
            zl.append(e);
        }
        out.writeString(zl.array(), 0, zl.finish());
    }

    /**
     * Quicklists, split into nodes as the server's list-push would ({@code _quicklistNodeAllowInsert}):
     * an element joins the current node while the node's size plus the element plus an overhead
     * estimate stays within the node limit. A first pass finds the node boundaries, a second
     * encodes and writes each node; PLAIN nodes (quicklist 2 only) get a count of -1.
     */
    private void writeQuicklist(RdbOutput out, List<byte[]> elements, boolean v2) throws IOException {
        int nodes = 0;
        int inNode = 0;
        int nodeBytes = 0;
        int maxBytes = options.listNodeMaxBytes();
        int fill = options.listMaxListpackSize();
        long plainAbove = !v2 ? Long.MAX_VALUE : target.plainNodesForLargeElements()
            ? (maxBytes > 0 ? maxBytes : NODE_SAFETY_LIMIT) : target.plainNodeThreshold() - 1;
        if (v2) {
            lp.reset();
        } else {
            zl.reset();
        }
        for (byte[] e : elements) {
            if (e.length > plainAbove) {
                if (inNode > 0) {
                    nodes = addNode(nodes, inNode);
                }
                nodes = addNode(nodes, -1);
                inNode = 0;
                continue;
            }
            if (inNode > 0) {
                long newSize = (long) nodeBytes + e.length + (v2 ? LISTPACK_ENTRY_OVERHEAD : ziplistOverhead(e.length));
                boolean fits = maxBytes > 0 ? newSize <= maxBytes : newSize <= NODE_SAFETY_LIMIT && inNode < fill;
                if (!fits || inNode == MAX_NODE_COUNT) {
                    nodes = addNode(nodes, inNode);
                    inNode = 0;
                    if (v2) {
                        lp.reset();
                    } else {
                        zl.reset();
                    }
                }
            }
            if (v2) {
                lp.append(e);
                nodeBytes = lp.bytes();
            } else {
                zl.append(e);
                nodeBytes = zl.bytes();
            }
            inNode++;
        }
        if (inNode > 0) {
            nodes = addNode(nodes, inNode);
        }

        out.writeLength(nodes);
        int next = 0;
        for (int n = 0; n < nodes; n++) {
            int count = nodeCounts[n];
            if (count < 0) {
                out.writeLength(QuicklistContainer.PLAIN);
                out.writeString(elements.get(next++));
                continue;
            }
            if (v2) {
                out.writeLength(QuicklistContainer.PACKED);
                lp.reset();
                for (int i = 0; i < count; i++) {
                    lp.append(elements.get(next++));
                }
                out.writeString(lp.array(), 0, lp.finish());
            } else {
                zl.reset();
                for (int i = 0; i < count; i++) {
                    zl.append(elements.get(next++));
                }
                out.writeString(zl.array(), 0, zl.finish());
            }
        }
    }

    /** Quicklist 2 node containers ({@code QUICKLIST_NODE_CONTAINER_*}). */
    private static final class QuicklistContainer {
        static final int PLAIN = 1, PACKED = 2;
    }

    /** {@code ziplist_overhead} of 6.2's quicklist: prevlen plus encoding header. */
    private static int ziplistOverhead(int len) {
        return (len < 254 ? 1 : 5) + (len < 64 ? 1 : len < 16384 ? 2 : 5);
    }

    private int addNode(int nodes, int count) {
        if (nodes == nodeCounts.length) {
            nodeCounts = Arrays.copyOf(nodeCounts, nodes * 2);
        }
        nodeCounts[nodes] = count;
        return nodes + 1;
    }

    // ------------------------------------------------------------------ sorted sets and hashes

    /** Packed sorted sets are kept in score order, then member bytes ({@code zzlInsert}). */
    private void writePackedZset(RdbOutput out, ZSetValue z, boolean listpack) throws IOException {
        ZSetValue.Entry[] sorted = z.entries().toArray(new ZSetValue.Entry[0]);
        Arrays.sort(sorted, ZSET_ORDER);
        if (listpack) {
            lp.reset();
            for (ZSetValue.Entry e : sorted) {
                lp.append(e.member()).append(ScoreText.of(e.score()));
            }
            out.writeString(lp.array(), 0, lp.finish());
        } else {
            zl.reset();
            for (ZSetValue.Entry e : sorted) {
                zl.append(e.member()).append(ScoreText.of(e.score()));
            }
            out.writeString(zl.array(), 0, zl.finish());
        }
    }

    static final Comparator<ZSetValue.Entry> ZSET_ORDER = (a, b) -> {
        int c = Double.compare(a.score(), b.score());
        if (c != 0 && !(a.score() == 0 && b.score() == 0)) {
            return c;
        }
        return Arrays.compareUnsigned(a.member(), b.member());
    };

    /** Type 25: the smallest field expiry, then (field, value, expiry or 0) triplets ordered by expiry, TTL-less last. */
    private void writeHashListpackEx(RdbOutput out, HashValue h) throws IOException {
        HashValue.Field[] sorted = h.fields().toArray(new HashValue.Field[0]);
        Arrays.sort(sorted, Comparator.comparingLong(ValueEncoder::expiryOrder));
        out.writeInt64LE(minExpiry(h));
        lp.reset();
        for (HashValue.Field f : sorted) {
            lp.append(f.field()).append(f.value()).appendInteger(f.hasExpiry() ? f.expireAtMs() : HASH_LP_NO_TTL);
        }
        out.writeString(lp.array(), 0, lp.finish());
    }

    /** Type 24: the smallest field expiry, then (expiry - min + 1 or 0, field, value) per field. */
    private static void writeHashMetadata(RdbOutput out, HashValue h) throws IOException {
        long min = minExpiry(h);
        out.writeInt64LE(min);
        out.writeLength(h.fields().size());
        for (HashValue.Field f : h.fields()) {
            out.writeLength(f.hasExpiry() ? f.expireAtMs() - min + 1 : 0);
            out.writeString(f.field());
            out.writeString(f.value());
        }
    }

    private static long expiryOrder(HashValue.Field f) {
        return f.hasExpiry() ? f.expireAtMs() : Long.MAX_VALUE;
    }

    private static long minExpiry(HashValue h) {
        long min = Long.MAX_VALUE;
        for (HashValue.Field f : h.fields()) {
            if (f.hasExpiry()) {
                min = Math.min(min, f.expireAtMs());
            }
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    // ------------------------------------------------------------------ helpers

    private static boolean allIntegers(List<byte[]> members) {
        for (byte[] m : members) {
            if (!AsciiNumbers.isCanonicalInt64(m, 0, m.length)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsPacked(List<byte[]> elements, int maxEntries, int maxValue) {
        return !elements.isEmpty() && elements.size() <= maxEntries && maxLength(elements, e -> e) <= maxValue;
    }

    private static <T> int maxLength(List<T> items, java.util.function.Function<T, byte[]> bytes) {
        int max = 0;
        for (T t : items) {
            max = Math.max(max, bytes.apply(t).length);
        }
        return max;
    }

    static String printable(byte[] b) {
        return io.replkit.rdb.Printable.escape(b, 100);
    }
}
