package io.replkit.cli.repl;

import io.replkit.rdb.filter.GlobPattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --db}, {@code --command} and {@code --match} of repl-tail: which commands of the stream are
 * printed. All given filters must accept a command.
 */
final class CommandFilter {
    private final Set<Integer> dbs;
    private final Set<String> names;
    private final GlobPattern match;

    CommandFilter(List<Integer> dbs, List<String> names, String match) {
        this.dbs = dbs == null || dbs.isEmpty() ? null : Set.copyOf(dbs);
        this.names = names == null || names.isEmpty() ? null
            : names.stream().flatMap(n -> List.of(n.split(",")).stream()).map(String::strip)
                .filter(n -> !n.isEmpty()).map(n -> n.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        this.match = match == null ? null : new GlobPattern(match);
    }

    boolean acceptsAll() {
        return dbs == null && names == null && match == null;
    }

    /** For snapshot keys (--snapshot inspect): --db and --match. */
    boolean acceptsKey(int db, byte[] key) {
        return (dbs == null || dbs.contains(db)) && (match == null || match.matches(key));
    }

    /** @param db the database the command applies to, -1 when not known yet */
    boolean accepts(byte[][] args, int db) {
        if (args.length == 0) {
            return false;
        }
        if (dbs != null && !dbs.contains(db)) {
            return false;
        }
        if (names != null && !names.contains(CommandKeys.upper(args[0]))) {
            return false;
        }
        return match == null || CommandKeys.anyKey(args, match::matches);
    }
}
