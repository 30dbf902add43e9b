package io.replkit.rdb.write;

import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The format a file is written in: an RDB version, and what that version (as the server that
 * writes it) can store. Everything the encoder decides by version is asked of this class, so the
 * rules sit in one place, each with the version that introduced it ({@code rdb.h}).
 *
 * @param name        how the target was named ({@code "redis 7.0"}, {@code "RDB 10"})
 * @param rdbVersion  the version in the header, 6 to 12
 */
public record RdbTarget(String name, int rdbVersion) {
    /** Oldest version written: RDB 6 (Redis 2.6 to 3.0), whose ziplists have 24-bit and immediate ints. */
    public static final int MIN_VERSION = 6;
    public static final int MAX_VERSION = RdbHeader.MAX_REDIS_VERSION;

    private static final Map<String, Integer> REDIS = new LinkedHashMap<>();
    private static final Map<String, Integer> VALKEY = new LinkedHashMap<>();

    static {
        REDIS.put("2.6", 6);
        REDIS.put("2.8", 6);
        REDIS.put("3.0", 6);
        REDIS.put("3.2", 7);
        REDIS.put("4.0", 8);
        REDIS.put("5.0", 9);
        REDIS.put("6.0", 9);
        REDIS.put("6.2", 9);
        REDIS.put("7.0", 10);
        REDIS.put("7.2", 11);
        REDIS.put("7.4", 12);
        REDIS.put("8.0", 12);
        VALKEY.put("7.2", 11);
        VALKEY.put("8.0", 11);
        VALKEY.put("8.1", 11);
    }

    public RdbTarget {
        if (rdbVersion < MIN_VERSION || rdbVersion > MAX_VERSION) {
            throw new IllegalArgumentException("RDB version " + rdbVersion + " cannot be written; accepted: "
                + MIN_VERSION + " to " + MAX_VERSION);
        }
    }

    /** The target for an RDB version, with the behaviour of the newest Redis that writes it. */
    public static RdbTarget version(int rdbVersion) {
        return new RdbTarget("RDB " + rdbVersion, rdbVersion);
    }

    /** The format a Redis release writes: {@code "6.2"}, {@code "7.0"}, {@code "7.2"}, {@code "7.4"}, {@code "8.0"}, ... */
    public static RdbTarget redis(String release) {
        return named("redis", REDIS, release);
    }

    /** The format a Valkey release writes: {@code "7.2"}, {@code "8.0"}, {@code "8.1"} (all RDB 11). */
    public static RdbTarget valkey(String release) {
        return named("valkey", VALKEY, release);
    }

    private static RdbTarget named(String server, Map<String, Integer> releases, String release) {
        Integer v = release == null ? null : releases.get(release.trim());
        if (v == null) {
            throw new IllegalArgumentException("unknown " + server + " release \"" + release + "\"; accepted: "
                + String.join(", ", releases.keySet()));
        }
        return new RdbTarget(server + " " + release.trim(), v);
    }

    /** Whether a value of this type may appear in a file of this version. */
    public boolean supports(RdbType type) {
        return type != RdbType.VALKEY_HASH_2 && type != RdbType.MODULE_PRE_GA
            && type != RdbType.HASH_METADATA_PRE_GA && type != RdbType.HASH_LISTPACK_EX_PRE_GA
            && type.sinceVersion() <= rdbVersion;
    }

    /** AUX and RESIZEDB records (since RDB 7). */
    public boolean hasAuxFields() {
        return rdbVersion >= 7;
    }

    /** IDLE and FREQ opcodes (since RDB 9). */
    public boolean hasIdleAndFreq() {
        return rdbVersion >= 9;
    }

    /** FUNCTION2 records (since RDB 10). */
    public boolean hasFunctions() {
        return rdbVersion >= 10;
    }

    /** SLOT_INFO records (since RDB 12, Redis 7.4 cluster mode). */
    public boolean hasSlotInfo() {
        return rdbVersion >= 12;
    }

    /** 64-bit lengths ({@code RDB_64BITLEN}, since RDB 8). */
    public boolean has64BitLengths() {
        return rdbVersion >= 8;
    }

    /** Hashes, sorted sets and list nodes are listpacks (since RDB 10) rather than ziplists. */
    public boolean usesListpacks() {
        return rdbVersion >= 10;
    }

    /** Lists are quicklists (RDB 7 to 9 with ziplist nodes, 10+ quicklist 2 with listpack or plain nodes). */
    public RdbType listType() {
        return rdbVersion >= 10 ? RdbType.LIST_QUICKLIST_2 : rdbVersion >= 7 ? RdbType.LIST_QUICKLIST : RdbType.LIST_ZIPLIST;
    }

    /** Small sets of strings as listpacks (since RDB 11). */
    public boolean hasSetListpacks() {
        return rdbVersion >= 11;
    }

    /** The skiplist sorted-set type: ZSET_2 with binary scores since RDB 8, else ZSET with text scores. */
    public RdbType zsetType() {
        return rdbVersion >= 8 ? RdbType.ZSET_2 : RdbType.ZSET;
    }

    /** The stream type of this version, or null before streams (RDB 9). */
    public RdbType streamType() {
        return rdbVersion >= 11 ? RdbType.STREAM_LISTPACKS_3 : rdbVersion == 10 ? RdbType.STREAM_LISTPACKS_2
            : rdbVersion == 9 ? RdbType.STREAM_LISTPACKS : null;
    }

    /** Hash field TTLs (HASH_METADATA / HASH_LISTPACK_EX, since RDB 12). */
    public boolean hasHashFieldTtls() {
        return rdbVersion >= 12;
    }

    /**
     * Whether list elements larger than a node's size limit get a PLAIN quicklist node of their
     * own: Redis 7.4 ({@code isLargeElement} by fill). 7.0 and 7.2 do so only from 1 GB on.
     */
    public boolean plainNodesForLargeElements() {
        return rdbVersion >= 12;
    }

    /** Elements from this size on always get a PLAIN node (RDB 10+, {@code packed_threshold}). */
    public long plainNodeThreshold() {
        return 1L << 30;
    }

    /** The 9-byte header, {@code REDIS%04d}. */
    public String magic() {
        return String.format("REDIS%04d", rdbVersion);
    }

    @Override
    public String toString() {
        return name.equals("RDB " + rdbVersion) ? name : name + " (RDB " + rdbVersion + ")";
    }
}
