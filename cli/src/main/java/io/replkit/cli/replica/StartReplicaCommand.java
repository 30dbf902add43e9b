package io.replkit.cli.replica;

import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.protocol.resp.RespValue;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.server.ReplicaServer;
import io.replkit.replica.server.ReplicationState;
import io.replkit.replica.server.ServedDataset;
import io.replkit.replica.server.ServerOptions;
import io.replkit.replica.sync.ReplicaLink;
import io.replkit.replica.sync.UnknownCommandPolicy;
import java.io.IOException;
import java.io.PrintStream;
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
        description = "Consider the master gone after this long without data (Redis's repl-timeout) (default: ${DEFAULT-VALUE}).")
    long replTimeoutSeconds;

    @Option(names = "--retry-delay", paramLabel = "MS", defaultValue = "100",
        description = "Milliseconds before the first reconnect; doubles with each failed attempt up to 10 s (default: ${DEFAULT-VALUE}).")
    long retryDelayMs;

    private volatile ReplicationSession session;

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
        ServerOptions serverOptions = serving.serverOptions(bind, port);
        ConnectionSettings conn = masterOptions.settings().withReadTimeout(Duration.ofSeconds(60));
        PrintStream err = System.err;
        MasterFacts facts = MasterFacts.ask(conn);
        log(err, "master " + conn.uri() + " is Redis " + facts.version + " with " + facts.databases + " databases");

        ReplicationState state = new ReplicationState();
        state.master(conn.uri().host(), conn.uri().port());
        state.masterVersion(facts.major, facts.minor);
        ServedDataset served = new ServedDataset(new Dataset(facts.databases));
        ReplicaServer server = ReplicaServer.start(served, state, serverOptions, line -> log(err, line));
        log(err, "serving reads on " + bind + ":" + server.port());
        ReplicaLink link = new ReplicaLink(served, state, facts.applierOptions(), facts.databases, policy,
                line -> log(err, line));
        link.deliverPublishesTo(server.publishListener());
        SessionSettings settings = SessionSettings.defaults()
                .withListeningPort(server.port())
                .withReplTimeout(Duration.ofSeconds(replTimeoutSeconds))
                .withRetries(0, true)
                .withBackoff(Duration.ofMillis(retryDelayMs), Duration.ofSeconds(10));
        ReplicationSession s = new ReplicationSession(() -> ConnectionLink.open(conn), settings, link);
        session = s;
        Thread hook = new Thread(() -> {
            s.stopNow();
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
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes everything
            }
        }
        return 0;
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

        ApplierOptions applierOptions() {
            ApplierOptions base = ApplierOptions.forVersion(major, minor, patch);
            return new ApplierOptions(hllSparseMaxBytes, base.encodings().withZsetLimits(zsetMaxEntries, zsetMaxValue),
                    base.claimDropsDeletedEntries());
        }
    }
}
