package io.replkit.rdb.memory;

import io.replkit.rdb.DataType;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleTypeId;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.ValueVisitor;
import io.replkit.rdb.encoding.AsciiNumbers;
import io.replkit.rdb.encoding.ScoreText;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import java.io.IOException;

/**
 * Estimates the RAM one key takes in a Redis server (64-bit, jemalloc) that loaded it from this
 * RDB file, streaming the value: {@code entry.accept(estimator)} then {@link #result()}, or
 * {@link #estimate(KeyEntry)}. One estimator is reused for every key (each {@link #begin} starts
 * afresh) and allocates next to nothing per element; it is not thread-safe.
 *
 * <h2>What is counted</h2>
 * The figure follows the accounting of {@code MEMORY USAGE key SAMPLES 0} ({@code
 * objectComputeSize} in {@code object.c}) so that the two can be compared, plus what that command
 * leaves out:
 * <ul>
 *   <li><b>Key</b>: the key's sds in the keyspace ({@linkplain Allocations#sdsAllocSize allocation
 *       size}) and its keyspace {@code dictEntry} (24 bytes, {@code sizeof}). {@code MEMORY USAGE}
 *       counts both in every version from 4.0 to 7.4 (4.0 and 5.0 take the sds size from its own
 *       header rather than from the allocator). Neither counts the keyspace's bucket array (about 8
 *       to 16 bytes per key, a per-database cost). In cluster mode 7.0 and 7.2 add 16 bytes of
 *       slot links to each keyspace entry, which {@code MEMORY USAGE} counts and this estimate
 *       does not.</li>
 *   <li><b>Expiry</b>: a key with a TTL also has a 24-byte {@code dictEntry} in the expires dict
 *       ({@link #EXPIRES_ENTRY_BYTES}). {@code MEMORY USAGE} does not count it; this estimate
 *       does.</li>
 *   <li><b>Value</b>, by the encoding the server uses for the RDB type (the RDB stores the
 *       encoding the saving server had, and a server of the same version loading it keeps it):
 *     <ul>
 *       <li>strings: canonical int64 text is an {@code OBJ_ENCODING_INT} robj (16 bytes), or
 *           nothing for 0..9999, which are shared objects ({@code MEMORY USAGE} still says 16;
 *           this assumes a maxmemory policy that allows sharing); up to 44 bytes an embedded
 *           string, one allocation of robj (16) + {@code sdshdr8} (3) + bytes + NUL; longer ones a
 *           robj plus a separate sds;</li>
 *       <li>listpack, ziplist and intset encodings (small hashes, sets and sorted sets): the robj
 *           plus the blob's allocation. The blob is not handed to visitors, so its length is
 *           recomputed from the elements with the exact entry encodings (integers as
 *           integers, sorted-set scores as {@code zzlInsertAt} stores them);</li>
 *       <li>lists: robj + {@code quicklist} (40) + per node {@code quicklistNode} (32, or 40 since
 *           7.0) + the node's listpack (ziplist before 7.0). Node boundaries are not handed to
 *           visitors either, so they are re-derived by appending the elements with the server's
 *           own fill rule ({@code list-max-listpack-size}, default -2: 8 KiB nodes); since 7.2 a
 *           list that fits one node is a bare listpack;</li>
 *       <li>hashtable sets and hashes: robj + {@code dict} (96 before 7.0, 56 since) + 8 bytes per
 *           bucket (a power of two at least the size, at least 4, as after loading) + per
 *           element a 24-byte {@code dictEntry} and the sds of the member, or of the field and the
 *           value;</li>
 *       <li>skiplist sorted sets: robj + {@code zset} (16) + {@code zskiplist} (32) + the dict as
 *           above + the 32-level header node (640) + per member its sds, a {@code dictEntry} and a
 *           {@code zskiplistNode} of 24 + 16 bytes per level. The level is random (p = 1/4), so
 *           each node is counted at the expected allocation over the level distribution (about
 *           46 bytes with an 8-byte quantum, 53 with 16), which is more accurate than the
 *           allocation of the expected level;</li>
 *       <li>streams: robj + {@code stream} + the rax as {@code MEMORY USAGE} prices it (16 bytes
 *           per element and 244 per node; the nodes are counted exactly for ids inserted in
 *           order) + each node's listpack, re-derived from the entries with
 *           {@code stream-node-max-bytes} 4096 and {@code stream-node-max-entries} 100 + consumer
 *           groups ({@code streamCG}, PEL rax, 24-byte NACKs, consumers and their names and PEL
 *           rax). Deleted entries still in the file are not handed to visitors and are missed;</li>
 *       <li>module values: robj + the 16-byte {@code moduleValue} only: the module's own data is
 *           unknown, so this is a lower bound.</li>
 *     </ul></li>
 * </ul>
 * Allocations of variable size are rounded to jemalloc size classes (whose small classes depend on
 * the build: see {@link Allocations} and {@link Options#mallocQuantum()}); fixed structs are
 * counted by {@code sizeof} as {@code MEMORY USAGE} does (a 24-byte {@code dictEntry} really
 * occupies a 24- or 32-byte class).
 *
 * <h2>Matching MEMORY USAGE exactly</h2>
 * With {@link Options#memoryUsageCompatible()} the estimate reproduces {@code MEMORY USAGE key
 * SAMPLES 0} of the modelled version instead: no expires entry, 16 bytes for shared integers,
 * and, before 7.0, the unrounded lengths that version reports for embedded strings
 * ({@code len + 18}), intsets, ziplists and stream listpacks. Against servers 6.2.11 and 7.0.15
 * that loaded the file, this mode is exact for every type except skiplists (random levels, within
 * about 1%) and streams with deleted entries (their tombstones are missed: 10 to 17% short with
 * one entry in ten deleted).
 *
 * <h2>Known differences from a running server</h2>
 * A server that built a value with commands rather than loading it can differ: a stream's tail
 * node keeps its 4 KiB preallocation (7.0 and later), a hashtable may be mid-rehash (two bucket
 * arrays), a list built with LPUSH or LINSERT splits into nodes differently, and strings of 32 KiB
 * or more read from the network keep 2 bytes of slack.
 *
 * <p>Both this estimate and {@code MEMORY USAGE} overstate hashtable sets from 7.2 on, where a
 * member alone in its bucket needs no {@code dictEntry} and the others a 16-byte one; both count
 * 24 bytes per member. Hashes with field TTLs (7.4) and Valkey's types are approximated with the
 * 7.4 model; Redis 8 and Valkey 8 embed the key in the robj, which this model does not.
 */
