package io.replkit.replica.sync;

import io.netty.buffer.ByteBuf;
import io.replkit.protocol.repl.RdbTransfer;
import io.replkit.protocol.repl.ReplicationId;
import io.replkit.protocol.repl.ReplicationListener;
import io.replkit.rdb.RdbReader;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.apply.CommandException;
import io.replkit.replica.apply.UnknownCommandException;
import io.replkit.replica.chain.Relay;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.load.SnapshotLoader;
import io.replkit.replica.server.ReplicationState;
import io.replkit.replica.server.ServedDataset;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Feeds the served dataset from a replication session: a snapshot streams straight into a NEW
 * dataset (no temp file) that replaces the served one only once complete, so reads keep seeing the
 * old one meanwhile; then every command of the stream goes through a {@link CommandApplier}. The
 * session acknowledges each command's end offset after this listener returns from it, so the master
 * sees the offset actually applied. {@link ReplicationState} follows along for INFO and ROLE.
 */
public final class ReplicaLink implements ReplicationListener {
    private final ServedDataset served;
    private final ReplicationState state;
    private final ApplierOptions options;
    private final int databases;
    private final UnknownCommandPolicy unknownPolicy;
    private final Consumer<String> log;
    private final Set<String> unknownSeen = new HashSet<>();
    private volatile CommandApplier applier;
    private volatile boolean stoppedForUnknown;
    /** Replicas of ours, fed the stream's bytes before each command is applied; null when none are served. */
    private Relay relay;
    /** Where the master's PUBLISH messages go; every applier (one per full resync) forwards here. */
    private volatile CommandApplier.PublishListener publishTo = (c, m, s) -> { };

    /**
     * @param log receives status lines (connected, full resync, continue, reconnecting, unknown commands)
     */
    public ReplicaLink(ServedDataset served, ReplicationState state, ApplierOptions options, int databases,
                       UnknownCommandPolicy unknownPolicy, Consumer<String> log) {
        this.served = served;
        this.state = state;
        this.options = options;
        this.databases = databases;
        this.unknownPolicy = unknownPolicy;
        this.log = log;
        ServedDataset.View initial = served.view();
        this.applier = new CommandApplier(initial.dataset(), System::currentTimeMillis, options, (c, m, s) -> publishTo.publish(c, m, s));
        served.replace(initial.dataset(), applier.readLock());
    }

    /**
     * Continues from a loaded snapshot: serves {@code loaded} at once, its stream position being
     * {@code replId}/{@code offset} with database {@code streamDb} selected (its {@code repl-stream-db}).
     */
    public void startFrom(Dataset loaded, String replId, long offset, int streamDb) {
        CommandApplier a = new CommandApplier(loaded, System::currentTimeMillis, options, (c, m, s) -> publishTo.publish(c, m, s));
        a.position(replId, offset);
        a.selectDb(streamDb);
        applier = a;
        served.replace(loaded, a.readLock());
        state.applied(replId, offset);
    }

    /** The applier feeding the served dataset now (a full resync replaces it): what snapshots capture. */
    public CommandApplier applier() {
        return applier;
    }

    /**
     * Serves replicas of ours through {@code relay}: it gets each command's exact bytes BEFORE the
     * command is applied, so its backlog always holds at least the offset any snapshot reflects.
     */
    public ReplicaLink relayTo(Relay relay) {
        this.relay = relay;
        return this;
    }

    @Override
    public boolean wantsStreamBytes() {
        return relay != null;
    }

    @Override
    public void onStreamBytes(ByteBuf bytes, long startOffset) {
        relay.onStream(bytes, startOffset);
    }

    @Override
    public void onIdle() {
        if (relay != null) {
            relay.flush();
        }
    }

    @Override
    public void onConnected(String address) {
        state.link(ReplicationState.Link.HANDSHAKE);
        state.touchIo();
        log.accept("connected to master " + address);
    }

