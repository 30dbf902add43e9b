package io.replkit.replica.data;

/**
 * The master's encoding thresholds, where an encoding changes a value: Redis 7.0+ stores a
 * listpack-encoded sorted set's integral scores as integers, so {@code -0} becomes {@code 0} in
 * small sorted sets but stays {@code -0} in skiplist ones, and DEBUG DIGEST shows the difference.
 * Which encoding a new sorted set starts in therefore decides its scores, and that changed
 * between releases (t_zset.c's {@code zsetTypeCreate}, 7.2).
 *
 * @param zsetMaxListpackEntries  {@code zset-max-listpack-entries} (128)
 * @param zsetMaxListpackValue    {@code zset-max-listpack-value} (64)
 * @param integerScoresInListpack whether listpack scores that are integral are stored as
 *                                integers (Redis 7.0 and later; 6.2's ziplists keep "-0")
 * @param zaddSizesBySetCount     whether ZADD sizes the set by its number of pairs: a new set with
 *                                more pairs than the entry limit starts as a skiplist, an existing
 *                                listpack is converted before the pairs are added (7.2 and later;
 *                                before, only the first member's length counts)
 * @param unsizedRangeStoreSkiplist whether ZRANGESTORE BYSCORE/BYLEX (whose result count is unknown
 *                                when the destination is created) starts a skiplist: 7.2.0 to 7.2.4
 *                                passed -1 as an unsigned size hint; other versions start a listpack
 */
public record EncodingRules(int zsetMaxListpackEntries, int zsetMaxListpackValue, boolean integerScoresInListpack,
        boolean zaddSizesBySetCount, boolean unsizedRangeStoreSkiplist) {
    public static final EncodingRules REDIS_7 = new EncodingRules(128, 64, true, false, false);
    public static final EncodingRules REDIS_6 = new EncodingRules(128, 64, false, false, false);

    /** The rules of a master of version {@code major.minor}, at that minor's latest patch release. */
    public static EncodingRules forVersion(int major, int minor) {
        return forVersion(major, minor, Integer.MAX_VALUE);
    }

    /** The rules of a master of version {@code major.minor.patch}, with default thresholds. */
    public static EncodingRules forVersion(int major, int minor, int patch) {
        boolean seven = major >= 7;
        boolean sevenTwo = major > 7 || (major == 7 && minor >= 2);
        boolean unsizedSkiplist = major == 7 && minor == 2 && patch <= 4;
        return new EncodingRules(128, 64, seven, sevenTwo, unsizedSkiplist);
    }

    /** These rules with the master's configured thresholds. */
    public EncodingRules withZsetLimits(int maxListpackEntries, int maxListpackValue) {
        return new EncodingRules(maxListpackEntries, maxListpackValue, integerScoresInListpack, zaddSizesBySetCount,
                unsizedRangeStoreSkiplist);
    }

    /** {@code zsetTypeCreate}: whether a new set expecting {@code count} members of about {@code length} bytes is a listpack. */
    public boolean startsPacked(long count, long length) {
        return count <= zsetMaxListpackEntries && length <= zsetMaxListpackValue;
    }
}
