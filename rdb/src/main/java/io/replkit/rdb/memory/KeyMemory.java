package io.replkit.rdb.memory;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The estimated memory of one key, as a row of a redis-rdb-tools style memory report
 * ({@code database,type,key,size_in_bytes,encoding,num_elements,len_largest_element,expiry}).
 *
 * @param sizeInBytes      estimated bytes of RAM (see {@link MemoryEstimator} for what is counted)
 * @param encoding         the encoding name redis-rdb-tools prints: {@code string}, {@code quicklist},
 *                         {@code listpack}, {@code ziplist}, {@code zipmap}, {@code intset},
 *                         {@code hashtable}, {@code skiplist}, {@code listpackex}, or the module
 *                         type name for module values
 * @param numElements      elements of the value: list/set/zset length, hash fields, stream entries;
 *                         the length in bytes for a string; 1 for a module value
 * @param lenLargestElement length in bytes of the longest element (member, field or value; the whole
 *                         string for a string; integers by their decimal text); 0 when unknown
 * @param expireAtMs       the key's absolute expiry in unix milliseconds, or -1 for none
 */
public record KeyMemory(long sizeInBytes, String encoding, long numElements, long lenLargestElement,
                        long expireAtMs) {

    /** Beyond this second (in the year 9002) redis-rdb-tools clamps the expiry; so do we. */
    private static final long MAX_EXPIRY_SECONDS = 221925052800L;

    public boolean hasExpiry() {
        return expireAtMs >= 0;
    }

    /**
     * The expiry as redis-rdb-tools prints it, or "" for none: Python's naive UTC
     * {@code datetime.isoformat()}, {@code 2024-05-01T12:30:00} or, when there are milliseconds,
     * {@code 2024-05-01T12:30:00.250000}.
     */
    public String expiry() {
        return formatExpiry(expireAtMs);
    }

    /** See {@link #expiry()}. */
    public static String formatExpiry(long expireAtMs) {
        if (expireAtMs < 0) {
            return "";
        }
        long seconds = Math.min(Math.floorDiv(expireAtMs, 1000), MAX_EXPIRY_SECONDS);
        int millis = Math.floorMod(expireAtMs, 1000);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(26);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        if (millis != 0) {
            sb.append('.');
            pad(sb, millis * 1000, 6);
        }
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
