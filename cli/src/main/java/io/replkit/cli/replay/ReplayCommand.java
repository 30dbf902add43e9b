package io.replkit.cli.replay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.cli.ExitCode;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.ConnectionOptions;
import io.replkit.cli.options.FilterOptions;
import io.replkit.cli.options.HelpOption;
import io.replkit.cli.options.InputFiles;
import io.replkit.cli.output.AtomicFileOutput;
import io.replkit.cli.rdbfile.DbRenames;
import io.replkit.cli.repl.Checkpoint;
import io.replkit.cli.repl.CommandFilter;
import io.replkit.cli.terminal.StatusLine;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.RdbTransfer;
import io.replkit.protocol.repl.ReplicationId;
import io.replkit.protocol.repl.ReplicationInfo;
import io.replkit.protocol.repl.ReplicationListener;
import io.replkit.protocol.repl.ReplicationOffset;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.protocol.resp.CommandDecoder;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.filter.KeyFilter;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replkit replay SOURCE --to URI}: writes an RDB file, a recorded stream or a live master into a server. */
@Command(name = "replay",
    sortOptions = false,
    description = {
        "Write a dataset into a target server: an RDB file, a stream recorded by 'repl-tail --format resp'",
        "(after --snapshot FILE if given), or a live master (--master: full sync, then its stream, for as long",
        "as it runs). Keys go as RESTORE ... REPLACE ABSTTL with payloads for the target's own RDB version,",
        "or as ordinary commands where RESTORE cannot serve; stream commands go as they are. Requests are",
        "pipelined with a bounded window and every reply is checked. Connection options (-h, -p, -a, --tls ...)",
        "describe the target; see 'Connecting' in the README."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit replay dump.rdb --to redis://10.0.0.2:6379                   # every key, RESTORE ... REPLACE",
        "  replkit replay dump.rdb -h 10.0.0.2 -a secret --db 0 --match 'user:*' --rename-db 0:3",
        "  replkit replay dump.rdb --to redis://target --mode commands --on-error log",
        "  replkit replay stream.resp --snapshot dump.rdb --to redis://target     # a snapshot, then a recording",
        "  replkit replay --master redis://old:6379 --to redis://new:6379 --checkpoint migrate.ckpt",
        "",
        "With --checkpoint, a replay that is stopped (Ctrl-C) or fails and is started again with the same",
        "file continues from the last offset the target confirmed, with a partial resync.",
        "",
        "Exit codes: 0 done, 1 a failure or a refused command with --on-error stop, 2 usage."
    })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
        description = "An RDB file, or a RESP recording of a replication stream (repl-tail --format resp). Not with --master.")
    Path source;

    @Option(names = "--to", paramLabel = "URI",
        description = "The target server: redis://[[user]:password@]host[:port][/db] or rediss:// (or -h/-p ...).")
    String to;

    @Option(names = "--master", paramLabel = "URI",
        description = "Replicate from this master (its URI carries its credentials): full sync, then the stream until stopped.")
    String master;

    @Option(names = "--snapshot", paramLabel = "FILE", description = "With a recording as SOURCE: load this RDB file first.")
    Path snapshot;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "restore",
        description = "restore (RESTORE payloads, commands only where needed) or commands (RPUSH/SADD/ZADD/HSET/XADD ... always) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--max-restore-bytes", paramLabel = "N", defaultValue = "67108864",
        description = "Values whose payload is larger go as batches of commands (default: ${DEFAULT-VALUE}; never above the target's proto-max-bulk-len).")
    long maxRestoreBytes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "512",
        description = "Elements per command when a value is written as commands (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--keep-idle-freq", description = "Send each key's LRU idle time or LFU counter (RESTORE ... IDLETIME s / FREQ n).")
    boolean keepIdleFreq;

    @Option(names = "--target-rdb-version", paramLabel = "N",
        description = "Encode payloads for this RDB version instead of the one the target's INFO implies.")
    Integer targetRdbVersion;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "1000",
        description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = "--on-error", paramLabel = "stop|skip|log", defaultValue = "stop",
        description = "When the target refuses a command: stop (exit 1, naming the key and the error), skip, or log it and go on (default: ${DEFAULT-VALUE}).")
    OnError onError;

    @Option(names = "--rename-db", paramLabel = "FROM:TO", description = "Write the keys and commands of database FROM to database TO (repeatable).")
    List<String> renames;

    @Option(names = "--flushall", description = "Empty the target (FLUSHALL) before writing a snapshot.")
    boolean flushall;

    @Mixin
    FilterOptions filters;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--checkpoint", paramLabel = "FILE",
        description = "With --master: keep the replication id and the offset the target has confirmed in FILE; continue from it when it exists.")
    Path checkpoint;

    @Option(names = "--follow", description = "With --master: reconnect forever when the link is lost (default: give up after --retries attempts).")
    boolean follow;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "10",
        description = "With --master: reconnect attempts after a lost link before giving up (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--repl-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "With --master: consider the master gone after this long without data (default: ${DEFAULT-VALUE}).")
    long replTimeoutSeconds;

    @Option(names = "--no-progress", description = "Never draw the status line (it is drawn only on a terminal anyway).")
    boolean noProgress;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ReplicationSession running;
    private volatile boolean stopRequested;

    @Override
    public Integer call() throws Exception {
        validate();
        if (checkpoint != null) {
            AtomicFileOutput.requireWritable(checkpoint); // before any connection, not when the first write fails
        }
        KeyFilter keyFilter = filters.toFilter();
        DbRenames rename = new DbRenames(renames);
        ConnectionSettings targetSettings = connection.settings(to);
        if (targetSettings.readTimeout().compareTo(Duration.ofSeconds(60)) < 0 && !targetSettings.readTimeout().isZero()) {
            targetSettings = targetSettings.withReadTimeout(Duration.ofSeconds(60)); // a big RESTORE may take a while
        }
        PrintWriter err = spec.commandLine().getErr();
        try (RedisConnection target = RedisConnection.open(targetSettings);
             StatusLine status = StatusLine.open(!noProgress)) {
            TargetServer server = TargetServer.probe(target, targetRdbVersion);
            TargetWriter writer = new TargetWriter(target, pipeline, onError, err, targetSettings.uri().db());
            SnapshotLoader.Settings ls = new SnapshotLoader.Settings();
            ls.commandsOnly = mode.equals("commands");
            ls.maxRestoreBytes = maxRestoreBytes;
            ls.keepIdleAndFreq = keepIdleFreq;
            ls.batchElements = batch;
            SnapshotLoader loader = new SnapshotLoader(writer, server, ls, keyFilter, rename, err);
            StreamApplier applier = new StreamApplier(writer, new CommandFilter(filters.databases(), null, matchGlob()), rename);
            Figures figures = new Figures(loader, writer, applier, status);
            if (master != null) {
                return live(writer, loader, applier, figures, err);
            }
            // Ctrl-C (or SIGTERM) of a file replay: say how far it got before the JVM exits
            Thread hook = new Thread(() -> {
                status.clear();
                err.println(String.format(Locale.ROOT, "replkit: interrupted at %.1f MB read; %,d requests not answered yet",
                    figures.bytesRead() / 1e6, writer.unanswered()));
                figures.summary(err);
            }, "replkit-replay-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (isRdb(source)) {
                    loadFile(source, writer, loader, figures);
                } else {
                    if (snapshot != null) {
                        loadFile(snapshot, writer, loader, figures);
                    }
                    replayRecording(source, applier, writer, figures);
                }
                writer.drain();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it prints the summary
                }
            }
            status.clear();
            figures.summary(err);
            return ExitCode.OK;
        } finally {
            finished.countDown();
        }
    }

    private void validate() throws IOException {
        if (!mode.equals("restore") && !mode.equals("commands")) {
            throw new UsageException("--mode takes restore or commands, not '" + mode + "'");
        }
        if ((source == null) == (master == null)) {
            throw new UsageException(source == null ? "give a SOURCE file or --master URI" : "give either a SOURCE file or --master, not both");
        }
        if (snapshot != null && master != null) {
            throw new UsageException("--snapshot goes with a recorded stream as SOURCE, not with --master");
        }
        if (master == null && (checkpoint != null || follow)) {
            throw new UsageException("--checkpoint and --follow need --master");
        }
        if (pipeline < 1 || batch < 1 || maxRestoreBytes < 1 || retries < 0 || replTimeoutSeconds < 1) {
            throw new UsageException("--pipeline, --batch, --max-restore-bytes and --repl-timeout must be positive, --retries not negative");
        }
        if (master != null || (source != null && !isRdb(source))) {
            if (filtersOnlyForKeys()) {
                throw new UsageException("--type and --regex apply to RDB keys only; a stream is filtered by --db and --match");
            }
        }
    }

    private boolean filtersOnlyForKeys() {
        return spec.commandLine().getParseResult().hasMatchedOption("--type")
            || spec.commandLine().getParseResult().hasMatchedOption("--regex");
    }

    private String matchGlob() {
        return spec.commandLine().getParseResult().matchedOptionValue("--match", null);
    }

    /**
     * Whether the file starts with the RDB magic (else it is read as a RESP recording). A missing
     * file fails and a directory is a usage error, as for the rdb-* commands ({@link InputFiles}).
     */
    private static boolean isRdb(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(InputFiles.requireFile(file.toString()))) {
            byte[] head = in.readNBytes(5);
            return head.length == 5 && new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("REDIS");
        }
    }

    private void loadFile(Path file, TargetWriter writer, SnapshotLoader loader, Figures figures) throws IOException {
        if (!isRdb(file)) {
            throw new UsageException(file + " is not an RDB file (no REDIS magic)");
        }
        if (flushall) {
            writer.send(null, ValueCommands.ascii("FLUSHALL"));
        }
        try (CountingInput in = new CountingInput(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             RdbReader reader = new RdbReader(in, Files.size(file), io.replkit.rdb.RdbLimits.DEFAULT)) {
            figures.input = in;
            loader.load(reader, figures::tick);
        }
    }

    private void replayRecording(Path file, StreamApplier applier, TargetWriter writer, Figures figures) throws IOException {
        CommandDecoder decoder = new CommandDecoder();
        ByteBuf buf = Unpooled.buffer(1 << 16);
        try (CountingInput in = new CountingInput(Files.newInputStream(file))) {
            figures.input = in;
            for (;;) {
                byte[][] args;
                while ((args = decoder.decode(buf)) != null) {
                    applier.apply(args, decoder.consumedBytes());
                    figures.tick();
                }
                buf.discardSomeReadBytes();
                buf.ensureWritable(1 << 16);
                if (buf.writeBytes(in, buf.writableBytes()) < 0) {
                    break;
                }
            }
        } catch (io.replkit.protocol.resp.RespProtocolException e) {
            throw new IOException(file + " is not a RESP recording: " + e.getMessage(), e);
        }
        if (buf.isReadable() || decoder.inProgress()) {
            throw new IOException(file + " ends inside a command at offset " + decoder.consumedBytes()
                + ": expected the rest of the command (a truncated recording?)");
        }
    }

    // ------------------------------------------------------------------ live

    private int live(TargetWriter writer, SnapshotLoader loader, StreamApplier applier, Figures figures, PrintWriter err)
            throws IOException {
        ConnectionSettings masterSettings;
        try {
            masterSettings = ConnectionSettings.of(master).withReadTimeout(Duration.ofSeconds(replTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--master: " + e.getMessage());
        }
        SessionSettings settings = SessionSettings.defaults()
            .withReplTimeout(Duration.ofSeconds(replTimeoutSeconds))
            .withRetries(retries, follow);
        Checkpoint resume = checkpoint == null ? null : Checkpoint.read(checkpoint);
        if (resume != null) {
            settings = settings.withStartFrom(resume.position());
            applier.assumeDb(resume.db());
            writer.resetPosition(resume.position().offset());
        }
        Live listener = new Live(writer, loader, applier, figures, err, resume);
        ReplicationSession session = new ReplicationSession(() -> ConnectionLink.open(masterSettings), settings, listener);
        listener.session = session;
        running = session;
        if (stopRequested) {
            session.stopNow();
        }
        MasterLag lag = figures.status.isActive() ? MasterLag.start(masterSettings) : null;
        figures.lag = lag;
        Thread hook = new Thread(this::stopFromHook, "replkit-replay-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            session.run();
        } finally {
            if (lag != null) {
                lag.close();
            }
            listener.finish();
            figures.status.clear();
            figures.summary(err);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        return ExitCode.OK;
    }

    /**
     * Ends a running live replay from another thread as Ctrl-C does: the master link closes, the
     * target's outstanding replies are read and the checkpoint written; {@link #call()} returns 0.
     */
    public void stop() {
        stopRequested = true;
        ReplicationSession s = running;
        if (s != null) {
            s.stopNow();
        }
    }

    private void stopFromHook() {
        stop();
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The session's listener: snapshot through the loader, stream through the applier, checkpoints. */
    private final class Live implements ReplicationListener {
        private final TargetWriter writer;
        private final SnapshotLoader loader;
        private final StreamApplier applier;
        private final Figures figures;
        private final PrintWriter err;
        ReplicationSession session;
        private ReplicationId replid;
        private long lastCheckpointNanos = System.nanoTime();
        private long writtenOffset = -1;
        private String address;

        Live(TargetWriter writer, SnapshotLoader loader, StreamApplier applier, Figures figures, PrintWriter err, Checkpoint resume) {
            this.writer = writer;
            this.loader = loader;
            this.applier = applier;
            this.figures = figures;
            this.err = err;
            if (resume != null) {
                replid = resume.position().replid();
                writtenOffset = resume.position().offset();
            }
        }

        @Override
        public void onConnected(String addr) {
            this.address = addr;
        }

        @Override
        public void onFullResync(ReplicationId id, long offset, String reason, RdbTransfer transfer) throws IOException {
            // until the snapshot is written there is no position to continue from
            replid = null;
            if (checkpoint != null) {
                Files.deleteIfExists(checkpoint);
                writtenOffset = -1;
            }
            status("full resync" + (reason == null ? "" : " (" + reason + ")") + " from " + address + ": replid " + id
                + " offset " + offset + (reason != null && !flushall
                    ? "; keys deleted on the master since the last run stay on the target (use --flushall to empty it first)" : ""));
            writer.drain();
            if (flushall) {
                writer.send(null, ValueCommands.ascii("FLUSHALL"));
            }
            applier.restart();
            long keys;
            try (CountingInput in = new CountingInput(transfer.rdb()); RdbReader reader = new RdbReader(in)) {
                figures.input = in;
                keys = loader.load(reader, figures::tick);
            }
            writer.drain();
            writer.resetPosition(offset);
            replid = id;
            status("snapshot written: " + keys + " keys; following the stream");
            writeCheckpoint();
        }

        @Override
        public void onContinue(ReplicationId id, long offset) {
            replid = id;
            status("continuing at offset " + offset + " (replid " + id + ") from " + address);
        }

        @Override
        public void onCommand(byte[][] args, long endOffset) throws IOException {
            applier.apply(args, endOffset);
            figures.tick();
        }

        @Override
        public void onIdle() throws IOException {
            writer.drain();
            if (checkpoint != null && System.nanoTime() - lastCheckpointNanos >= TimeUnit.SECONDS.toNanos(1)) {
                writeCheckpoint();
            }
            figures.tick();
        }

        @Override
        public void onReconnecting(int attempt, Duration delay, IOException cause) {
            status("link lost (" + cause.getMessage() + "); reconnecting in " + delay.toMillis() + " ms (attempt "
                + attempt + (follow ? "" : " of " + retries) + ")");
        }

        /** At the end: every reply read, the final checkpoint written (even after a failure: it is what the target confirmed). */
        void finish() throws IOException {
            try {
                writer.drain();
            } finally {
                writeCheckpoint();
            }
        }

        private void writeCheckpoint() throws IOException {
            lastCheckpointNanos = System.nanoTime();
            long offset = writer.confirmedOffset();
            if (checkpoint == null || replid == null || offset < 0 || offset == writtenOffset) {
                return;
            }
            new Checkpoint(new ReplicationOffset(replid, offset), writer.confirmedDb()).write(checkpoint);
            writtenOffset = offset;
        }

        private void status(String message) {
            figures.status.clear();
            err.println("replkit: " + message);
            err.flush();
        }
    }

    // ------------------------------------------------------------------ figures

    /** Counts bytes read from a source, for the status line and the summary. */
    static final class CountingInput extends FilterInputStream {
        volatile long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

    /** The master's own offset, sampled once a second on a separate connection, for the lag on the status line. */
    static final class MasterLag implements AutoCloseable {
        private final Thread thread;
        private volatile long masterOffset = -1;
        private volatile boolean closed;

        private MasterLag(ConnectionSettings settings) {
            thread = new Thread(() -> {
                try (RedisConnection c = RedisConnection.open(settings.withReadTimeout(Duration.ofSeconds(5)))) {
                    while (!closed) {
                        masterOffset = ReplicationInfo.parse(c.call("INFO", "replication").asString()).masterReplOffset();
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    masterOffset = -1; // the status line shows no lag then
                }
            }, "replkit-replay-lag");
            thread.setDaemon(true);
        }

        static MasterLag start(ConnectionSettings settings) {
            MasterLag l = new MasterLag(settings);
            l.thread.start();
            return l;
        }

        long masterOffset() {
            return masterOffset;
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
        }
    }

    /** Rates for the status line and the final summary. */
    static final class Figures {
        final SnapshotLoader loader;
        final TargetWriter writer;
        final StreamApplier applier;
        final StatusLine status;
        final long startNanos = System.nanoTime();
        volatile CountingInput input;
        MasterLag lag;

        Figures(SnapshotLoader loader, TargetWriter writer, StreamApplier applier, StatusLine status) {
            this.loader = loader;
            this.writer = writer;
            this.applier = applier;
            this.status = status;
        }

        void tick() {
            status.update(this::line);
        }

        private String line() {
            double s = seconds();
            StringBuilder sb = new StringBuilder("replay: ");
            sb.append(String.format(Locale.ROOT, "%,d keys (%,.0f/s), %,d stream commands (%,.0f/s), %.1f MB read",
                loader.keys(), loader.keys() / s, applier.applied(), applier.applied() / s, bytesRead() / 1e6));
            if (lag != null && lag.masterOffset() >= 0 && writer.confirmedOffset() >= 0) {
                sb.append(String.format(Locale.ROOT, ", lag %,d bytes", Math.max(0, lag.masterOffset() - writer.confirmedOffset())));
            }
            if (writer.refused() > 0) {
                sb.append(String.format(Locale.ROOT, ", %,d refused", writer.refused()));
            }
            return sb.toString();
        }

        private long bytesRead() {
            CountingInput in = input;
            return in == null ? 0 : in.count;
        }

        private double seconds() {
            return Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        }

        void summary(PrintWriter err) {
            double s = seconds();
            err.println(String.format(Locale.ROOT,
                "replkit: replayed %,d keys (%,d as commands, %,d function libraries) and %,d stream commands"
                    + " in %.1f s: %,.0f keys/s, %.1f MB/s of payloads; %,d requests, %,d refused",
                loader.keys(), loader.keysAsCommands(), loader.functions(), applier.applied(), s, loader.keys() / s,
                loader.payloadBytes() / 1e6 / s, writer.commandsSent(), writer.refused()));
            err.flush();
        }
    }
}
