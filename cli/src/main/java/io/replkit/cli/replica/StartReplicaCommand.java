package io.replkit.cli.replica;

import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.ReplicationId;
import io.replkit.protocol.repl.ReplicationOffset;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.protocol.resp.RespValue;
import io.replkit.rdb.RdbReader;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.chain.OutputLimit;
import io.replkit.replica.chain.Relay;
import io.replkit.replica.chain.SnapshotSource;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.load.SnapshotLoader;
import io.replkit.replica.server.ReplicaServer;
import io.replkit.replica.server.ReplicationState;
import io.replkit.replica.server.ServedDataset;
import io.replkit.replica.server.ServerOptions;
import io.replkit.replica.snapshot.Persistence;
import io.replkit.replica.snapshot.Snapshotter;
import io.replkit.replica.sync.ReplicaLink;
import io.replkit.replica.sync.UnknownCommandPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code replkit start-replica --master URI}: an in-memory replica of a master, serving reads over
 * RESP on its own port.
 */
@Command(name = "start-replica",
    sortOptions = false,
    description = {
        "Run an in-memory replica of a Redis master: full sync (the snapshot streams straight into memory), then every "
            + "command of the replication stream, acknowledged as applied; reconnects with a partial resync.",
        "Serves reads over RESP2/RESP3 on --port (redis-cli works); writes get -READONLY. Logs go to stderr.",
        "Replicas of its own (Redis doing REPLICAOF to --port, or another replkit) get a snapshot, then the master's "
            + "exact stream with its replication id and offsets, so they can later switch to the master with a partial resync.",
        "The master is --master URI plus --user, -a, --tls, --cacert, --cert, --key, --insecure, --sni; -h/-p of other "
            + "commands do not apply here (--port is the replica's own port)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit start-replica --master redis://127.0.0.1:6379                 # serves on 127.0.0.1:6380",
        "  replkit start-replica --master redis://:secret@db1:6379 --port 7000 --bind 0.0.0.0",
        "  replkit start-replica --master rediss://db1:6380 --cacert ca.pem --on-unknown-command skip",
        "  REDISCLI_AUTH=secret replkit start-replica --master redis://db1:6379 --user replicator",
        "  redis-cli -p 6380 info replication                                   # link status and offset",
        "  redis-cli -p 6380 debug digest                                       # compare with the master's",
        "  replkit start-replica --master redis://db1:6379 --backlog-size 64mb  # then: redis-cli -p 6381 replicaof 127.0.0.1 6380",
        "  replkit start-replica --master redis://db1:6379 --save /var/lib/replkit/dump.rdb --save-interval 300",
        "  replkit start-replica --master redis://db1:6379 --load dump.rdb --save dump.rdb   # resumes with PSYNC",
        "  REPLKIT_REQUIREPASS=s3cret replkit start-replica --master redis://db1:6379 --bind 0.0.0.0 --acl-user app:pw",
        "  redis-cli -p 6380 subscribe news                                     # the master's PUBLISH news ..."
    })
public final class StartReplicaCommand implements Callable<Integer> {