public final class MemoryEstimator implements ValueVisitor {
    /** A key with a TTL has this much more: its entry in the expires dict. */
    public static final int EXPIRES_ENTRY_BYTES = 24;

    /** {@code sizeof(robj)}. */
    static final int ROBJ = 16;
    /** {@code sizeof(dictEntry)}. */
    static final int DICT_ENTRY = 24;
    /** {@code OBJ_ENCODING_EMBSTR_SIZE_LIMIT}. */
    static final int EMBSTR_LIMIT = 44;
    /** {@code OBJ_SHARED_INTEGERS}. */
    static final long SHARED_INTEGERS = 10000;
    /** Embedded string: robj + sdshdr8 + NUL around the bytes. */
    static final int EMBSTR_OVERHEAD = ROBJ + 3 + 1;
    /** {@code sizeof(zset)} and {@code sizeof(zskiplist)}. */
    static final int ZSET_STRUCT = 16, ZSKIPLIST_STRUCT = 32;
    static final int SKIPLIST_MAX_LEVEL = 32;
    static final double SKIPLIST_P = 0.25;
    /** {@code zskiplistNode}: ele, score, backward, then per level a forward pointer and a span. */
    static final int SKIPLIST_NODE_BASE = 24, SKIPLIST_LEVEL = 16;
    /** Minimum buckets of a non-empty dict ({@code DICT_HT_INITIAL_SIZE}). */
    static final int DICT_MIN_BUCKETS = 4;
    /** Size limits of list nodes for fill -1 .. -5 ({@code optimization_level}). */
    private static final int[] LIST_SIZE_LIMITS = {4096, 8192, 16384, 32768, 65536};
    /** {@code SIZE_SAFETY_LIMIT}: the size cap of count-limited list nodes. */
    static final int LIST_SAFETY_LIMIT = 8192;
    /** Elements this long get a plain quicklist node ({@code packed_threshold}, 1 GiB). */
    static final long PLAIN_NODE_THRESHOLD = 1L << 30;
    /** {@code stream-node-max-bytes} and {@code stream-node-max-entries} defaults. */
    static final int STREAM_NODE_MAX_BYTES = 4096, STREAM_NODE_MAX_ENTRIES = 100;
    /** {@code streamRadixTreeMemoryUsage}: per element a streamID, per node raxNode + 30 longs. */
    static final int RAX_ELEMENT = 16, RAX_NODE = 4 + 30 * 8;
    /** {@code sizeof(streamNACK)}. */
    static final int STREAM_NACK = 24;
    /** Stream listpack entry flag {@code STREAM_ITEM_FLAG_SAMEFIELDS}. */
    private static final int SAMEFIELDS = 2;
    /** {@code sizeof(listpackEx)} (7.4 hashes with field TTLs). */
    static final int LISTPACK_EX_STRUCT = 32;
    /** Field TTL metadata carried by each field of a hashtable hash with field TTLs. */
    static final int FIELD_TTL_METADATA = 8;
    /** {@code sizeof(moduleValue)}. */
    static final int MODULE_VALUE = 16;

