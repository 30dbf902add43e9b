package io.replkit.cli;

import io.replkit.cli.completion.GenerateCompletionCommand;
import io.replkit.cli.inspect.RdbInspectCommand;
import io.replkit.cli.rdbfile.RdbConvertCommand;
import io.replkit.cli.rdbfile.RdbDiffCommand;
import io.replkit.cli.rdbfile.RdbMergeCommand;
import io.replkit.cli.rdbfile.RdbSplitCommand;
import io.replkit.cli.repl.DumpCommand;
import io.replkit.cli.repl.ReplTailCommand;
import io.replkit.cli.replay.ReplayCommand;
import io.replkit.cli.verify.VerifyDataCommand;
import io.replkit.cli.verify.VerifyOffsetsCommand;
import io.replkit.cli.replica.StartReplicaCommand;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command; subcommands are registered here as they arrive. */
@Command(
    name = "replkit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "A toolkit for Redis replication: inspect RDB snapshots, follow what a master replicates,",
        "copy and verify datasets, run a lightweight replica.",
        ""
    },
    subcommands = {
        RdbInspectCommand.class,
        RdbDiffCommand.class,
        RdbConvertCommand.class,
        RdbMergeCommand.class,
        RdbSplitCommand.class,
        DumpCommand.class,
        ReplTailCommand.class,
        ReplayCommand.class,
        VerifyOffsetsCommand.class,
        VerifyDataCommand.class,
        StartReplicaCommand.class,
        GenerateCompletionCommand.class,
    },
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  ok",
        "  1  failure, or a check found a difference",
        "  2  usage error",
        "",
        "Run 'replkit COMMAND --help' for a command's options and examples."
    })
public final class ReplkitCommand implements Runnable {

    private final OutputStream stdout;

    public ReplkitCommand(OutputStream stdout) {
        this.stdout = stdout;
    }

    /** Standard output as bytes, for commands that write data (JSON, RDB, RESP) without a Writer. */
    public OutputStream stdout() {
        return stdout;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On failure, print the full stack trace instead of one line.")
    boolean stacktrace;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
