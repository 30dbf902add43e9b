package io.replkit.cli.repl;

import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.options.HelpOption;
import io.replkit.cli.options.MasterConnectionOptions;
import io.replkit.cli.output.AtomicFileOutput;
import io.replkit.cli.output.StdoutData;
import io.replkit.cli.terminal.Progress;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.RdbTransfer;
import io.replkit.protocol.repl.ReplicationId;
import io.replkit.protocol.repl.ReplicationListener;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit dump --master URI -o FILE}: the master's snapshot, like {@code redis-cli --rdb}. */
@Command(name = "dump",
    sortOptions = false,
    description = {
        "Save a master's snapshot as an RDB file, like redis-cli --rdb: replkit connects as a replica,",
        "asks for a full sync, verifies the checksum while it writes, and disconnects. Disk-based and",
        "diskless (repl-diskless-sync yes) transfers give the same file, without the diskless end mark.",
        "The file appears only when complete and verified."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit dump --master redis://127.0.0.1:6379 -o dump.rdb",
        "  replkit dump -h db1 -p 6380 -a secret -o backup.rdb",
        "  replkit dump --master rediss://db1:6380 --cacert ca.pem -o - | replkit rdb-inspect -",
        "  replkit dump --master redis://db1 --functions-only -o functions.rdb   # only the function libraries"
    })
public final class DumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Mixin
    HelpOption help;

    @Mixin
    MasterConnectionOptions master;


    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
        description = "Where to write the RDB; - for standard output.")
    String output;

    @Option(names = "--functions-only", description = "Keep only the function libraries (and the header and aux fields), like redis-cli --functions-rdb.")
    boolean functionsOnly;

    @Option(names = "--no-progress", description = "Never draw a progress bar (it is drawn only on a terminal anyway).")
    boolean noProgress;

    @Option(names = "--repl-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Give up when the master sends nothing for this long (default: ${DEFAULT-VALUE}).")
    long replTimeoutSeconds;

    @Override
    public Integer call() throws IOException {
        ConnectionSettings conn = master.settings();
        if (!"-".equals(output)) {
            AtomicFileOutput.requireWritable(Path.of(output)); // before the master forks for a snapshot
        }
        SessionSettings settings = SessionSettings.defaults()
            .withRdbOnly(true)
            .withRetries(0, false)
            .withReplTimeout(java.time.Duration.ofSeconds(Math.max(1, replTimeoutSeconds)));
        Saver saver = new Saver(spec.commandLine().getErr());
        ReplicationSession session = new ReplicationSession(() -> ConnectionLink.open(conn), settings, saver);
        saver.session = session;
        long start = System.nanoTime();
        session.run();
        if (!saver.done) {
            throw new IOException("the master closed the link before sending a snapshot");
        }
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        PrintWriter err = spec.commandLine().getErr();
        // with --functions-only the keys were read from the master's snapshot but not saved
        String keys = functionsOnly ? "no keys (" + count(saver.keys, "key") + " in the snapshot left out)"
            : count(saver.keys, "key");
        err.println(String.format(Locale.ROOT, "replkit: saved %s: %d bytes%s, %s, %s, checksum verified (%.1f s, %.1f MB/s)",
            "-".equals(output) ? "to stdout" : output, saver.written,
            functionsOnly ? " (of a " + saver.received + "-byte snapshot)" : "", keys,
            saver.functions == 1 ? "1 function library" : saver.functions + " function libraries", secs,
            saver.received / secs / 1e6));
        err.flush();
        return ExitCode.OK;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private final class Saver implements ReplicationListener {
        private final PrintWriter err;
        ReplicationSession session;
        boolean done;
        long received;
        long written;
        long keys;
        long functions;

        Saver(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onFullResync(ReplicationId replid, long offset, String reason, RdbTransfer snapshot) throws IOException {
            if ("-".equals(output)) {
                OutputStream os = StdoutData.open(spec, parent.stdout());
                save(snapshot, os);
                os.flush();
            } else {
                try (AtomicFileOutput file = AtomicFileOutput.create(Path.of(output))) {
                    save(snapshot, file.stream());
                    file.commit();
                }
            }
            done = true;
            session.stop();
        }

        @Override
        public void onCommand(byte[][] args, long endOffset) {
            session.stop(); // the snapshot is all a dump wants
        }

        private void save(RdbTransfer snapshot, OutputStream out) throws IOException {
            CountingOutputStream counted = new CountingOutputStream(out);
            try (Progress progress = Progress.transfer("dump", snapshot.declaredLength(), !noProgress)) {
                InputStream in = functionsOnly ? snapshot.rdb() : new TeeInputStream(snapshot.rdb(), counted);
                FunctionsOnlyRdb filtered = functionsOnly ? new FunctionsOnlyRdb(counted) : null;
                RdbReader reader = new RdbReader(in);
                for (RdbRecord rec; (rec = reader.next()) != null; ) {
                    if (rec instanceof KeyEntry) {
                        keys++;
                        if ((keys & 1023) == 0) {
                            progress.update(snapshot.bytesReceived());
                        }
                    } else if (rec instanceof FunctionLibrary f) {
                        functions++;
                        if (filtered != null) {
                            filtered.function(f);
                        }
                    } else if (filtered != null && rec instanceof RdbHeader h) {
                        filtered.header(h);
                    } else if (filtered != null && rec instanceof AuxField a) {
                        filtered.aux(a);
                    }
                }
                if (filtered != null) {
                    filtered.end();
                }
                while (in.read() >= 0) {
                    // copy anything after the RDB's end through the tee (nothing, for a well-formed payload)
                }
                progress.update(snapshot.bytesReceived());
            }
            received = snapshot.bytesReceived();
            written = counted.count;
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
