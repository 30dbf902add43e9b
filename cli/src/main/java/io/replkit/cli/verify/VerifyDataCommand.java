package io.replkit.cli.verify;

import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.ConnectionOptions;
import io.replkit.cli.options.DifferenceOptions;
import io.replkit.cli.options.HelpOption;
import io.replkit.cli.output.StdoutData;
import io.replkit.cli.rdbfile.diff.ValueComparison;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.repl.ReplicationInfo;
import io.replkit.protocol.resp.RespValue;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit verify-data --source URI --target URI}: compares two live datasets key by key. */
@Command(name = "verify-data",
    sortOptions = false,
    description = {
        "Compare two live datasets key by key: SCAN the source, DUMP each key on both sides (pipelined, both",
        "servers at once) and compare the decoded values, whatever their encodings, and the TTLs within a",
        "tolerance; then SCAN the target for keys the source lacks. Differences go to stdout, a summary to stderr.",
        "Connection options other than -h, -p, -n and -u (which would be ambiguous) apply to both servers."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit verify-data --source redis://old:6379 --target redis://new:6379",
        "  replkit verify-data --source redis://:pw@old --target rediss://new --cacert ca.pem --db 0 --match 'user:*'",
        "  replkit verify-data --source redis://old --target redis://new --sample 10000 --format jsonl",
        "",
        "Exit codes: 0 no difference, 1 a difference (or a failure), 2 usage."
    })
