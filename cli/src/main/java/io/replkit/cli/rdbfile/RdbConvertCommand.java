package io.replkit.cli.rdbfile;

import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.options.FilterOptions;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleAux;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.ResizeDb;
import io.replkit.rdb.SelectDb;
import io.replkit.rdb.SlotInfo;
import io.replkit.rdb.filter.KeyFilter;
import io.replkit.rdb.write.RdbTarget;
import io.replkit.rdb.write.RdbWriteException;
import io.replkit.rdb.write.RdbWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit rdb-convert IN OUT}: rewrite an RDB file for another version, filtered and with databases renamed. */
@Command(name = "rdb-convert",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Rewrite an RDB file in the format of another RDB version (or Redis / Valkey release), keeping",
        "only the keys the filters accept and renaming databases. Each value gets the encoding that",
        "version's server would choose. OUT appears only once complete; a value the target cannot",
        "hold (e.g. hash field TTLs before RDB 12) stops the conversion with an error and no OUT."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit rdb-convert dump.rdb dump-6.2.rdb --target-redis 6.2      # load a 7.x dataset into 6.2",
        "  replkit rdb-convert dump.rdb users.rdb --match 'user:*' --expired exclude",
        "  replkit rdb-convert dump.rdb db0.rdb --db 3 --rename-db 3:0       # database 3 alone, as database 0",
        "  replkit rdb-convert dump.rdb small.rdb --target-version 10 --compress",
        "  redis-cli --rdb - | replkit rdb-convert - - --target-version 9 > dump9.rdb"
    })
public final class RdbConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Parameters(index = "0", paramLabel = "IN", description = "The RDB file to read, or - for standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The RDB file to write, or - for standard output.")
    String out;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    TargetOptions target;

    @Mixin
    FilterOptions filters;

    @Option(names = "--rename-db", paramLabel = "FROM:TO", description = "Write the keys of database FROM to database TO (repeatable).")
    List<String> renames;

    @Mixin
    CompressOption compression;

    @Option(names = "--drop-functions",
        description = "Leave out function libraries when the target version cannot hold them (before RDB 10) instead of failing.")
    boolean dropFunctions;

    @Override
    public Integer call() throws IOException {
        KeyFilter filter = filters.toFilter();
        DbRenames rename = new DbRenames(renames);
        TargetOptions.explicit(target);
        long start = System.nanoTime();
        Copy copy = new Copy(filter, rename);
        try (RdbReader reader = RdbFiles.openReader(in);
             OutputFile output = OutputFile.open(out, parent.stdout())) {
            copy.run(reader, output);
            output.commit();
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("rdb-convert: " + copy.keys + " keys written to " + copy.target + (copy.droppedFunctions > 0
            ? ", " + copy.droppedFunctions + (copy.droppedFunctions == 1 ? " function library" : " function libraries")
                + " left out" : "") + ", " + copy.bytes + " bytes in "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
        err.flush();
        return ExitCode.OK;
    }

    /** One pass: records in, records out, SELECTDB written when a database's first kept key arrives. */
    private final class Copy {
        private final KeyFilter filter;
        private final DbRenames rename;
        private final List<AuxField> aux = new ArrayList<>();
        private RdbHeader header;
        private RdbTarget target;
        private RdbWriter w;
        private int writtenDb = -1;
        private ResizeDb pendingResize;
        private long keys;
        private long bytes;
        private int droppedFunctions;
        private boolean preambleWritten;

        Copy(KeyFilter filter, DbRenames rename) {
            this.filter = filter;
            this.rename = rename;
        }

        void run(RdbReader reader, OutputFile output) throws IOException {
            // RESIZEDB and SLOT_INFO are hints about the input's databases: kept only when nothing is filtered or moved.
            boolean hintsHold = filter.isAll() && rename.isEmpty();
            for (RdbRecord rec; (rec = reader.next()) != null; ) {
                if (rec instanceof RdbHeader h) {
                    header = h;
                    target = TargetOptions.resolve(RdbConvertCommand.this.target, h.version(), h.valkey());
                    w = new RdbWriter(output.stream(), compression.writerOptions(target));
                    continue;
                }
                if (rec instanceof AuxField a && !preambleWritten) {
                    aux.add(a);
                    continue;
                }
                begin();
                if (rec instanceof AuxField a) {
                    w.writeAux(a.name(), a.value());
                } else if (rec instanceof SelectDb) {
                    pendingResize = null;
                } else if (rec instanceof ResizeDb rz) {
                    pendingResize = hintsHold ? rz : null;
                } else if (rec instanceof SlotInfo si) {
                    if (hintsHold) {
                        select(reader.currentDb());
                        w.writeSlotInfo(si.slot(), si.slotSize(), si.expiresSlotSize());
                    }
                } else if (rec instanceof FunctionLibrary f) {
                    function(f);
                } else if (rec instanceof ModuleAux m) {
                    throw RdbFiles.moduleAux(m);
                } else if (rec instanceof KeyEntry k) {
                    if (filter.accepts(k)) {
                        select(k.db());
                        w.writeKey(k.key(), k.value(), k.expireAtMs(), k.idleSeconds(), k.lfuFreq());
                        keys++;
                    }
                } else if (rec instanceof RdbEnd) {
                    w.finish();
                    bytes = w.bytesWritten();
                }
            }
        }

        private void begin() throws IOException {
            if (!preambleWritten) {
                preambleWritten = true;
                Preamble.write(w, target, header.version(), aux, true);
            }
        }

        private void select(int inputDb) throws IOException {
            int db = rename.apply(inputDb);
            if (db != writtenDb) {
                w.selectDb(db);
                writtenDb = db;
                if (pendingResize != null) {
                    w.resizeDb(pendingResize.dbSize(), pendingResize.expiresSize());
                    pendingResize = null;
                }
            }
        }

        private void function(FunctionLibrary f) throws IOException {
            if (target.hasFunctions() || !dropFunctions) {
                try {
                    w.writeFunctionLibrary(f);
                } catch (RdbWriteException e) {
                    throw new RdbWriteException(e.getMessage() + "; --drop-functions leaves function libraries out");
                }
            } else {
                droppedFunctions++;
            }
        }
    }
}
