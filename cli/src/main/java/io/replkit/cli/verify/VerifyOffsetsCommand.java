package io.replkit.cli.verify;

import com.fasterxml.jackson.core.JsonGenerator;
import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.ConnectionOptions;
import io.replkit.cli.options.HelpOption;
import io.replkit.cli.output.OutputFormat;
import io.replkit.cli.output.StdoutData;
import io.replkit.cli.output.TextTable;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.repl.ReplicationInfo;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit verify-offsets --master URI}: where each replica stands in the master's stream. */
@Command(name = "verify-offsets",
    sortOptions = false,
    description = {
        "Show how far each replica of a master has got: the master's INFO replication lists its replicas",
        "(slaveN: address, state, acknowledged offset, seconds since the last ACK); each replica's own",
        "INFO replication (link status, its offset, sync in progress, last I/O) is added where it can be",
        "reached. Lag in bytes is master_repl_offset minus the acknowledged offset. The master may itself be",
        "a replica (a chain). Connection options (-h, -p, -a, --tls ...) describe the master and are used for",
        "its replicas too; see 'Connecting' in the README."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit verify-offsets --master redis://db1:6379",
        "  replkit verify-offsets -h db1 -a secret --format json",
        "  replkit verify-offsets --master redis://db1 --wait --wait-timeout 30      # until every replica has caught up",
        "  replkit verify-offsets --master redis://db1 --max-lag-bytes 1048576 --max-lag-seconds 10",
        "  replkit verify-offsets --master redis://db1 --replica redis://db3:6380 --watch",
        "  replkit verify-offsets --master redis://db1 --rdb backup.rdb               # can a replica continue from it?",
        "",
        "Exit codes: 0 ok, 1 a check failed (lag over a limit, --wait timed out, --rdb not in the master's",
        "history) or the master cannot be reached, 2 usage."
    })
