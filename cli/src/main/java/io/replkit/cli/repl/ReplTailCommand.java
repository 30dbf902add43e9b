package io.replkit.cli.repl;

import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.HelpOption;
import io.replkit.cli.options.MasterConnectionOptions;
import io.replkit.cli.output.AtomicFileOutput;
import io.replkit.cli.output.KeyJsonWriter;
import io.replkit.cli.output.StdoutData;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.RdbTransfer;
import io.replkit.protocol.repl.ReplicationId;
import io.replkit.protocol.repl.ReplicationListener;
import io.replkit.protocol.repl.ReplicationOffset;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.filter.GlobPattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit repl-tail --master URI}: connects as a replica and prints the replication stream. */
@Command(name = "repl-tail",
    sortOptions = false,
    description = {
        "Connect to a master as a replica and print what it replicates, one command per line.",
        "Offsets are the master's replication offsets (master_repl_offset) at the end of each command.",
        "Status messages (connected, full resync, continue, reconnecting) go to stderr."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit repl-tail --master redis://127.0.0.1:6379                  # quoted like redis-cli",
        "  replkit repl-tail --master redis://:secret@db1:6379 --format jsonl  # offset, db, time, command",
        "  replkit repl-tail -h db1 -p 6379 --command set --command del --match 'user:*'",
        "  replkit repl-tail --master redis://db1 --format resp > stream.resp    # replay: redis-cli --pipe < stream.resp",
        "  replkit repl-tail --master redis://db1 --snapshot dump.rdb --follow   # save the snapshot, then follow forever",
        "  replkit repl-tail --master redis://db1 --checkpoint tail.ckpt         # resumes where the last run stopped",
        "  replkit repl-tail --master redis://db1 --from 8de9e3d6b7f1c1a7c1d5bb0e6f0e4c4b1c0d8e11:123456 --count 10"
    })
