package io.replkit.rdb;

/** The 9-byte magic: {@code REDIS%04d}, or {@code VALKEY%03d} for Valkey 9 and later. */
public record RdbHeader(String magic, int version, boolean valkey, long offset) implements RdbRecord {

    /** Newest Redis RDB version this reader knows. */
    public static final int MAX_REDIS_VERSION = 12;
    /** Oldest Valkey-magic version (Valkey 9.0). */
    public static final int MIN_VALKEY_VERSION = 80;
    /** Newest Valkey-magic version known (Valkey 9.2 development). */
    public static final int MAX_VALKEY_VERSION = 81;

    /** True when the file carries a CRC64 trailer after EOF (since RDB 5). */
    public boolean hasChecksum() {
        return version >= 5;
    }
}
