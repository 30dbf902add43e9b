package io.replkit.replica.data;

/**
 * The master's encoding thresholds, where an encoding changes a value: Redis 7.0+ stores a
 * listpack-encoded sorted set's integral scores as integers, so {@code -0} becomes {@code 0} in
 * small sorted sets but stays {@code -0} in skiplist ones, and DEBUG DIGEST shows the difference.
 *
 * @param zsetMaxListpackEntries {@code zset-max-listpack-entries} (128)
 * @param zsetMaxListpackValue   {@code zset-max-listpack-value} (64)
 * @param integerScoresInListpack whether listpack scores that are integral are stored as
 *                                integers (Redis 7.0 and later; 6.2's ziplists keep "-0")
 */
public record EncodingRules(int zsetMaxListpackEntries, int zsetMaxListpackValue, boolean integerScoresInListpack) {
    public static final EncodingRules REDIS_7 = new EncodingRules(128, 64, true);
    public static final EncodingRules REDIS_6 = new EncodingRules(128, 64, false);

    /** The rules of a master of version {@code major.minor}. */
    public static EncodingRules forVersion(int major, int minor) {
        return major >= 7 ? REDIS_7 : REDIS_6;
    }
}