    private final ServerLayout layout;
    private final Options options;
    private final Allocations alloc;
    private final int listFill;
    /** Whether blobs are priced at their allocation (false: at their length, as MEMORY USAGE before 7.0). */
    private final boolean roundBlobs;
    private final long skiplistHeader;
    /** Expected allocation of a skiplist node over the random level distribution. */
    private final double skiplistNode;
    private final PackedSizer packed;
    private final PackedSizer streamNode = new PackedSizer(true);
    private final RaxNodeCounter streamRax = new RaxNodeCounter();
    private final RaxNodeCounter pelRax = new RaxNodeCounter();

    // ---- per key
    private KeyEntry entry;
    private RdbType type;
    private long count;
    private long largest;
    private long valueBytes;
    /** Hashtable and skiplist elements: dictEntries and sds. */
    private long elementBytes;
    private String moduleName;
    // lists
    private boolean nodeOpen;
    private long listNodes;
    private long listNodeBytes;
    private long lastNodeBytes;
    private int lastNodeCount;
    private boolean lastNodePlain;
    // intsets
    private int intsetWidth;
    // streams
    private byte[][] masterFields;
    private long masterMs, masterSeq;
    private long nodeEntries;
    private long streamNodeBytes;
    private long groupBytes;

    private KeyMemory result;

    /** An estimator for Redis {@code major.minor} with the {@linkplain Options#DEFAULT default options}. */
    public MemoryEstimator(int major, int minor) {
        this(major, minor, Options.DEFAULT);
    }

    public MemoryEstimator(int major, int minor, Options options) {
        this.layout = ServerLayout.of(major, minor);
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.alloc = Allocations.withQuantum(options.mallocQuantum());
        this.listFill = options.listMaxListpackSize();
        this.roundBlobs = !options.memoryUsageCompatible() || layout.major() >= 7;
        this.packed = new PackedSizer(layout.listpackBlobs());
        this.skiplistHeader = alloc.mallocSize(SKIPLIST_NODE_BASE + SKIPLIST_MAX_LEVEL * SKIPLIST_LEVEL);
        this.skiplistNode = expectedSkiplistNode(alloc);
    }

    /**
     * An estimator for a version string such as {@code 7.0.15} or {@code 6.2} (as the
     * {@code redis-ver} AUX field carries it), with the default options.
     *
     * @throws IllegalArgumentException when it does not start with {@code major.minor}
     */
    public static MemoryEstimator forServerVersion(String version) {
        return forServerVersion(version, Options.DEFAULT);
    }