public final class ReplTailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Mixin
    HelpOption help;

    @Mixin
    MasterConnectionOptions master;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (quoted like redis-cli), jsonl ({\"offset\",\"db\",\"time\",\"command\"}) or resp (replayable RESP) (default: ${DEFAULT-VALUE}).")
    TailFormat format;

    @Option(names = "--snapshot", paramLabel = "skip|inspect|FILE", defaultValue = "skip",
        description = "What to do with the snapshot of a full resync: skip it (it is still checksum-verified), inspect "
            + "(print its keys as JSON lines, like rdb-inspect --values --format jsonl), or save it to FILE (default: ${DEFAULT-VALUE}).")
    String snapshot;

    @Option(names = "--from", paramLabel = "REPLID:OFFSET",
        description = "Start with a partial resync after this offset (PSYNC REPLID OFFSET+1); the master falls back to a full resync when it cannot.")
    String from;

    @Option(names = "--checkpoint", paramLabel = "FILE",
        description = "Record the replication id and offset reached in FILE (at most every second and at exit), and resume from it when it exists.")
    Path checkpoint;

    @Option(names = "--db", paramLabel = "N", description = "Only commands applied to this database (repeatable).")
    List<Integer> dbs;

    @Option(names = "--command", paramLabel = "NAME", description = "Only these commands, case-insensitive (repeatable or comma-separated).")
    List<String> commands;

    @Option(names = "--match", paramLabel = "GLOB",
        description = "Only commands with a key matching this glob (keys: the first argument of most commands, all of DEL/UNLINK/EXISTS, the keys of MSET ...).")
    String match;

    @Option(names = "--count", paramLabel = "N", description = "Stop after printing N commands.")
    Long count;

    @Option(names = "--until-offset", paramLabel = "N",
        description = "Stop once the stream reached offset N: after the command ending at or beyond it, or right after the resync "
            + "when the stream starts there already (--until-offset 0 with --snapshot: only the snapshot).")
    Long untilOffset;

    @Option(names = "--follow", description = "Reconnect forever when the link is lost (default: give up after --retries attempts).")
    boolean follow;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "10",
        description = "Reconnect attempts after a lost link before giving up, exit code 1 (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-delay", paramLabel = "MS", defaultValue = "100",
        description = "Milliseconds before the first reconnect; doubles with each failed attempt up to 10 s (default: ${DEFAULT-VALUE}).")
    long retryDelayMs;

    @Option(names = "--repl-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Consider the master gone after this long without data (Redis's repl-timeout; the master pings every 10 s) (default: ${DEFAULT-VALUE}).")
    long replTimeoutSeconds;

    private volatile ReplicationSession running;

    @Override
    public Integer call() throws IOException {
        validate();
        ConnectionSettings conn = master.settings();
        SessionSettings settings = SessionSettings.defaults()
            .withReplTimeout(Duration.ofSeconds(replTimeoutSeconds))
            .withRetries(retries, follow)
            .withBackoff(Duration.ofMillis(retryDelayMs), Duration.ofSeconds(10));
        if (checkpoint != null) {
            AtomicFileOutput.requireWritable(checkpoint); // not a warning once a second while the tail goes on
        }
        Checkpoint resume = startingPoint();
        if (snapshotFile() != null) {
            AtomicFileOutput.requireWritable(snapshotFile()); // before the master forks for a snapshot
        }
        if (resume != null) {
            settings = settings.withStartFrom(resume.position());
        }
        OutputStream os = StdoutData.open(spec, parent.stdout());
        Tail tail = new Tail(new CommandPrinter(format, os, StdoutData.JSON),
            new CommandFilter(dbs, commands, match), spec.commandLine().getErr());
        ReplicationSession session = new ReplicationSession(() -> ConnectionLink.open(conn), settings, tail);
        tail.session = session;
        running = session;
        if (resume != null) {
            session.assumeDb(resume.db());
            tail.replid = resume.position().replid();
            tail.lastOffset = resume.position().offset();
        }
        Thread hook = new Thread(() -> tail.finishFromHook(), "replkit-repl-tail-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            session.run();
        } finally {
            tail.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        return ExitCode.OK;
    }

    /**
     * Ends a running tail from another thread as if the link closed: output is flushed and the
     * checkpoint written, and {@link #call()} returns 0. (What Ctrl-C does, without exiting the JVM.)
     */
    public void stop() {
        ReplicationSession s = running;
        if (s != null) {
            s.stopNow();
        }
    }

    private void validate() {
        if (count != null && count < 1) {
            throw new UsageException("--count takes a positive number");
        }
        if (retries < 0 || retryDelayMs < 0 || replTimeoutSeconds < 1) {
            throw new UsageException("--retries and --retry-delay must not be negative, --repl-timeout must be positive");
        }
        if (match != null) {
            new GlobPattern(match);
        }
    }

    /** --from, else the checkpoint file when it exists, else null (a full sync). */
    private Checkpoint startingPoint() throws IOException {
        if (from != null) {
            try {
                return new Checkpoint(ReplicationOffset.parse(from), -1);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--from: " + e.getMessage());
            }
        }
        return checkpoint == null ? null : Checkpoint.read(checkpoint);
    }

    private Path snapshotFile() {
        return switch (snapshot) {
            case "skip", "inspect" -> null;
            default -> Path.of(snapshot);
        };
    }

    /** The session's listener: filters, prints, flushes, checkpoints. */
    private final class Tail implements ReplicationListener {
        private final CommandPrinter printer;
        private final CommandFilter filter;
        private final PrintWriter err;
        private final KeyJsonWriter keyWriter = new KeyJsonWriter();
        /** Held while output and position change together, so the exit hook sees them agree. */
        private final ReentrantLock lock = new ReentrantLock();
        ReplicationSession session;
        volatile ReplicationId replid;
        volatile long lastOffset = -1;
        private long printed;
        private long lastCheckpointNanos = System.nanoTime();
        private boolean finished;

        Tail(CommandPrinter printer, CommandFilter filter, PrintWriter err) {
            this.printer = printer;
            this.filter = filter;
            this.err = err;
        }

        private String address;

        @Override
        public void onConnected(String address) {
            this.address = address; // said with the resync, so that a failed handshake prints one line only
        }

        @Override
        public void onFullResync(ReplicationId id, long offset, String reason, RdbTransfer transfer) throws IOException {
            status((reason == null ? "full resync" : "full resync (" + reason + ")") + ": replid " + id + " offset " + offset
                + " from " + address
                + ", snapshot " + (transfer.isDiskless() ? "diskless" : transfer.declaredLength() + " bytes"));
            long keys = readSnapshot(transfer);
            lock.lock();
            try {
                replid = id;
                lastOffset = offset;
            } finally {
                lock.unlock();
            }
            status("snapshot verified: " + transfer.bytesReceived() + " bytes, " + keys + " keys");
            stopIfPast(offset);
        }

        private long readSnapshot(RdbTransfer transfer) throws IOException {
            Path file = snapshotFile();
            boolean inspect = snapshot.equals("inspect");
            if (file == null) {
                return readRdb(transfer.rdb(), inspect);
            }
            try (AtomicFileOutput out = AtomicFileOutput.create(file)) {
                long keys = readRdb(new TeeInputStream(transfer.rdb(), out.stream()), false);
                out.commit();
                status("snapshot saved to " + file);
                return keys;
            }
        }

        private long readRdb(InputStream in, boolean inspect) throws IOException {
            long keys = 0;
            RdbReader reader = new RdbReader(in);
            for (RdbRecord rec; (rec = reader.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    keys++;
                    if (inspect && filter.acceptsKey(k.db(), k.key())) {
                        printer.printKey(k, keyWriter);
                    }
                }
            }
            while (in.read() >= 0) {
                // the tee copies anything after the RDB's end (nothing, for a well-formed payload)
            }
            if (inspect) {
                printer.flush();
            }
            return keys;
        }

        @Override
        public void onContinue(ReplicationId id, long offset) {
            replid = id;
            status("continuing at offset " + offset + " (replid " + id + ") from " + address);
            stopIfPast(offset);
        }

        /** --until-offset already reached when the stream starts (e.g. 0: only the snapshot). */
        private void stopIfPast(long offset) {
            if (untilOffset != null && offset >= untilOffset) {
                session.stop();
            }
        }

        @Override
        public void onCommand(byte[][] args, long endOffset) throws IOException {
            lock.lock();
            try {
                int db = session.currentDb();
                if (printer.prints(args) && filter.accepts(args, db)) {
                    printer.print(args, endOffset, db, System.currentTimeMillis());
                    printed++;
                }
                lastOffset = endOffset;
            } finally {
                lock.unlock();
            }
            if ((count != null && printed >= count) || (untilOffset != null && endOffset >= untilOffset)) {
                session.stop();
            }
        }

        @Override
        public void onIdle() throws IOException {
            lock.lock();
            try {
                printer.flush();
                if (checkpoint != null && System.nanoTime() - lastCheckpointNanos >= TimeUnit.SECONDS.toNanos(1)) {
                    writeCheckpoint();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onReconnecting(int attempt, Duration delay, IOException cause) {
            status("link lost (" + cause.getMessage() + "); reconnecting in " + delay.toMillis() + " ms (attempt "
                + attempt + (follow ? "" : " of " + retries) + ")");
        }

        private void writeCheckpoint() throws IOException {
            if (replid != null && lastOffset >= 0) {
                new Checkpoint(new ReplicationOffset(replid, lastOffset), session.currentDb()).write(checkpoint);
                lastCheckpointNanos = System.nanoTime();
            }
        }

        /** At the end of run(): flush and write the final checkpoint. */
        void finish() throws IOException {
            lock.lock();
            try {
                if (finished) {
                    return;
                }
                finished = true;
                printer.flush();
                if (checkpoint != null) {
                    writeCheckpoint();
                }
            } finally {
                lock.unlock();
            }
        }

        /** On Ctrl-C / SIGTERM: the same, unless the main thread is stuck writing (then as far as it got). */
        void finishFromHook() {
            try {
                if (lock.tryLock(2, TimeUnit.SECONDS)) {
                    try {
                        finish();
                    } finally {
                        lock.unlock();
                    }
                }
                session.stopNow();
            } catch (IOException | InterruptedException e) {
                // exiting anyway; stdout may be closed
            }
        }

        private void status(String message) {
            err.println("replkit: " + message);
            err.flush();
        }
    }
}
