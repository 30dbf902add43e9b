package io.replkit.cli.rdbfile;

import io.replkit.cli.UsageException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --rename-db FROM:TO} options: which output database each input database goes to. */
public final class DbRenames {
    private final Map<Integer, Integer> map = new HashMap<>();

    public DbRenames(List<String> specs) {
        if (specs == null) {
            return;
        }
        for (String s : specs) {
            String[] parts = s.split(":", -1);
            int from;
            int to;
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                from = Integer.parseInt(parts[0].trim());
                to = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--rename-db takes FROM:TO database numbers, not '" + s + "'");
            }
            if (from < 0 || to < 0) {
                throw new UsageException("--rename-db " + s + ": database numbers cannot be negative");
            }
            if (map.put(from, to) != null) {
                throw new UsageException("--rename-db names database " + from + " twice");
            }
        }
    }

    public int apply(int db) {
        return map.getOrDefault(db, db);
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }
}
