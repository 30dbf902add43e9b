package io.replkit.cli.rdbfile;

import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.FilterOptions;
import io.replkit.cli.options.InputFiles;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleAux;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.SelectDb;
import io.replkit.rdb.filter.KeyFilter;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriteException;
import io.replkit.rdb.write.RdbWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit rdb-merge OUT IN...}: several RDB files into one, later files winning. */
@Command(name = "rdb-merge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Merge RDB files into one. A key (database and name) present in several inputs is taken",
        "from the last of them, or, with --on-conflict error, stops the merge naming it. Keys are",
        "written database by database; function libraries are merged by name (later files win).",
        "Memory: an index of 2 hashes per key (40-80 bytes a key), never the values."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit rdb-merge all.rdb base.rdb delta.rdb                   # delta's keys override base's",
        "  replkit rdb-merge all.rdb a.rdb b.rdb --on-conflict error     # fail on any key in both",
        "  replkit rdb-merge all.rdb a.rdb b.rdb --target-redis 7.0 --expired exclude"
    })
public final class RdbMergeCommand implements Callable<Integer> {

    /** What to do with a key present in more than one input. */
    enum OnConflict { last, error }

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Parameters(index = "0", paramLabel = "OUT", description = "The RDB file to write, or - for standard output.")
    String out;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IN", description = "The RDB files to merge, in order (files, not stdin).")
    List<String> inputs;

    @Option(names = "--on-conflict", paramLabel = "MODE", defaultValue = "last",
        description = "last (the last input holding a key wins) or error (default: ${DEFAULT-VALUE}).")
    OnConflict onConflict;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    TargetOptions target;

    @Mixin
    FilterOptions filters;

    @Mixin
    CompressOption compression;

    /** A run of one input's records that belong to one database: [from, to). */
    private record Section(int input, int db, long from, long to) {
    }

    @Override
    public Integer call() throws IOException {
        KeyFilter filter = filters.toFilter();
        TargetOptions.explicit(target);
        List<Path> files = new ArrayList<>();
        for (String in : inputs) {
            if (InputFiles.isStdin(in)) {
                throw new UsageException("rdb-merge reads each input twice, so inputs must be files, not -");
            }
            files.add(InputFiles.requireFile(in));
        }
        long start = System.nanoTime();

        // Pass 1: where each database's keys are in each file, and which file wins each key.
        MergeIndex index = new MergeIndex();
        Map<String, FunctionLibrary> functions = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        TreeMap<Integer, long[]> dbSizes = new TreeMap<>();
        int maxVersion = 0;
        boolean anyValkey = false;
        long keysRead = 0;
        for (int i = 0; i < files.size(); i++) {
            try (RdbReader r = RdbFiles.openReader(files.get(i).toString())) {
                int db = 0;
                long sectionStart = -1;
                long sectionKeys = 0;
                for (RdbRecord rec; (rec = r.next()) != null; ) {
                    if (rec instanceof RdbHeader h) {
                        maxVersion = Math.max(maxVersion, h.version());
                        anyValkey |= h.valkey();
                        sectionStart = r.offset();
                    } else if (rec instanceof SelectDb || rec instanceof RdbEnd) {
                        if (sectionKeys > 0) {
                            sections.add(new Section(i, db, sectionStart, rec.offset()));
                        }
                        sectionKeys = 0;
                        sectionStart = rec.offset();
                        if (rec instanceof SelectDb s) {
                            db = s.db();
                        }
                    } else if (rec instanceof FunctionLibrary f) {
                        functions.remove(String.valueOf(f.name()));
                        functions.put(String.valueOf(f.name()), f);
                    } else if (rec instanceof ModuleAux m) {
                        throw RdbFiles.moduleAux(m);
                    } else if (rec instanceof KeyEntry k) {
                        keysRead++;
                        if (!filter.accepts(k)) {
                            continue;
                        }
                        sectionKeys++;
                        int prev = index.put(MergeIndex.hash1(k.db(), k.key()), MergeIndex.hash2(k.db(), k.key()), i, k.hasExpiry());
                        long[] counts = dbSizes.computeIfAbsent(k.db(), d -> new long[2]);
                        if (prev < 0) {
                            counts[0]++;
                        } else {
                            if (onConflict == OnConflict.error) {
                                throw new RdbWriteException(k.describe() + " is in both " + inputs.get(prev) + " and " + inputs.get(i)
                                    + " (--on-conflict error)");
                            }
                            counts[1] -= index.lastExpired() ? 1 : 0;
                        }
                        counts[1] += k.hasExpiry() ? 1 : 0;
                    }
                }
            }
        }
        RdbTarget t = TargetOptions.explicit(target);
        if (t == null) {
            t = TargetOptions.resolve(null, maxVersion, anyValkey && maxVersion >= RdbHeader.MIN_VALKEY_VERSION);
        }

        // Pass 2: database by database, each input's sections of it, keeping the winning copies.
        long written = 0;
        long bytes;
        try (OutputFile output = OutputFile.open(out, parent.stdout())) {
            RdbWriter w = new RdbWriter(output.stream(), compression.writerOptions(t));
            Preamble.write(w, t, -1, List.of(), false);
            for (FunctionLibrary f : functions.values()) {
                w.writeFunctionLibrary(f);
            }
            for (Map.Entry<Integer, long[]> db : dbSizes.entrySet()) {
                w.selectDb(db.getKey());
                w.resizeDb(db.getValue()[0], db.getValue()[1]);
                for (Section s : sections) {
                    if (s.db() != db.getKey()) {
                        continue;
                    }
                    try (RdbReader r = RdbSection.open(files.get(s.input()), s.from(), s.to())) {
                        for (RdbRecord rec; (rec = r.next()) != null; ) {
                            if (rec instanceof KeyEntry k && filter.accepts(k)
                                && index.owner(MergeIndex.hash1(s.db(), k.key()), MergeIndex.hash2(s.db(), k.key())) == s.input()) {
                                w.writeKey(k.key(), k.value(), k.expireAtMs(), k.idleSeconds(), k.lfuFreq());
                                written++;
                            }
                        }
                    }
                }
            }
            w.finish();
            bytes = w.bytesWritten();
            output.commit();
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("rdb-merge: " + files.size() + " files, " + keysRead + " keys read, " + written + " written to " + t + ", "
            + bytes + " bytes in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        err.flush();
        return ExitCode.OK;
    }
}
