package io.replkit.cli.options;

import io.replkit.cli.UsageException;
import io.replkit.rdb.filter.KeyFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The key filters every pass over an RDB file accepts. */
public final class FilterOptions {

    @Option(names = "--db", paramLabel = "N", description = "Only keys of this database (repeatable).")
    List<Integer> dbs;

    @Option(names = "--type", paramLabel = "T", split = ",",
        description = "Only keys of this type: string, list, set, zset, hash, stream, module, or an RDB encoding "
            + "such as HASH_LISTPACK (repeatable, or comma-separated).")
    List<String> types;

    @Option(names = "--match", paramLabel = "GLOB", description = "Only keys matching this glob (SCAN MATCH semantics: * ? [a-z] \\).")
    String match;

    @Option(names = "--regex", paramLabel = "RE", description = "Only keys in which this Java regular expression finds a match.")
    String regex;

    @Option(names = "--expired", paramLabel = "MODE", defaultValue = "include",
        description = "Keys already expired at --now: include, exclude or only (default: ${DEFAULT-VALUE}).")
    KeyFilter.Expired expired;

    @Option(names = "--now", paramLabel = "TIME",
        description = "The clock for --expired: unix milliseconds or an ISO-8601 instant (default: the current time).")
    String now;

    /** The databases named with --db, or an empty list for all. */
    public List<Integer> databases() {
        return dbs == null ? List.of() : List.copyOf(dbs);
    }

    public KeyFilter toFilter() {
        long nowMs = now == null ? System.currentTimeMillis() : parseNow(now);
        Set<Integer> dbSet = dbs == null ? null : new HashSet<>(dbs);
        try {
            return new KeyFilter(dbSet, types, match, regex, expired, nowMs);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static long parseNow(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new UsageException("--now '" + s + "' is neither unix milliseconds nor an ISO-8601 instant");
            }
        }
    }
}