    /** Like {@link #forServerVersion(String)} with these options. */
    public static MemoryEstimator forServerVersion(String version, Options options) {
        String[] parts = version == null ? new String[0] : version.trim().split("\\.");
        try {
            if (parts.length >= 2) {
                return new MemoryEstimator(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), options);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("not a Redis version (want e.g. 7.0.15): " + version);
    }

    /**
     * An estimator for the newest Redis that writes RDB {@code rdbVersion}, for files without a
     * {@code redis-ver} AUX field: 9 is 6.2 (5.0 to 6.2 share the model), 10 is 7.0, 11 is 7.2,
     * 12 is 7.4; older files use the 4.0 model; Valkey's 80 and later the 7.2 model Valkey grew
     * from.
     */
    public static MemoryEstimator forRdbVersion(int rdbVersion, Options options) {
        if (rdbVersion >= 80) {
            return new MemoryEstimator(7, 2, options);
        } else if (rdbVersion >= 12) {
            return new MemoryEstimator(7, 4, options);
        } else if (rdbVersion == 11) {
            return new MemoryEstimator(7, 2, options);
        } else if (rdbVersion == 10) {
            return new MemoryEstimator(7, 0, options);
        } else if (rdbVersion == 9) {
            return new MemoryEstimator(6, 2, options);
        }
        return new MemoryEstimator(4, 0, options);
    }

    /** Like {@link #forRdbVersion(int, Options)} with the default options. */
    public static MemoryEstimator forRdbVersion(int rdbVersion) {
        return forRdbVersion(rdbVersion, Options.DEFAULT);
    }

    public Options options() {
        return options;
    }

    /** The Redis version modelled, {@code major.minor} (after clamping to 4.0 .. 7.4). */
    public String modelVersion() {
        return layout.major() + "." + layout.minor();
    }

    /** Reads the entry's value and returns its estimate. */
    public KeyMemory estimate(KeyEntry e) throws IOException {
        e.accept(this);
        return result();
    }

    /**
     * The estimate of the last key, once its {@link #end()} was called.
     *
     * @throws IllegalStateException before any key was completed or while one is being read
     */
    public KeyMemory result() {
        if (result == null) {
            throw new IllegalStateException("no key has been estimated yet (call entry.accept(estimator) first)");
        }
        return result;
    }

    /** Forgets the current key (as {@link #begin} does). */
    public void reset() {
        entry = null;
        type = null;
        count = 0;
        largest = 0;
        valueBytes = 0;
        elementBytes = 0;
        moduleName = null;
        nodeOpen = false;
        listNodes = 0;
        listNodeBytes = 0;
        lastNodeBytes = 0;
        lastNodeCount = 0;
        lastNodePlain = false;
        intsetWidth = 2;
        masterFields = null;
        nodeEntries = 0;
        streamNodeBytes = 0;
        groupBytes = 0;
        packed.reset();
        streamNode.reset();
        streamRax.reset();
        result = null;
    }

    // ------------------------------------------------------------------ visitor

    @Override
    public void begin(KeyEntry e, long sizeHint) {
        reset();
        entry = e;
        type = e.type();
    }

    @Override
    public void stringValue(byte[] value) {
        count = value.length;
        largest = value.length;
        valueBytes = stringObject(value, 0, value.length);
    }

    @Override
    public void listElement(byte[] b, int off, int len) {
        element(len);
        if (layout.plainListNodes() && len >= PLAIN_NODE_THRESHOLD) {
            closeListNode();
            listNodes++;
            listNodeBytes += layout.quicklistNode() + alloc.mallocSize(len);
            lastNodePlain = true;
            return;
        }
        if (!nodeOpen || !listNodeAllows(len)) {
            closeListNode();
            packed.reset();
            nodeOpen = true;
        }
        packed.addString(b, off, len);
    }

    @Override
    public void setMember(byte[] b, int off, int len) {
        element(len);
        switch (type) {
            case SET_INTSET -> {
                long v = len <= AsciiNumbers.MAX_INT64_TEXT && AsciiNumbers.isCanonicalInt64(b, off, len)
                    ? AsciiNumbers.parseCanonicalInt64(b, off, len) : Long.MAX_VALUE;
                intsetWidth = Math.max(intsetWidth, intsetWidth(v));
            }
            case SET_LISTPACK -> packed.addString(b, off, len);
            default -> elementBytes += DICT_ENTRY + alloc.sdsAllocSize(len);
        }
    }

    @Override
    public void zsetMember(byte[] b, int off, int len, double score) {
        element(len);
        switch (type) {
            case ZSET_ZIPLIST, ZSET_LISTPACK -> {
                packed.addString(b, off, len);
                if (ScoreText.isInteger(score) && (layout.listpackBlobs() || Math.abs(score) < 1e17)) {
                    packed.addInteger((long) score);
                } else {
                    packed.addText(ScoreText.textLength(score, layout.shortestScores()));
                }
            }
            default -> elementBytes += alloc.sdsAllocSize(len) + DICT_ENTRY;
        }
    }

    @Override
    public void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
        element(flen);
        largest = Math.max(largest, vlen);
        switch (type) {
            case HASH_ZIPMAP, HASH_ZIPLIST, HASH_LISTPACK -> {
                packed.addString(f, foff, flen);
                packed.addString(v, voff, vlen);
            }
            case HASH_LISTPACK_EX, HASH_LISTPACK_EX_PRE_GA -> {
                packed.addString(f, foff, flen);
                packed.addString(v, voff, vlen);
                packed.addInteger(expireAtMs >= 0 ? expireAtMs : 0);
            }
            default -> elementBytes += alloc.sdsAllocSize(flen) + alloc.sdsAllocSize(vlen) + DICT_ENTRY
                + (expireAtMs >= 0 ? FIELD_TTL_METADATA : 0);
        }
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        count++;
        int fields = fieldsAndValues.length / 2;
        long total = 0;
        for (byte[] x : fieldsAndValues) {
            total += x.length;
            largest = Math.max(largest, x.length);
        }
        if (masterFields != null
            && (streamNode.bytes() + total >= STREAM_NODE_MAX_BYTES || nodeEntries >= STREAM_NODE_MAX_ENTRIES)) {
            closeStreamNode();
        }
        boolean same;
        if (masterFields == null) {
            // A new node: master entry = count, deleted, field count, the fields, terminator.
            masterMs = id.ms();
            masterSeq = id.seq();
            masterFields = new byte[fields][];
            streamNode.reset();
            streamNode.addInteger(1);
            streamNode.addInteger(0);
            streamNode.addInteger(fields);
            for (int i = 0; i < fields; i++) {
                masterFields[i] = fieldsAndValues[2 * i];
                streamNode.addString(masterFields[i], 0, masterFields[i].length);
            }
            streamNode.addInteger(0);
            streamRax.add(id.ms(), id.seq());
            nodeEntries = 1;
            same = true;
        } else {
            streamNode.replaceInteger(nodeEntries, nodeEntries + 1);
            nodeEntries++;
            same = sameFields(fieldsAndValues);
        }
        streamNode.addInteger(same ? SAMEFIELDS : 0);
        streamNode.addInteger(id.ms() - masterMs);
        streamNode.addInteger(id.seq() - masterSeq);
        if (!same) {
            streamNode.addInteger(fields);
        }
        for (int i = 0; i < fields; i++) {
            if (!same) {
                byte[] f = fieldsAndValues[2 * i];
                streamNode.addString(f, 0, f.length);
            }
            byte[] v = fieldsAndValues[2 * i + 1];
            streamNode.addString(v, 0, v.length);
        }
        streamNode.addInteger(same ? fields + 3 : 2L * fields + 4);
    }

