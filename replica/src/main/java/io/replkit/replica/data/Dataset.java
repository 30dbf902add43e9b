package io.replkit.replica.data;

import io.replkit.rdb.FunctionLibrary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replica's whole dataset: the databases, the function libraries (code text by library
 * name), and the replication id and offset a snapshot declared.
 */
public final class Dataset {
    public static final int DEFAULT_DATABASES = 16;

    private final Db[] dbs;
    private final Map<String, byte[]> functions = new LinkedHashMap<>();

    public Dataset() {
        this(DEFAULT_DATABASES);
    }

    public Dataset(int databases) {
        dbs = new Db[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Db(i);
        }
    }

    public int databases() {
        return dbs.length;
    }

    public Db db(int i) {
        return dbs[i];
    }

    /** Libraries by name, in load order. */
    public Map<String, byte[]> functions() {
        return functions;
    }

    /** Adds a library from its code; returns its name (from the shebang), or null when it has none. */
    public String putFunctionLibrary(byte[] code) {
        String name = new FunctionLibrary(code, 0).name();
        if (name != null) {
            functions.put(name, code);
        }
        return name;
    }

    /**
     * The whole dataset as it is now: every database frozen (O(1) each) and the function libraries
     * copied. The values are shared with the live dataset; whoever changes one in place must first
     * copy it while the capture is open (see {@link SnapshotEpochs}).
     */
    public Frozen freeze() {
        Db.Frozen[] frozen = new Db.Frozen[dbs.length];
        for (int i = 0; i < dbs.length; i++) {
            frozen[i] = dbs[i].freeze();
        }
        return new Frozen(List.of(frozen), new LinkedHashMap<>(functions));
    }

    /** A dataset at one moment: its databases by index and its function libraries by name. */
    public record Frozen(List<Db.Frozen> dbs, Map<String, byte[]> functions) {
    }

    public long keyCount() {
        long n = 0;
        for (Db d : dbs) {
            n += d.size();
        }
        return n;
    }

    /** SWAPDB a b. */
    public void swap(int a, int b) {
        if (a != b) {
            dbs[a].swapWith(dbs[b]);
        }
    }

    /** FLUSHALL (functions stay: FUNCTION FLUSH removes those). */
    public void flushAll() {
        for (Db d : dbs) {
            d.clear();
        }
    }
}
