package io.replkit.cli.rdbfile;

import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.FilterOptions;
import io.replkit.cli.output.AtomicFileOutput;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleAux;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.cluster.KeySlot;
import io.replkit.rdb.filter.KeyFilter;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriteException;
import io.replkit.rdb.write.RdbWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit rdb-split IN --by db|slot --out DIR}: one RDB file per database or per hash slot range. */
@Command(name = "rdb-split",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Split an RDB file into one file per database (db-N.rdb), or per Redis Cluster hash slot",
        "range (slots-A-B.rdb, keys by CRC16 slot honouring {hash tags}, all in database 0 as",
        "cluster mode requires). Every output is a complete RDB file of the input's version, with",
        "the input's function libraries; all appear together once the whole input was read."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit rdb-split dump.rdb --by db --out parts/                     # db-0.rdb, db-3.rdb, ...",
        "  replkit rdb-split dump.rdb --by slot --nodes 3 --out shards/        # slots-0-5460.rdb, ...",
        "  replkit rdb-split dump.rdb --by slot --slots 0-999,1000-16383 --out shards/",
        "  replkit rdb-split dump.rdb --by slot --nodes 6 --db 2 --out shards/  # database 2's keys, into db 0"
    })
public final class RdbSplitCommand implements Callable<Integer> {

    /** How keys are divided. */
    enum By { db, slot }

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Parameters(index = "0", paramLabel = "IN", description = "The RDB file to split, or - for standard input.")
    String in;

    @Option(names = "--by", required = true, paramLabel = "db|slot", description = "Split by database or by hash slot range.")
    By by;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory for the output files (created if missing).")
    Path outDir;

    @Option(names = "--slots", paramLabel = "A-B[,...]", description = "With --by slot: the slot ranges, one file each (repeatable).")
    List<String> slots;

    @Option(names = "--nodes", paramLabel = "N", description = "With --by slot: split the 16384 slots evenly into N ranges.")
    Integer nodes;

    @Mixin
    FilterOptions filters;

    @Mixin
    CompressOption compression;

    /** Most files written at once (each holds a 64 KB buffer). */
    static final int MAX_OUTPUTS = 1024;

    /** One output file being written. */
    private static final class Part {
        final AtomicFileOutput file;
        final RdbWriter writer;
        int writtenDb = -1;
        long keys;

        Part(AtomicFileOutput file, RdbWriter writer) {
            this.file = file;
            this.writer = writer;
        }
    }

    private KeyFilter filter;
    private SlotRanges ranges;
    private int[] rangeOfSlot;
    /** With --by slot: the one database whose keys are split (into db 0). */
    private int slotDb;
    private RdbHeader header;
    private RdbTarget target;
    private final List<AuxField> aux = new ArrayList<>();
    private final List<FunctionLibrary> functions = new ArrayList<>();
    private final Map<Integer, Part> parts = new TreeMap<>();
    private boolean preambleDone;