    @ParentCommand
    ReplkitCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    MasterOptions masterOptions = new MasterOptions();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6380",
        description = "Port to serve reads on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = ServerOptions.DEFAULT_BIND,
        description = "Address to listen on (default: ${DEFAULT-VALUE}; with 0.0.0.0 set --requirepass, or protected "
            + "mode refuses remote clients).")
    String bind;

    @Mixin
    ServingOptions serving = new ServingOptions();

    @Option(names = "--on-unknown-command", paramLabel = "stop|skip", defaultValue = "stop",
        description = "A command the replica cannot apply (e.g. from a module) is logged once by name and offset and "
            + "counted in INFO; stop ends the replica (exit 1), skip goes on (default: ${DEFAULT-VALUE}).")
    String onUnknown;

    @Option(names = "--repl-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Redis's repl-timeout, both ways: the master is considered gone after this long without data, and a "
            + "replica of ours that sends no REPLCONF ACK for this long is disconnected (default: ${DEFAULT-VALUE}).")
    long replTimeoutSeconds;

    @Option(names = "--retry-delay", paramLabel = "MS", defaultValue = "100",
        description = "Milliseconds before the first reconnect; doubles with each failed attempt up to 10 s (default: ${DEFAULT-VALUE}).")
    long retryDelayMs;

    @Mixin
    ChainOptions chainOptions = new ChainOptions();

    // ---- snapshots: --save, --save-interval, --load
    @Option(names = "--save", paramLabel = "FILE",
        description = "Where SAVE, BGSAVE, --save-interval and the final snapshot (on SIGTERM, SIGINT and SHUTDOWN) write "
            + "the dataset as an RDB file in the master's format, with its repl-id and repl-offset (temp file, fsync, rename).")
    Path saveFile;

    @Option(names = "--save-interval", paramLabel = "SECONDS", defaultValue = "0",
        description = "Take a background snapshot every SECONDS when something changed; 0 is off (default: ${DEFAULT-VALUE}; needs --save).")
    long saveIntervalSeconds;

    @Option(names = "--load", paramLabel = "FILE",
        description = "Start from a snapshot (one --save wrote, or any RDB): serve it at once, then continue with "
            + "PSYNC <repl-id> <repl-offset+1> when it has those aux fields (else, or when the master refuses, a full sync).")
    Path loadFile;

    private volatile ReplicationSession session;
    private volatile boolean shutdownCommand;

    @Override
    public Integer call() throws IOException {
        UnknownCommandPolicy policy = switch (onUnknown.toLowerCase(Locale.ROOT)) {
            case "stop" -> UnknownCommandPolicy.STOP;
            case "skip" -> UnknownCommandPolicy.SKIP;
            default -> throw new UsageException("--on-unknown-command must be stop or skip, not '" + onUnknown + "'");
        };
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, not " + port);
        }
        if (replTimeoutSeconds < 1) {
            throw new UsageException("--repl-timeout must be a positive number of seconds, not " + replTimeoutSeconds);
        }
        long backlogBytes = chainOptions.backlogBytes();
        Duration disklessSyncDelay = chainOptions.disklessSyncDelay();
        checkSnapshotOptions();
        ServerOptions serverOptions = serving.serverOptions(bind, port);
        ConnectionSettings conn = masterOptions.settings().withReadTimeout(Duration.ofSeconds(60));
        PrintStream err = System.err;
        MasterFacts facts = MasterFacts.ask(conn);
        log(err, "master " + conn.uri() + " is Redis " + facts.version + " with " + facts.databases + " databases");
        Loaded loaded = loadFile == null ? null : load(facts, err);

        ReplicationState state = new ReplicationState();
        state.master(conn.uri().host(), conn.uri().port());
        state.masterVersion(facts.major, facts.minor);
        ServedDataset served = new ServedDataset(loaded == null ? new Dataset(facts.databases) : loaded.dataset());
        Relay relay = new Relay(backlogBytes, OutputLimit.REDIS_DEFAULT, line -> log(err, line));
        relay.replTimeout(Duration.ofSeconds(replTimeoutSeconds)); // one setting both ways, as in Redis
        relay.disklessSyncDelay(disklessSyncDelay);
        ReplicaServer server = ReplicaServer.start(served, state, serverOptions, line -> log(err, line), relay);
        log(err, "serving reads on " + bind + ":" + server.port());
        ReplicaLink link = new ReplicaLink(served, state, facts.applierOptions(), facts.databases, policy,
                line -> log(err, line)).relayTo(relay);
        link.deliverPublishesTo(server.publishListener());
        // one snapshotter for downstream full syncs and for SAVE/BGSAVE/--save
        Snapshotter snapshotter = new Snapshotter(link::applier);
        relay.snapshots(SnapshotSource.of(snapshotter, SnapshotSource.targetFor(facts.major, facts.minor)));
        SessionSettings settings = SessionSettings.defaults()
                .withListeningPort(server.port())
                .withReplTimeout(Duration.ofSeconds(replTimeoutSeconds))
                .withRetries(0, true)
                .withBackoff(Duration.ofMillis(retryDelayMs), Duration.ofSeconds(10));
        if (loaded != null && loaded.position() != null) {
            link.startFrom(loaded.dataset(), loaded.position().replid().toString(), loaded.position().offset(),
                loaded.streamDb());
            settings = settings.withStartFrom(loaded.position());
        }
        ReplicationSession s = new ReplicationSession(() -> ConnectionLink.open(conn), settings, link);
        if (loaded != null && loaded.position() != null) {
            s.assumeDb(loaded.streamDb());
        }
        session = s;
        Persistence persistence = new Persistence(snapshotter, saveFile, SnapshotSource.targetFor(facts.major, facts.minor),
                line -> log(err, line));
        persistence.onShutdown(() -> {
            shutdownCommand = true;
            s.stopNow();
        });
        server.persistence(persistence);
        persistence.savePeriodically(saveIntervalSeconds);
        Thread hook = new Thread(() -> {
            s.stopNow();
            if (saveFile != null && !shutdownCommand) {
                finalSave(persistence, err);
            }
            server.close();
        }, "replkit-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            s.run();
        } catch (IOException e) {
            if (link.stoppedForUnknown()) {
                log(err, "stopped: " + e.getMessage());
                return 1;
            }
            throw e;
        } finally {
            persistence.close();
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes everything
            }
        }
        return 0;
    }

    private void checkSnapshotOptions() {
        if (saveIntervalSeconds < 0) {
            throw new UsageException("--save-interval must be 0 (off) or a number of seconds, not " + saveIntervalSeconds);
        }
        if (saveIntervalSeconds > 0 && saveFile == null) {
            throw new UsageException("--save-interval needs --save FILE");
        }
        if (saveFile != null) {
            Path dir = saveFile.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--save " + saveFile + ": directory " + dir + " does not exist");
            }
            if (Files.isDirectory(saveFile)) {
                throw new UsageException("--save " + saveFile + " is a directory; give a file name");
            }
        }
        if (loadFile != null && !Files.isRegularFile(loadFile)) {
            throw new UsageException("--load " + loadFile + ": no such file");
        }
    }

    /** A snapshot read from --load, with the stream position to continue from (null when it has none). */
    private record Loaded(Dataset dataset, ReplicationOffset position, int streamDb) {
    }

    private Loaded load(MasterFacts facts, PrintStream err) throws IOException {
        long started = System.nanoTime();
        Dataset dataset = new Dataset(facts.databases);
        SnapshotLoader l;
        try (RdbReader reader = RdbReader.open(loadFile)) {
            l = SnapshotLoader.load(reader, dataset, facts.applierOptions().encodings());
        } catch (IOException e) {
            throw new IOException("cannot load " + loadFile + ": " + e.getMessage(), e);
        }
        String took = (System.nanoTime() - started) / 1_000_000 + " ms";
        ReplicationOffset position = null;
        if (l.replId() != null && ReplicationId.isValid(l.replId()) && l.replOffset() >= 0) {
            position = new ReplicationOffset(ReplicationId.parse(l.replId()), l.replOffset());
            log(err, "loaded " + l.keysLoaded() + " keys from " + loadFile + " in " + took + " at offset "
                + l.replOffset() + " of " + l.replId() + "; continuing with PSYNC " + l.replId() + " "
                + position.psyncOffset());
        } else {
            log(err, "loaded " + l.keysLoaded() + " keys from " + loadFile + " in " + took
                + "; it has no repl-id/repl-offset, so a full sync follows");
        }
        return new Loaded(dataset, position, Math.max(0, l.replStreamDb()));
    }

    /** The final snapshot of SIGTERM/SIGINT: the session is stopped, so it holds the last command applied. */
    private static void finalSave(Persistence persistence, PrintStream err) {
        try {
            persistence.awaitIdle(60_000);
            persistence.save();
        } catch (IOException | RuntimeException e) {
            log(err, "final snapshot failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the session (for tests running the command in-process). */
    public void stop() {
        ReplicationSession s = session;
        if (s != null) {
            s.stopNow();
        }
    }

    private static void log(PrintStream err, String line) {
        err.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS")) + " " + line);
    }

    /** What the replica must know of its master before applying anything: version and settings. */
    private record MasterFacts(String version, int major, int minor, int patch, int databases, int hllSparseMaxBytes,
            int zsetMaxEntries, int zsetMaxValue) {
        static MasterFacts ask(ConnectionSettings conn) throws IOException {
            try (RedisConnection c = RedisConnection.open(conn)) {
                String info = c.callOrThrow("INFO", "server").asString();
                String version = "7.0.0";
                for (String line : info.split("\r\n")) {
                    if (line.startsWith("redis_version:")) {
                        version = line.substring("redis_version:".length()).trim();
                    }
                }
                String[] parts = version.split("\\.");
                int major = versionPart(parts, 0);
                int minor = versionPart(parts, 1);
                int patch = versionPart(parts, 2);
                int databases = configInt(c, "databases", 16);
                int hll = configInt(c, "hll-sparse-max-bytes", 3000);
                // 6.2 knows only the ziplist names; 7.0+ answers both
                int zsetEntries = configInt(c, "zset-max-ziplist-entries", 128);
                int zsetValue = configInt(c, "zset-max-ziplist-value", 64);
                return new MasterFacts(version, major, minor, patch, databases, hll, zsetEntries, zsetValue);
            } catch (io.replkit.protocol.client.RedisErrorException e) {
                throw new IOException("master " + conn.uri() + " refused INFO: " + e.getMessage(), e);
            }
        }

        /** The leading digits of a dotted version's part (0 when absent: "7.2" or "7.2-rc1"). */
        private static int versionPart(String[] parts, int i) {
            String digits = i < parts.length ? parts[i].replaceFirst("\\D.*", "") : "";
            return digits.isEmpty() ? 0 : Integer.parseInt(digits);
        }

        /** CONFIG GET name, or the default when CONFIG is renamed or refused. */
        private static int configInt(RedisConnection c, String name, int dflt) throws IOException {
            RespValue v = c.call("CONFIG", "GET", name);
            if (v.isError()) {
                return dflt;
            }
            List<RespValue> items = v instanceof RespValue.MapValue m
                    ? m.entries().stream().map(RespValue.Entry::value).toList() : v.asList();
            if (items.isEmpty()) {
                return dflt;
            }
            return Integer.parseInt(items.get(items.size() - 1).asString());
        }

        /** The RDB format of the master's version (the newest this writer knows for a newer master). */
        ApplierOptions applierOptions() {
            ApplierOptions base = ApplierOptions.forVersion(major, minor, patch);
            return new ApplierOptions(hllSparseMaxBytes, base.encodings().withZsetLimits(zsetMaxEntries, zsetMaxValue),
                    base.claimDropsDeletedEntries());
        }
    }
}
