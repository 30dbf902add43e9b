package io.replkit.rdb.filter;

import io.replkit.rdb.DataType;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbType;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which keys a pass over a file keeps: databases, types (logical or RDB encodings), a glob with
 * SCAN semantics, a regular expression, and expiry relative to a clock. Decided from the key
 * header alone, so rejected values are skipped without being decoded.
 */
public final class KeyFilter {

    /** How keys whose expiry is at or before {@code now} are treated. */
    public enum Expired { INCLUDE, EXCLUDE, ONLY }

    public static final KeyFilter ALL = new KeyFilter(null, null, null, null, Expired.INCLUDE, 0);

    private final Set<Integer> dbs;
    private final Set<DataType> dataTypes;
    private final Set<RdbType> rdbTypes;
    private final GlobPattern glob;
    private final Pattern regex;
    private final Expired expired;
    private final long nowMs;

    /**
     * @param types logical type names ({@code hash}) or RDB encoding names ({@code HASH_LISTPACK});
     *              null or empty for all
     */
    public KeyFilter(Set<Integer> dbs, List<String> types, String glob, String regex, Expired expired, long nowMs) {
        this.dbs = dbs == null || dbs.isEmpty() ? null : Set.copyOf(dbs);
        EnumSet<DataType> dt = EnumSet.noneOf(DataType.class);
        EnumSet<RdbType> rt = EnumSet.noneOf(RdbType.class);
        if (types != null) {
            for (String t : types) {
                DataType d = DataType.ofName(t);
                RdbType r = RdbType.ofName(t);
                if (d != null) {
                    dt.add(d);
                } else if (r != null) {
                    rt.add(r);
                } else {
                    throw new IllegalArgumentException("unknown type '" + t
                        + "': use string, list, set, zset, hash, stream, module or an RDB encoding such as HASH_LISTPACK");
                }
            }
        }
        boolean anyType = dt.isEmpty() && rt.isEmpty();
        this.dataTypes = anyType ? null : dt;
        this.rdbTypes = anyType ? null : rt;
        this.glob = glob == null ? null : new GlobPattern(glob);
        this.regex = regex == null ? null : Pattern.compile(regex, Pattern.DOTALL);
        this.expired = expired == null ? Expired.INCLUDE : expired;
        this.nowMs = nowMs;
    }

    /** False when no key of this database can pass (lets a pass skip a whole database). */
    public boolean acceptsDb(int db) {
        return dbs == null || dbs.contains(db);
    }

    public boolean accepts(KeyEntry e) {
        if (dbs != null && !dbs.contains(e.db())) {
            return false;
        }
        if (dataTypes != null && !dataTypes.contains(e.type().dataType()) && !rdbTypes.contains(e.type())) {
            return false;
        }
        if (expired != Expired.INCLUDE) {
            boolean isExpired = e.hasExpiry() && e.expireAtMs() <= nowMs;
            if (isExpired != (expired == Expired.ONLY)) {
                return false;
            }
        }
        if (glob != null && !glob.matches(e.key())) {
            return false;
        }
        // Regexes see the key as ISO-8859-1 text, so every byte is one char and binary keys match too.
        return regex == null || regex.matcher(new String(e.key(), StandardCharsets.ISO_8859_1)).find();
    }

    public boolean isAll() {
        return dbs == null && dataTypes == null && glob == null && regex == null && expired == Expired.INCLUDE;
    }
}