public final class VerifyDataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Mixin
    HelpOption help;

    @Option(names = "--source", required = true, paramLabel = "URI", description = "The reference server.")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URI", description = "The server checked against it.")
    String target;

    @Option(names = "--db", paramLabel = "N",
        description = "Only this database (repeatable; default: every database either server lists in INFO keyspace).")
    List<Integer> dbs;

    @Option(names = "--match", paramLabel = "GLOB", description = "Only keys matching this glob (SCAN MATCH).")
    String match;

    @Option(names = "--sample", paramLabel = "N",
        description = "Compare N random keys of the source per database (RANDOMKEY) instead of all, and skip the scan for extra keys.")
    Integer sample;

    @Option(names = "--ttl-tolerance", paramLabel = "MS", defaultValue = "1000",
        description = "TTLs that differ by at most this many milliseconds are equal (default: ${DEFAULT-VALUE}).")
    long ttlToleranceMs;

    @Option(names = "--no-extra", description = "Do not scan the target for keys that are not in the source.")
    boolean noExtra;

    @Option(names = "--scan-count", paramLabel = "N", defaultValue = "1000",
        description = "SCAN COUNT, and so the keys per pipelined batch (default: ${DEFAULT-VALUE}).")
    int scanCount;

    @Mixin
    DifferenceOptions differences;

    @Mixin
    ConnectionOptions connection;

    private long compared;
    private long differing;
    private long missing;
    private long extra;

    @Override
    public Integer call() throws IOException {
        validate();
        ConnectionSettings src = connection.settings(source);
        ConnectionSettings dst = connection.settings(target);
        BufferedOutputStream os = StdoutData.open(spec, parent.stdout());
        DataReport report = new DataReport(differences.format(), StdoutData.text(os), os, StdoutData.JSON);
        KeyComparison comparison = new KeyComparison(differences.maxDetails(), ttlToleranceMs);
        long start = System.nanoTime();
        List<Integer> databases;
        try (RedisConnection a = RedisConnection.open(src); RedisConnection b = RedisConnection.open(dst)) {
            databases = dbs != null ? dbs : keyspaces(a, b);
            for (int db : databases) {
                select(a, db);
                select(b, db);
                if (sample != null) {
                    compareBatch(db, sampleKeys(a, sample), a, b, comparison, report);
                } else {
                    scan(a, batch -> compareBatch(db, batch, a, b, comparison, report));
                    if (!noExtra) {
                        scan(b, batch -> findExtra(db, batch, a, report));
                    }
                }
            }
        } finally {
            report.finish();
            os.flush();
        }
        double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        PrintWriter err = spec.commandLine().getErr();
        err.println(String.format(Locale.ROOT,
            "verify-data: %,d keys compared in database%s %s: %,d differ, %,d missing in target, %,d extra in target (%.1f s, %,.0f keys/s)",
            compared, databases.size() == 1 ? "" : "s", databases, differing, missing, extra, secs, compared / secs));
        err.flush();
        return differing + missing + extra > 0 ? ExitCode.FAILURE : ExitCode.OK;
    }

    private void validate() {
        var pr = spec.commandLine().getParseResult();
        for (String opt : new String[] {"-h", "-p", "-n", "-u"}) {
            if (pr.hasMatchedOption(opt)) {
                throw new UsageException(opt + " would apply to both servers: give each in --source and --target URIs");
            }
        }
        differences.validate("verify-data");
        if ((sample != null && sample < 1) || scanCount < 1 || ttlToleranceMs < 0) {
            throw new UsageException("--sample and --scan-count must be positive, --ttl-tolerance not negative");
        }
    }

    /** The databases either server lists in INFO keyspace ({@code dbN:keys=...}). */
    private static List<Integer> keyspaces(RedisConnection a, RedisConnection b) throws IOException {
        Set<Integer> out = new TreeSet<>();
        for (RedisConnection c : List.of(a, b)) {
            RespValue info = c.call("INFO", "keyspace");
            if (info.isError()) {
                throw new IOException(c.address() + " refused INFO keyspace: " + info.asString());
            }
            for (String name : ReplicationInfo.parse(info.asString()).fields().keySet()) {
                if (name.startsWith("db")) {
                    try {
                        out.add(Integer.parseInt(name.substring(2)));
                    } catch (NumberFormatException ignored) {
                        // not a database line
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static void select(RedisConnection c, int db) throws IOException {
        RespValue r = c.call("SELECT", Integer.toString(db));
        if (r.isError()) {
            throw new IOException(c.address() + " refused SELECT " + db + ": " + r.asString());
        }
    }

    @FunctionalInterface
    private interface Batch {
        void accept(List<byte[]> keys) throws IOException;
    }

    /** SCAN with MATCH and COUNT; each non-empty reply's keys as one batch. */
    private void scan(RedisConnection c, Batch batch) throws IOException {
        String cursor = "0";
        do {
            List<String> args = new ArrayList<>(List.of("SCAN", cursor, "COUNT", Integer.toString(scanCount)));
            if (match != null) {
                args.add("MATCH");
                args.add(match);
            }
            RespValue r = c.call(args.toArray(String[]::new));
            if (r.isError()) {
                throw new IOException(c.address() + " refused SCAN: " + r.asString());
            }
            List<RespValue> parts = r.asList();
            cursor = parts.get(0).asString();
            List<RespValue> items = parts.get(1).asList();
            List<byte[]> keys = new ArrayList<>(items.size());
            for (RespValue k : items) {
                keys.add(k.asBytes());
            }
            if (!keys.isEmpty()) {
                batch.accept(keys);
            }
        } while (!cursor.equals("0"));
    }

    /** Up to {@code n} distinct keys from RANDOMKEY (pipelined), filtered by --match. */
    private List<byte[]> sampleKeys(RedisConnection c, int n) throws IOException {
        io.replkit.rdb.filter.GlobPattern glob = match == null ? null : new io.replkit.rdb.filter.GlobPattern(match);
        Set<String> seen = new LinkedHashSet<>();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.send("RANDOMKEY");
        }
        c.flush();
        for (int i = 0; i < n; i++) {
            RespValue r = c.read();
            if (r.isError()) {
                throw new IOException(c.address() + " refused RANDOMKEY: " + r.asString());
            }
            if (r.isNull()) {
                continue;
            }
            byte[] k = r.asBytes();
            if ((glob == null || glob.matches(k)) && seen.add(new String(k, StandardCharsets.ISO_8859_1))) {
                keys.add(k);
            }
        }
        return keys;
    }

    private void compareBatch(int db, List<byte[]> keys, RedisConnection a, RedisConnection b, KeyComparison comparison,
                              DataReport report) throws IOException {
        for (int from = 0; from < keys.size(); from += scanCount) {
            List<byte[]> part = keys.subList(from, Math.min(keys.size(), from + scanCount));
            KeyDumps da = new KeyDumps(a);
            KeyDumps dbs = new KeyDumps(b);
            da.send(part);
            dbs.send(part);
            KeyDumps.Dumped[] sa = da.read(part);
            KeyDumps.Dumped[] sb = dbs.read(part);
            for (int i = 0; i < sa.length; i++) {
                if (!sa[i].exists()) {
                    continue; // gone from the source since SCAN listed it
                }
                compared++;
                if (!sb[i].exists()) {
                    missing++;
                    report.missing(db, sa[i].key());
                    continue;
                }
                ValueComparison.Result r = comparison.compare(sa[i], sb[i]);
                if (!r.isEqual()) {
                    differing++;
                    report.differs(db, sa[i].key(), r);
                }
            }
        }
    }

    /** Keys of the target's batch that the source does not have. */
    private void findExtra(int db, List<byte[]> keys, RedisConnection source, DataReport report) throws IOException {
        byte[] exists = "EXISTS".getBytes(StandardCharsets.US_ASCII);
        for (byte[] k : keys) {
            source.send(exists, k);
        }
        source.flush();
        for (byte[] k : keys) {
            RespValue r = source.read();
            if (r.isError()) {
                throw new IOException(source.address() + " refused EXISTS: " + r.asString());
            }
            if (r.asLong() == 0) {
                extra++;
                report.extra(db, k);
            }
        }
    }
}
