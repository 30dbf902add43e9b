package io.replkit.rdb.write;

import java.util.Objects;

/**
 * How values are written: the target format, LZF compression, and the encoding thresholds of the
 * server that would write them, so each value gets the compact encoding that server would give it.
 * {@link #defaults(RdbTarget)} has the servers' defaults, which are the same in Redis 6.2 to 8.0
 * ({@code config.c}): {@code list-max-listpack-size -2} (8 KB nodes), {@code set-max-intset-entries
 * 512}, {@code set-max-listpack-entries 128} / {@code -value 64} (7.2+), {@code zset-max-listpack-entries
 * 128} / {@code -value 64}, {@code hash-max-listpack-entries 512} / {@code -value 64},
 * {@code stream-node-max-bytes 4096}, {@code stream-node-max-entries 100}. (The ziplist names of 6.2
 * have the same values.)
 *
 * @param compress LZF-compress strings longer than 20 bytes when it saves at least 4 bytes, as
 *                 {@code rdbcompression yes} does
 * @param listMaxListpackSize quicklist node limit: negative = -1..-5 for 4..64 KB, positive = entries
 * @param streamNodeMaxEntries entries per stream node, 0 = no limit
 */
public record RdbWriterOptions(RdbTarget target, boolean compress, int listMaxListpackSize,
                               int setMaxIntsetEntries, int setMaxListpackEntries, int setMaxListpackValue,
                               int zsetMaxListpackEntries, int zsetMaxListpackValue,
                               int hashMaxListpackEntries, int hashMaxListpackValue,
                               int streamNodeMaxBytes, int streamNodeMaxEntries) {

    public RdbWriterOptions {
        Objects.requireNonNull(target, "target");
        if (listMaxListpackSize == 0 || listMaxListpackSize < -5) {
            throw new IllegalArgumentException("listMaxListpackSize must be -5..-1 or positive, not " + listMaxListpackSize);
        }
        if (setMaxIntsetEntries < 0 || setMaxListpackEntries < 0 || setMaxListpackValue < 0
            || zsetMaxListpackEntries < 0 || zsetMaxListpackValue < 0 || hashMaxListpackEntries < 0
            || hashMaxListpackValue < 0 || streamNodeMaxBytes < 0 || streamNodeMaxEntries < 0) {
            throw new IllegalArgumentException("encoding thresholds must not be negative");
        }
    }

    /** The server defaults for a target, with compression on (Redis's {@code rdbcompression yes}). */
    public static RdbWriterOptions defaults(RdbTarget target) {
        return new RdbWriterOptions(target, true, -2, 512, 128, 64, 128, 64, 512, 64, 4096, 100);
    }

    public RdbWriterOptions withTarget(RdbTarget t) {
        return new RdbWriterOptions(t, compress, listMaxListpackSize, setMaxIntsetEntries, setMaxListpackEntries,
            setMaxListpackValue, zsetMaxListpackEntries, zsetMaxListpackValue, hashMaxListpackEntries,
            hashMaxListpackValue, streamNodeMaxBytes, streamNodeMaxEntries);
    }

    public RdbWriterOptions withCompress(boolean c) {
        return new RdbWriterOptions(target, c, listMaxListpackSize, setMaxIntsetEntries, setMaxListpackEntries,
            setMaxListpackValue, zsetMaxListpackEntries, zsetMaxListpackValue, hashMaxListpackEntries,
            hashMaxListpackValue, streamNodeMaxBytes, streamNodeMaxEntries);
    }

    /** Same as {@code target().rdbVersion()}. */
    public int rdbVersion() {
        return target.rdbVersion();
    }

    /** The byte limit of one quicklist node, or -1 when nodes are limited by entry count. */
    public int listNodeMaxBytes() {
        return listMaxListpackSize < 0 ? 4096 << (-listMaxListpackSize - 1) : -1;
    }
}
