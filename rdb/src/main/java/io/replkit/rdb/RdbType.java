package io.replkit.rdb;

/**
 * Value type bytes ({@code RDB_TYPE_*} in rdb.h): the encoding a value is stored with, the
 * logical type it decodes to, and the RDB version that introduced it. Bytes 22 and 23 mean
 * different things in Redis and Valkey 9, so {@link #of(int, boolean)} takes the file's flavour.
 */
public enum RdbType {
    STRING(0, DataType.STRING, 1),
    LIST(1, DataType.LIST, 1),
    SET(2, DataType.SET, 1),
    ZSET(3, DataType.ZSET, 1),
    HASH(4, DataType.HASH, 2),
    ZSET_2(5, DataType.ZSET, 8),
    MODULE_PRE_GA(6, DataType.MODULE, 8),
    MODULE_2(7, DataType.MODULE, 8),
    HASH_ZIPMAP(9, DataType.HASH, 2),
    LIST_ZIPLIST(10, DataType.LIST, 2),
    SET_INTSET(11, DataType.SET, 2),
    ZSET_ZIPLIST(12, DataType.ZSET, 2),
    HASH_ZIPLIST(13, DataType.HASH, 4),
    LIST_QUICKLIST(14, DataType.LIST, 7),
    STREAM_LISTPACKS(15, DataType.STREAM, 9),
    HASH_LISTPACK(16, DataType.HASH, 10),
    ZSET_LISTPACK(17, DataType.ZSET, 10),
    LIST_QUICKLIST_2(18, DataType.LIST, 10),
    STREAM_LISTPACKS_2(19, DataType.STREAM, 10),
    SET_LISTPACK(20, DataType.SET, 11),
    STREAM_LISTPACKS_3(21, DataType.STREAM, 11),
    /** Redis 7.4 release candidates: hashtable hash with absolute field TTLs. */
    HASH_METADATA_PRE_GA(22, DataType.HASH, 12),
    /** Redis 7.4 release candidates: listpack hash of field/value/ttl triplets. */
    HASH_LISTPACK_EX_PRE_GA(23, DataType.HASH, 12),
    HASH_METADATA(24, DataType.HASH, 12),
    HASH_LISTPACK_EX(25, DataType.HASH, 12),
    /** Valkey 9 (magic VALKEY, RDB 80+): hashtable hash with per-field expiry, byte 22. */
    VALKEY_HASH_2(22, DataType.HASH, 80);

    private static final RdbType[] REDIS = new RdbType[256];
    private static final RdbType[] VALKEY = new RdbType[256];

    static {
        for (RdbType t : values()) {
            if (t != VALKEY_HASH_2) {
                REDIS[t.code] = t;
            }
            if (t.code < 22) {
                VALKEY[t.code] = t;
            }
        }
        VALKEY[22] = VALKEY_HASH_2;
    }

    private final int code;
    private final DataType dataType;
    private final int sinceVersion;

    RdbType(int code, DataType dataType, int sinceVersion) {
        this.code = code;
        this.dataType = dataType;
        this.sinceVersion = sinceVersion;
    }

    public int code() {
        return code;
    }

    public DataType dataType() {
        return dataType;
    }

    public int sinceVersion() {
        return sinceVersion;
    }

    /** The name used in fixture manifests and {@code --keys} output (e.g. {@code HASH_2} for Valkey's 22). */
    public String rdbName() {
        return this == VALKEY_HASH_2 ? "HASH_2" : name();
    }

    /** True for the hash encodings that carry per-field TTLs. */
    public boolean hasFieldTtls() {
        return this == HASH_METADATA || this == HASH_LISTPACK_EX || this == HASH_METADATA_PRE_GA
            || this == HASH_LISTPACK_EX_PRE_GA || this == VALKEY_HASH_2;
    }

    /** The type for a byte in a Redis- or Valkey-flavoured file, or null when unknown. */
    public static RdbType of(int code, boolean valkey) {
        return (valkey ? VALKEY : REDIS)[code & 0xFF];
    }

    /** Looks a type up by {@link #rdbName()}, case-insensitively; null if unknown. */
    public static RdbType ofName(String name) {
        for (RdbType t : values()) {
            if (t.rdbName().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