public final class VerifyOffsetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Mixin
    HelpOption help;

    @Option(names = "--master", paramLabel = "URI", description = "The master (or use -h/-p and the other connection options).")
    String master;

    @Option(names = "--replica", paramLabel = "URI",
        description = "Also this replica (repeatable): checked even when the master does not list it; its credentials default to the master's.")
    List<String> replicas = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--watch", description = "Print again every --interval seconds until interrupted (the screen is redrawn on a terminal).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "Seconds between --watch refreshes (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--wait", description = "Wait until every replica has acknowledged the master's offset taken at the start.")
    boolean waitForReplicas;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Give up waiting after this long, exit code 1 naming the replicas behind (default: ${DEFAULT-VALUE}).")
    double waitTimeout;

    @Option(names = "--max-lag-bytes", paramLabel = "N", description = "Exit code 1 when a replica is more than N bytes behind (or not connected).")
    Long maxLagBytes;

    @Option(names = "--max-lag-seconds", paramLabel = "S",
        description = "Exit code 1 when a replica's last acknowledgement is older than S seconds (or it is not connected).")
    Long maxLagSeconds;

    @Option(names = "--rdb", paramLabel = "FILE",
        description = "Compare this RDB file's repl-id and repl-offset with the master's replication history.")
    Path rdb;

    @Option(names = "--replica-timeout", paramLabel = "MS", defaultValue = "1000",
        description = "Connect timeout for each replica's own INFO (default: ${DEFAULT-VALUE}).")
    long replicaTimeoutMs;

    @Mixin
    ConnectionOptions connection;


    @Override
    public Integer call() throws Exception {
        if (format != OutputFormat.text && format != OutputFormat.json) {
            throw new UsageException("verify-offsets prints --format text or json");
        }
        if (interval <= 0 || waitTimeout < 0 || replicaTimeoutMs < 1) {
            throw new UsageException("--interval and --replica-timeout must be positive, --wait-timeout not negative");
        }
        if (watch && (waitForReplicas || maxLagBytes != null || maxLagSeconds != null)) {
            throw new UsageException("--watch shows offsets until interrupted; --wait and --max-lag-* check once");
        }
        ConnectionSettings settings = connection.settings(master);
        ReplicationView view = new ReplicationView(settings, replicas, Duration.ofMillis(replicaTimeoutMs));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(parent.stdout(), StandardCharsets.UTF_8), false);
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().getOut().flush();
        try {
            RdbPosition position = rdb == null ? null : RdbPosition.read(rdb);
            if (watch) {
                watch(view, out, position);
                return ExitCode.OK;
            }
            ReplicationView.Snapshot snap = view.take(true);
            List<String> problems = new ArrayList<>();
            if (waitForReplicas) {
                snap = waitFor(view, snap, problems);
            }
            problems.addAll(lagProblems(snap));
            String rdbVerdict = null;
            if (position != null) {
                rdbVerdict = position.verdict(snap.master());
                if (!position.known(snap.master())) {
                    problems.add(rdbVerdict);
                }
            }
            print(out, snap, position, rdbVerdict, problems);
            out.flush();
            for (String p : problems) {
                err.println("replkit: " + p);
            }
            err.flush();
            return problems.isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
        } finally {
            view.close();
        }
    }

    /** Polls until every replica's offset reaches the master's offset at the start, or the timeout. */
    private ReplicationView.Snapshot waitFor(ReplicationView view, ReplicationView.Snapshot first, List<String> problems)
            throws IOException, InterruptedException {
        long goal = first.master().masterReplOffset();
        List<String> expected = new ArrayList<>();
        first.replicas().forEach(r -> expected.add(r.address()));
        long deadline = System.nanoTime() + (long) (waitTimeout * 1e9);
        ReplicationView.Snapshot snap = first;
        for (;;) {
            List<String> behind = new ArrayList<>();
            for (String addr : expected) {
                ReplicationView.Replica r = find(snap, addr);
                long at = r == null ? -1 : r.offset();
                if (at < goal) {
                    behind.add(addr + (r == null || !r.connected() ? " (not connected)" : " (at " + at + ")"));
                }
            }
            if (behind.isEmpty()) {
                return snap;
            }
            if (System.nanoTime() >= deadline) {
                problems.add("not every replica reached offset " + goal + " within " + waitTimeout + " s: " + String.join(", ", behind));
                return snap;
            }
            Thread.sleep(100);
            snap = view.take(true);
        }
    }

    private static ReplicationView.Replica find(ReplicationView.Snapshot snap, String address) {
        for (ReplicationView.Replica r : snap.replicas()) {
            if (r.address().equals(address)) {
                return r;
            }
        }
        return null;
    }

    private List<String> lagProblems(ReplicationView.Snapshot snap) {
        List<String> out = new ArrayList<>();
        for (ReplicationView.Replica r : snap.replicas()) {
            boolean connected = r.connected();
            if (maxLagBytes != null && (!connected || r.lagBytes() < 0 || r.lagBytes() > maxLagBytes)) {
                out.add("replica " + r.address() + (connected ? " is " + r.lagBytes() + " bytes behind (limit " + maxLagBytes + ")"
                    : " is not connected to the master"));
            }
            if (maxLagSeconds != null && (!connected || r.lagSeconds() < 0 || r.lagSeconds() > maxLagSeconds)) {
                out.add("replica " + r.address() + (connected ? " last acknowledged " + r.lagSeconds() + " s ago (limit " + maxLagSeconds + " s)"
                    : " is not connected to the master"));
            }
        }
        return out;
    }

    private void watch(ReplicationView view, PrintWriter out, RdbPosition position) throws IOException, InterruptedException {
        boolean terminal = System.console() != null && format == OutputFormat.text;
        for (;;) {
            ReplicationView.Snapshot snap = view.take(true);
            if (terminal) {
                out.print("\033[H\033[2J");
            }
            out.println(Instant.now());
            print(out, snap, position, position == null ? null : position.verdict(snap.master()), List.of());
            if (!terminal) {
                out.println();
            }
            out.flush();
            Thread.sleep((long) (interval * 1000));
        }
    }

    // ------------------------------------------------------------------ output

    private void print(PrintWriter out, ReplicationView.Snapshot snap, RdbPosition position, String rdbVerdict,
                       List<String> problems) throws IOException {
        if (format == OutputFormat.json) {
            json(snap, position, rdbVerdict, problems);
            return;
        }
        ReplicationInfo m = snap.master();
        out.println("master " + snap.masterAddress() + "  role " + m.role()
            + (m.isReplica() ? " of " + m.masterAddress() + " (link " + m.masterLinkStatus() + ", at " + m.replicaOffset() + ")" : "")
            + "  replid " + m.replid() + "  offset " + m.masterReplOffset() + "  replicas " + snap.replicas().size());
        TextTable t = new TextTable(out, "replica", "state", ">acked_offset", ">lag_bytes", ">lag_s", "link", ">own_offset",
            "syncing", ">last_io_s");
        for (ReplicationView.Replica r : snap.replicas()) {
            ReplicationInfo own = r.own();
            t.row(r.address(), r.state(), number(r.ackedOffset()), number(r.lagBytes()), number(r.lagSeconds()),
                own == null ? (r.unreachable() == null ? "-" : "unreachable") : String.valueOf(own.masterLinkStatus()),
                own == null ? "-" : number(own.replicaOffset()),
                own == null ? "-" : ("1".equals(own.get("master_sync_in_progress")) ? "yes" : "no"),
                own == null ? "-" : number(own.getLong("master_last_io_seconds_ago", -1)));
        }
        t.finish();
        for (ReplicationView.Replica r : snap.replicas()) {
            if (r.unreachable() != null) {
                out.println("  " + r.address() + ": " + r.unreachable());
            }
        }
        if (rdbVerdict != null) {
            out.println("rdb " + position.file() + ": " + rdbVerdict);
        }
    }

    private static String number(long n) {
        return n < 0 ? "-" : Long.toString(n);
    }

    private void json(ReplicationView.Snapshot snap, RdbPosition position, String rdbVerdict, List<String> problems) throws IOException {
        JsonGenerator g = StdoutData.JSON.createGenerator(parent.stdout());
        ReplicationInfo m = snap.master();
        g.writeStartObject();
        g.writeObjectFieldStart("master");
        g.writeStringField("address", snap.masterAddress());
        g.writeStringField("role", m.role());
        g.writeStringField("replid", m.replid());
        g.writeStringField("replid2", m.replid2());
        g.writeNumberField("master_repl_offset", m.masterReplOffset());
        g.writeNumberField("second_repl_offset", m.secondReplOffset());
        if (m.isReplica()) {
            g.writeStringField("master", m.masterAddress());
            g.writeStringField("master_link_status", m.masterLinkStatus());
            g.writeNumberField("slave_repl_offset", m.replicaOffset());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("replicas");
        for (ReplicationView.Replica r : snap.replicas()) {
            g.writeStartObject();
            g.writeStringField("address", r.address());
            g.writeBooleanField("listed", r.listed());
            g.writeStringField("state", r.state());
            nullable(g, "acked_offset", r.ackedOffset());
            nullable(g, "lag_bytes", r.lagBytes());
            nullable(g, "lag_seconds", r.lagSeconds());
            ReplicationInfo own = r.own();
            if (own != null) {
                g.writeObjectFieldStart("own");
                g.writeStringField("master_link_status", own.masterLinkStatus());
                nullable(g, "slave_repl_offset", own.replicaOffset());
                g.writeBooleanField("master_sync_in_progress", "1".equals(own.get("master_sync_in_progress")));
                nullable(g, "master_last_io_seconds_ago", own.getLong("master_last_io_seconds_ago", -1));
                g.writeEndObject();
            } else if (r.unreachable() != null) {
                g.writeStringField("unreachable", r.unreachable());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (position != null) {
            g.writeObjectFieldStart("rdb");
            g.writeStringField("file", position.file().toString());
            g.writeStringField("repl_id", position.replid());
            nullable(g, "repl_offset", position.offset());
            g.writeBooleanField("in_history", position.known(m));
            g.writeBooleanField("partial_resync_possible", position.replid() != null && m.canContinueFrom(position.replid(), position.offset()));
            g.writeStringField("verdict", rdbVerdict);
            g.writeEndObject();
        }
        g.writeArrayFieldStart("problems");
        for (String p : problems) {
            g.writeString(p);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        parent.stdout().write('\n');
        parent.stdout().flush();
    }

    private static void nullable(JsonGenerator g, String name, long v) throws IOException {
        if (v < 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    /** An RDB file's place in a replication history: its {@code repl-id} and {@code repl-offset} aux fields. */
    record RdbPosition(Path file, String replid, long offset) {

        static RdbPosition read(Path file) throws IOException {
            String id = null;
            long offset = -1;
            try (RdbReader reader = RdbReader.open(file)) {
                for (RdbRecord rec; (rec = reader.next()) != null; ) {
                    if (rec instanceof AuxField a) {
                        if (a.name().equals("repl-id")) {
                            id = a.valueAsString();
                        } else if (a.name().equals("repl-offset")) {
                            try {
                                offset = Long.parseLong(a.valueAsString());
                            } catch (NumberFormatException e) {
                                throw new IOException(file + ": repl-offset '" + a.valueAsString() + "' is not a number");
                            }
                        }
                    } else if (rec instanceof KeyEntry) {
                        break; // aux fields come first
                    }
                }
            }
            return new RdbPosition(file, id, offset);
        }

        /** Whether the master's history contains this position (current id up to its offset, or the previous id up to the switch). */
        boolean known(ReplicationInfo m) {
            if (replid == null || offset < 0) {
                return false;
            }
            return (replid.equals(m.replid()) && offset <= m.masterReplOffset())
                || (replid.equals(m.replid2()) && offset <= m.secondReplOffset());
        }

        String verdict(ReplicationInfo m) {
            if (replid == null || offset < 0) {
                return "has no repl-id/repl-offset aux fields (written by SAVE/BGSAVE without replication, or before Redis 4.0)";
            }
            String where = "repl-id " + replid + " offset " + offset;
            String resync = m.canContinueFrom(replid, offset)
                ? "a replica loaded with it can continue with a partial resync"
                : "a replica loaded with it needs a full resync (the backlog no longer holds offset " + (offset + 1) + ")";
            if (replid.equals(m.replid())) {
                if (offset > m.masterReplOffset()) {
                    return where + " is ahead of the master's offset " + m.masterReplOffset() + ": not this master's history";
                }
                return where + " is in the master's current history, " + (m.masterReplOffset() - offset) + " bytes behind; " + resync;
            }
            if (replid.equals(m.replid2()) && offset <= m.secondReplOffset()) {
                return where + " is in the master's previous history (replid2, valid up to " + m.secondReplOffset() + ", "
                    + (m.masterReplOffset() - offset) + " bytes behind); " + resync;
            }
            return where + " is not in the master's history (replid " + m.replid() + ", replid2 " + m.replid2() + ")";
        }
    }
}