    @Override
    public Integer call() throws IOException {
        validate();
        filter = filters.toFilter();
        boolean createdOutDir = !Files.exists(outDir);
        Files.createDirectories(outDir);
        long start = System.nanoTime();
        long keys = 0;
        boolean committed = false;
        try (RdbReader reader = RdbFiles.openReader(in)) {
            for (RdbRecord rec; (rec = reader.next()) != null; ) {
                if (rec instanceof RdbHeader h) {
                    header = h;
                    target = TargetOptions.resolve(null, h.version(), h.valkey());
                } else if (rec instanceof AuxField a) {
                    aux.add(a);
                } else if (rec instanceof FunctionLibrary f) {
                    functions.add(f);
                    for (Part p : parts.values()) {
                        p.writer.writeFunctionLibrary(f);
                    }
                } else if (rec instanceof ModuleAux m) {
                    throw RdbFiles.moduleAux(m);
                } else if (rec instanceof KeyEntry k && filter.accepts(k)) {
                    if (!preambleDone) {
                        openAllRanges();
                    }
                    write(k);
                    keys++;
                } else if (rec instanceof RdbEnd) {
                    if (!preambleDone) {
                        openAllRanges();
                    }
                }
            }
            for (Part p : parts.values()) {
                p.writer.finish();
            }
            for (Part p : parts.values()) {
                p.file.commit();
            }
            committed = true;
        } finally {
            for (Part p : parts.values()) {
                p.file.close(); // deletes the temp files unless committed
            }
            if (!committed && createdOutDir) {
                // a failed split leaves things as they were: no directory that was not there before
                try (java.util.stream.Stream<Path> left = Files.list(outDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(outDir);
                    }
                } catch (IOException ignored) {
                    // the original error is what the user needs to see
                }
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("rdb-split: " + keys + " keys into " + parts.size() + " files in " + outDir + " ("
            + (System.nanoTime() - start) / 1_000_000 + " ms)");
        for (Map.Entry<Integer, Part> e : parts.entrySet()) {
            err.println("  " + e.getValue().file.target().getFileName() + ": " + e.getValue().keys + " keys");
        }
        err.flush();
        return ExitCode.OK;
    }

    private void validate() {
        if (by == By.db) {
            if (slots != null || nodes != null) {
                throw new UsageException("--slots and --nodes go with --by slot");
            }
            return;
        }
        if ((slots == null) == (nodes == null)) {
            throw new UsageException("--by slot needs either --slots or --nodes");
        }
        ranges = slots != null ? SlotRanges.parse(slots) : SlotRanges.even(nodes);
        if (ranges.ranges().size() > MAX_OUTPUTS) {
            throw new UsageException("at most " + MAX_OUTPUTS + " slot ranges can be written at once");
        }
        rangeOfSlot = ranges.bySlot();
        List<Integer> dbs = filters.databases();
        if (dbs.size() > 1) {
            throw new UsageException("--by slot takes at most one --db: cluster mode has only database 0");
        }
        slotDb = dbs.isEmpty() ? 0 : dbs.get(0);
    }

    /** With --by slot every range gets a file, even an empty one, so each node has something to load. */
    private void openAllRanges() throws IOException {
        preambleDone = true;
        if (by == By.slot) {
            for (int i = 0; i < ranges.ranges().size(); i++) {
                part(i, SlotRanges.fileName(ranges.ranges().get(i)));
            }
        }
    }

    private Part part(int id, String fileName) throws IOException {
        Part p = parts.get(id);
        if (p == null) {
            if (parts.size() >= MAX_OUTPUTS) {
                throw new RdbWriteException("more than " + MAX_OUTPUTS + " output files");
            }
            AtomicFileOutput file = AtomicFileOutput.create(outDir.resolve(fileName));
            parts.put(id, p = new Part(file, new RdbWriter(file.stream(), compression.writerOptions(target))));
            Preamble.write(p.writer, target, header.version(), aux, false);
            for (FunctionLibrary f : functions) {
                p.writer.writeFunctionLibrary(f);
            }
        }
        return p;
    }

    private void write(KeyEntry k) throws IOException {
        Part p;
        int db;
        if (by == By.db) {
            p = part(k.db(), "db-" + k.db() + ".rdb");
            db = k.db();
        } else {
            if (k.db() != slotDb) {
                throw new RdbWriteException(k.describe() + " is not in database " + slotDb
                    + ": cluster mode has only database 0; choose the database to split with --db");
            }
            int slot = KeySlot.of(k.key());
            int range = rangeOfSlot[slot];
            if (range < 0) {
                throw new RdbWriteException(k.describe() + " hashes to slot " + slot + ", which no --slots range covers");
            }
            p = parts.get(range);
            db = 0;
        }
        if (p.writtenDb != db) {
            p.writer.selectDb(db);
            p.writtenDb = db;
        }
        p.writer.writeKey(k.key(), k.value(), k.expireAtMs(), k.idleSeconds(), k.lfuFreq());
        p.keys++;
    }
}