    @Override
    public void onFullResync(ReplicationId replid, long offset, String reason, RdbTransfer snapshot) throws IOException {
        log.accept("full resync from " + replid + " at offset " + offset + (reason == null ? "" : " (" + reason + ")"));
        state.link(ReplicationState.Link.SYNC);
        state.syncBytesRead(0);
        if (relay != null) {
            relay.fullResyncStarting();
        }
        Dataset next = new Dataset(databases);
        long started = System.nanoTime();
        CountingInput counted = new CountingInput(snapshot.rdb());
        SnapshotLoader loaded;
        try (RdbReader reader = new RdbReader(counted)) {
            loaded = SnapshotLoader.load(reader, next, options.encodings());
        }
        CommandApplier nextApplier = new CommandApplier(next, System::currentTimeMillis, options,
                (c, m, s) -> publishTo.publish(c, m, s));
        nextApplier.position(replid.toString(), offset);
        applier = nextApplier;
        if (relay != null) {
            relay.fullResync(replid.toString(), offset);
        }
        served.replace(next, nextApplier.readLock());
        state.applied(replid.toString(), offset);
        state.link(ReplicationState.Link.CONNECTED);
        state.touchIo();
        log.accept(String.format("loaded %d keys (%d bytes) in %d ms", loaded.keysLoaded(), counted.count,
                (System.nanoTime() - started) / 1_000_000));
    }

    @Override
    public void onContinue(ReplicationId replid, long offset) {
        log.accept("partial resync: continuing " + replid + " at offset " + offset);
        applier.position(replid.toString(), offset);
        if (relay != null) {
            relay.continued(replid.toString(), offset);
        }
        state.applied(replid.toString(), offset);
        state.link(ReplicationState.Link.CONNECTED);
        state.touchIo();
    }

    @Override
    public void onCommand(byte[][] args, long endOffset) throws IOException {
        try {
            applier.apply(args, endOffset);
        } catch (UnknownCommandException e) {
            state.countUnknownCommand();
            String name = new String(args[0], StandardCharsets.ISO_8859_1);
            if (unknownSeen.add(name.toUpperCase(java.util.Locale.ROOT))) {
                log.accept("unknown command '" + name + "' at offset " + endOffset + ": " + e.getMessage()
                        + (unknownPolicy == UnknownCommandPolicy.STOP ? "; stopping (--on-unknown-command skip goes on)"
                        : "; skipped"));
            }
            if (unknownPolicy == UnknownCommandPolicy.STOP) {
                stoppedForUnknown = true;
                throw new IOException("unknown command '" + name + "' at offset " + endOffset + " from the master", e);
            }
        } catch (CommandException e) {
            // Redis's replica also just fails such a command (its master accepted it on other data: a bug)
            log.accept("command '" + new String(args[0], StandardCharsets.ISO_8859_1) + "' at offset " + endOffset
                    + " failed: " + e.getMessage());
        }
        if (!applier.inTransaction()) {
            state.offset(endOffset);
        }
        state.touchIo();
    }

    @Override
    public void onReconnecting(int attempt, Duration delay, IOException cause) {
        state.link(ReplicationState.Link.CONNECT);
        log.accept("link lost (" + cause.getMessage() + "); reconnecting in " + delay.toMillis() + " ms (attempt "
                + attempt + ")");
    }

    /** Delivers the PUBLISH / SPUBLISH commands of the stream to {@code listener} (the server's subscribers). */
    public void deliverPublishesTo(CommandApplier.PublishListener listener) {
        this.publishTo = listener;
    }

    /** Whether the session ended because of an unknown command under {@link UnknownCommandPolicy#STOP}. */
    public boolean stoppedForUnknown() {
        return stoppedForUnknown;
    }

    /** Counts the snapshot bytes read, for INFO's master_sync_read_bytes. */
    private final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            state.syncBytesRead(count);
            state.touchIo();
        }
    }
}
