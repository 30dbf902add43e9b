package io.replkit.cli.rdbfile;

import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.DifferenceOptions;
import io.replkit.cli.options.FilterOptions;
import io.replkit.cli.output.StdoutData;
import io.replkit.cli.rdbfile.diff.DiffReport;
import io.replkit.cli.rdbfile.diff.RdbDiff;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit rdb-diff A B}: which keys differ between two RDB files, and how. */
@Command(name = "rdb-diff",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Compare two RDB files by content: values, expiries, hash field TTLs, stream groups.",
        "Lists keys only in A, only in B, and keys whose values differ (saying what differs).",
        "Encodings are ignored unless --encoding. Exit 1 when anything differs, 0 when equal."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit rdb-diff before.rdb after.rdb                       # what changed between two saves",
        "  replkit rdb-diff dump.rdb converted.rdb --encoding          # also compare encodings",
        "  replkit rdb-diff a.rdb b.rdb --format jsonl --db 0          # one JSON object per differing key",
        "  replkit rdb-diff a.rdb b.rdb --match 'user:*' --expired exclude",
        "  redis-cli --rdb - | replkit rdb-diff - backup.rdb           # a live server against a backup"
    })
public final class RdbDiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Parameters(index = "0", paramLabel = "A", description = "The first RDB file, or - for standard input.")
    String fileA;

    @Parameters(index = "1", paramLabel = "B", description = "The second RDB file, or - for standard input (one side at most).")
    String fileB;

    @Mixin
    DifferenceOptions differences;

    @Option(names = "--encoding", description = "Also report keys whose values are stored with different RDB encodings.")
    boolean encoding;

    @Mixin
    FilterOptions filters;

    @Override
    public Integer call() throws IOException {
        differences.validate("rdb-diff");
        if ("-".equals(fileA) && "-".equals(fileB)) {
            throw new UsageException("only one of A and B can be standard input");
        }
        BufferedOutputStream os = StdoutData.open(spec, parent.stdout());
        DiffReport report = new DiffReport(differences.format(), StdoutData.text(os), os, StdoutData.JSON);
        long start = System.nanoTime();
        RdbDiff.Stats s = RdbDiff.run(fileA, fileB, System.in, filters.toFilter(), encoding, differences.maxDetails(), report);
        report.finish();
        os.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println(summary(s, (System.nanoTime() - start) / 1_000_000));
        err.flush();
        return s.anyDifference() ? ExitCode.FAILURE : ExitCode.OK;
    }

    static String summary(RdbDiff.Stats s, long elapsedMs) {
        String how = s.indexedSide == null
            ? "in lockstep"
            : s.lockstepKeys + " keys in lockstep, then an index of " + s.indexedKeys + " keys of " + s.indexedSide
                + ", " + s.rereads + " keys read again";
        return "rdb-diff: A has " + s.keysA + " keys, B " + s.keysB + ": " + s.equal + " equal, " + s.onlyInA + " only in A, "
            + s.onlyInB + " only in B, " + s.differing + " differ (" + how + ", " + elapsedMs + " ms)";
    }
}