    @Override
    public void streamMetadata(StreamMetadata metadata) {
        for (StreamMetadata.Group g : metadata.groups()) {
            groupBytes += layout.streamGroup() + STREAM_NACK * (long) g.pending().size();
            pelRax.reset();
            for (StreamMetadata.PendingEntry p : g.pending()) {
                pelRax.add(p.id().ms(), p.id().seq());
            }
            groupBytes += raxUsage(pelRax);
            for (StreamMetadata.Consumer c : g.consumers()) {
                groupBytes += layout.streamConsumer() + c.name().length;
                pelRax.reset();
                for (StreamId id : c.pending()) {
                    pelRax.add(id.ms(), id.seq());
                }
                groupBytes += raxUsage(pelRax);
            }
        }
    }

    @Override
    public void moduleValue(ModuleTypeId moduleType) {
        count = 1;
        moduleName = moduleType.name();
    }

    @Override
    public void end() {
        if (entry == null) {
            throw new IllegalStateException("end() without begin()");
        }
        String encoding = encodingName(type);
        long value;
        switch (type) {
            case STRING -> value = valueBytes;
            case LIST, LIST_ZIPLIST, LIST_QUICKLIST, LIST_QUICKLIST_2 -> {
                closeListNode();
                if (layout.listpackLists() && listNodes == 1 && !lastNodePlain && listFitsOneNode()) {
                    value = ROBJ + blob(lastNodeBytes);
                    encoding = "listpack";
                } else {
                    value = ROBJ + layout.quicklist() + listNodeBytes;
                }
            }
            case SET_INTSET -> value = ROBJ + blob(8 + (long) intsetWidth * count);
            case SET_LISTPACK, ZSET_ZIPLIST, ZSET_LISTPACK, HASH_ZIPMAP, HASH_ZIPLIST, HASH_LISTPACK ->
                value = ROBJ + blob(packed.bytes());
            case HASH_LISTPACK_EX, HASH_LISTPACK_EX_PRE_GA ->
                value = ROBJ + LISTPACK_EX_STRUCT + blob(packed.bytes());
            case SET, HASH, HASH_METADATA, HASH_METADATA_PRE_GA, VALKEY_HASH_2 ->
                value = ROBJ + layout.dictStruct() + 8 * buckets(count) + elementBytes;
            case ZSET, ZSET_2 -> value = ROBJ + ZSET_STRUCT + ZSKIPLIST_STRUCT + layout.dictStruct()
                + 8 * buckets(count) + skiplistHeader + elementBytes + Math.round(count * skiplistNode);
            case STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3 -> {
                closeStreamNode();
                value = ROBJ + layout.streamStruct() + raxUsage(streamRax) + streamNodeBytes + groupBytes;
            }
            case MODULE_2, MODULE_PRE_GA -> {
                value = ROBJ + MODULE_VALUE;
                if (moduleName != null) {
                    encoding = moduleName;
                }
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
        long size = alloc.sdsAllocSize(entry.key().length) + DICT_ENTRY + value
            + (entry.hasExpiry() && !options.memoryUsageCompatible() ? EXPIRES_ENTRY_BYTES : 0);
        result = new KeyMemory(size, encoding, count, largest, entry.hasExpiry() ? entry.expireAtMs() : -1);
        entry = null;
    }

    // ------------------------------------------------------------------ model pieces

    private void element(long len) {
        count++;
        if (len > largest) {
            largest = len;
        }
    }

    /** A string value's robj and payload (see the class comment). */
    private long stringObject(byte[] b, int off, int len) {
        if (len <= AsciiNumbers.MAX_INT64_TEXT && AsciiNumbers.isCanonicalInt64(b, off, len)) {
            long v = AsciiNumbers.parseCanonicalInt64(b, off, len);
            return v >= 0 && v < SHARED_INTEGERS && !options.memoryUsageCompatible() ? 0 : ROBJ;
        }
        if (len <= EMBSTR_LIMIT) {
            // MEMORY USAGE before 7.0 says len + 2 + sizeof(robj) for an embedded string
            return roundBlobs ? alloc.mallocSize(EMBSTR_OVERHEAD + len) : ROBJ + 2 + len;
        }
        return ROBJ + alloc.sdsAllocSize(len);
    }

    /** A listpack, ziplist or intset of {@code bytes}: its allocation, or its length where MEMORY USAGE says so. */
    private long blob(long bytes) {
        return roundBlobs ? alloc.mallocSize(bytes) : bytes;
    }

    /** Buckets of a dict holding {@code n} entries as loaded: the next power of two, at least 4. */
    static long buckets(long n) {
        if (n <= 0) {
            return 0;
        }
        if (n <= DICT_MIN_BUCKETS) {
            return DICT_MIN_BUCKETS;
        }
        return Long.highestOneBit(n - 1) << 1;
    }

    static int intsetWidth(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 2;
        }
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
    }

    /** {@code streamRadixTreeMemoryUsage}. */
    static long raxUsage(RaxNodeCounter rax) {
        return RAX_ELEMENT * rax.elements() + (long) RAX_NODE * rax.nodes();
    }

    /** {@code _quicklistNodeAllowInsert} for the open node. */
    private boolean listNodeAllows(long len) {
        long newSize = packed.bytes() + len + layout.quicklistInsertOverhead(len);
        if (listFill < 0) {
            return newSize <= LIST_SIZE_LIMITS[-listFill - 1];
        }
        return newSize <= LIST_SAFETY_LIMIT && packed.count() < listFill;
    }

    /** Whether the single node is small enough to be a bare listpack (7.2 {@code listTypeTryConvertQuicklist}). */
    private boolean listFitsOneNode() {
        if (listFill < 0) {
            return lastNodeBytes <= LIST_SIZE_LIMITS[-listFill - 1];
        }
        return lastNodeBytes <= LIST_SAFETY_LIMIT && lastNodeCount <= listFill;
    }

    private void closeListNode() {
        if (nodeOpen) {
            listNodes++;
            listNodeBytes += layout.quicklistNode() + blob(packed.bytes());
            lastNodeBytes = packed.bytes();
            lastNodeCount = packed.count();
            lastNodePlain = false;
            nodeOpen = false;
        }
    }

    private void closeStreamNode() {
        if (masterFields != null) {
            streamNodeBytes += blob(streamNode.bytes());
            masterFields = null;
        }
    }

    private boolean sameFields(byte[][] fieldsAndValues) {
        if (fieldsAndValues.length != 2 * masterFields.length) {
            return false;
        }
        for (int i = 0; i < masterFields.length; i++) {
            if (!java.util.Arrays.equals(masterFields[i], fieldsAndValues[2 * i])) {
                return false;
            }
        }
        return true;
    }

    static double expectedSkiplistNode(Allocations alloc) {
        double expected = 0;
        double reach = 1; // probability of reaching this level
        for (int level = 1; level <= SKIPLIST_MAX_LEVEL; level++) {
            double p = level < SKIPLIST_MAX_LEVEL ? reach * (1 - SKIPLIST_P) : reach;
            expected += p * alloc.mallocSize(SKIPLIST_NODE_BASE + (long) SKIPLIST_LEVEL * level);
            reach *= SKIPLIST_P;
        }
        return expected;
    }

    // ------------------------------------------------------------------ names

    /**
     * The encoding redis-rdb-tools reports for a value stored as {@code type}: the RDB's encoding,
     * except lists, which it reports as {@code quicklist} (and this estimator as {@code listpack}
     * when a 7.2+ server keeps the list as a bare listpack). Module values report their type name.
     */
    public static String encodingName(RdbType type) {
        return switch (type) {
            case STRING -> "string";
            case LIST, LIST_ZIPLIST, LIST_QUICKLIST, LIST_QUICKLIST_2 -> "quicklist";
            case SET, HASH, HASH_METADATA, HASH_METADATA_PRE_GA, VALKEY_HASH_2 -> "hashtable";
            case SET_INTSET -> "intset";
            case SET_LISTPACK, ZSET_LISTPACK, HASH_LISTPACK -> "listpack";
            case ZSET, ZSET_2 -> "skiplist";
            case ZSET_ZIPLIST, HASH_ZIPLIST -> "ziplist";
            case HASH_ZIPMAP -> "zipmap";
            case HASH_LISTPACK_EX, HASH_LISTPACK_EX_PRE_GA -> "listpackex";
            case STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3 -> "listpack";
            case MODULE_2, MODULE_PRE_GA -> "module";
        };
    }

    /** The type column of a redis-rdb-tools memory report: {@code sortedset} for sorted sets, else TYPE's name. */
    public static String typeName(DataType type) {
        return type == DataType.ZSET ? "sortedset" : type.typeName();
    }

    /**
     * Server settings the RDB does not record, and the accounting to follow.
     *
     * @param listMaxListpackSize   the server's {@code list-max-listpack-size} ({@code list-max-ziplist-size}
     *                              before 7.0): -1 to -5 for 4 to 64 KiB nodes (default -2), or a positive
     *                              element count
     * @param mallocQuantum         jemalloc's quantum, 8 (Redis's bundled jemalloc, the default) or 16
     *                              (a system jemalloc, as in Debian's and Ubuntu's packages); see
     *                              {@link Allocations}
     * @param memoryUsageCompatible reproduce {@code MEMORY USAGE key SAMPLES 0} of the modelled version
     *                              instead of estimating RAM (see the class comment)
     */
    public record Options(int listMaxListpackSize, int mallocQuantum, boolean memoryUsageCompatible) {
        public static final Options DEFAULT = new Options(-2, 8, false);

        public Options {
            if (listMaxListpackSize == 0 || listMaxListpackSize < -5) {
                throw new IllegalArgumentException("list-max-listpack-size must be -5..-1 or positive, not "
                    + listMaxListpackSize);
            }
            Allocations.withQuantum(mallocQuantum);
        }

        public Options withListMaxListpackSize(int size) {
            return new Options(size, mallocQuantum, memoryUsageCompatible);
        }

        public Options withMallocQuantum(int quantum) {
            return new Options(listMaxListpackSize, quantum, memoryUsageCompatible);
        }

        public Options withMemoryUsageCompatible(boolean compatible) {
            return new Options(listMaxListpackSize, mallocQuantum, compatible);
        }
    }
}
