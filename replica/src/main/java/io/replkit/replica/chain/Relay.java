package io.replkit.replica.chain;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * start-replica as a relay: the {@link ReplicationBacklog} of the master's stream, and the replicas
 * replicating from us ({@link Downstream}), fed with the master's exact bytes so their offsets and
 * replication id are the master's (a downstream can later switch to the master with a partial
 * resync).
 *
 * <p>The replication session's thread feeds it ({@link #onStream} before each command is applied,
 * {@link #flush} when the session waits for more); client threads run SYNC/PSYNC/REPLCONF against it;
 * a {@link FullSync} thread per capture sends a snapshot to the replicas that share it; the server's
 * {@link #cron} disconnects replicas past repl-timeout. One lock (this object) orders all of it:
 * a downstream joins at an exact offset, and bytes are handed out in stream order. Stream bytes
 * are gathered in a batch and handed to every downstream as one shared buffer per batch.
 */
public final class Relay {
    private static final int BATCH_BYTES = 64 * 1024;

    private final ReplicationBacklog backlog;
    private final OutputLimit limit;
    private final Consumer<String> log;
    private final List<Downstream> downstreams = new CopyOnWriteArrayList<>();
    private volatile SnapshotSource snapshots;
    /** Stream bytes appended to the backlog but not yet handed to downstreams. */
    private ByteBuf batch;
    /** Downstreams that take stream bytes (snapshot sent or being sent, or online). */
    private int receivers;
    /** The diskless capture waiting for more replicas before it starts, or null. */
    private FullSync gathering;
    /** The $length capture whose file is being written (replicas may attach), or null. */
    private FullSync producing;
    /** Numbers captures in the log. */
    private long captureNumbers;
    /** Captures actually taken for full syncs. */
    private long captures;
    private long syncFull;
    private long syncPartialOk;
    private long syncPartialErr;
    private volatile long replTimeoutMs = 60_000;
    private volatile long disklessSyncDelayMs;

    /** @param log receives status lines (downstream synced, cut off, dropped) */
    public Relay(long backlogSize, OutputLimit limit, Consumer<String> log) {
        this.backlog = new ReplicationBacklog(backlogSize);
        this.limit = limit;
        this.log = log;
    }

    /**
     * Redis's {@code repl-timeout} towards our replicas: one that sends no {@code REPLCONF ACK} (nor
     * newline) for longer is disconnected, as is one whose snapshot transfer makes no progress for
     * longer. 60 s by default.
     */
    public void replTimeout(java.time.Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("repl-timeout must be positive");
        }
        this.replTimeoutMs = timeout.toMillis();
    }

    /**
     * Redis's {@code repl-diskless-sync-delay}: how long a diskless capture waits for more replicas
     * to share it before it starts (0, the default here, starts at once).
     */
    public void disklessSyncDelay(java.time.Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the diskless sync delay must not be negative");
        }
        this.disklessSyncDelayMs = delay.toMillis();
    }

    /** Where full syncs get their snapshot; until set, SYNC and PSYNC that need one are refused. */
    public void snapshots(SnapshotSource source) {
        this.snapshots = source;
    }

    SnapshotSource snapshots() {
        return snapshots;
    }

    Consumer<String> log() {
        return log;
    }

    // ------------------------------------------------------------------ the master's side

    /**
     * Our own link did a full resync: the data downstreams have is not ours any more. Drops them
     * (they reconnect and resync) and starts a new history at {@code offset}.
     */
    public synchronized void fullResync(String replid, long offset) {
        dropAll("a full resync from the master replaced the dataset");
        backlog.reset(replid, offset);
    }

    /** Our link is about to load a new snapshot: downstreams cannot follow the old data any more. */
    public synchronized void fullResyncStarting() {
        dropAll("a full resync from the master started");
    }

    /**
     * Our link continued with {@code +CONTINUE} at {@code offset}. With a new id (the master failed
     * over) the old one stays valid up to here and downstreams are dropped to learn the new id, as
     * Redis does; they continue from the backlog at once.
     */
    public synchronized void continued(String replid, long offset) {
        if (!backlog.active() || backlog.offset() != offset) {
            // e.g. started from a saved snapshot: no history yet
            dropAll("the replication history restarted at offset " + offset);
            backlog.reset(replid, offset);
        } else if (!replid.equalsIgnoreCase(backlog.replid())) {
            backlog.shiftReplicationId(replid);
            dropAll("the master's replication id changed to " + replid);
        }
    }

    /** The exact bytes of the stream's next command, which starts after {@code startOffset}. */
    public synchronized void onStream(ByteBuf bytes, long startOffset) {
        if (!backlog.active()) {
            return;
        }
        if (startOffset != backlog.offset()) {
            // never expected: a gap or overlap would corrupt every downstream
            log.accept("stream bytes at offset " + startOffset + " do not follow the backlog's end "
                    + backlog.offset() + "; restarting its history");
            dropAll("a gap in the replication stream");
            backlog.reset(backlog.replid(), startOffset);
        }
        backlog.append(bytes);
        if (receivers > 0) {
            if (batch == null) {
                batch = Unpooled.buffer(Math.max(256, bytes.readableBytes()));
            }
            batch.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
            if (batch.readableBytes() >= BATCH_BYTES) {
                flushLocked();
            }
        }
    }

    /** Hands the gathered stream bytes to the downstreams (when the stream pauses, and every 64 KB). */
    public synchronized void flush() {
        flushLocked();
    }

    private void flushLocked() {
        ByteBuf b = batch;
        if (b == null || !b.isReadable()) {
            return;
        }
        batch = null;
        long now = System.currentTimeMillis();
        for (Downstream d : downstreams) {
            if (d.state() != Downstream.State.WAIT_BGSAVE) {
                d.send(b.retainedDuplicate());
                checkLimit(d, now);
            }
        }
        b.release();
    }

    private void checkLimit(Downstream d, long now) {
        long pending = d.pendingBytes();
        if (limit.softBytes() > 0 && pending > limit.softBytes()) {
            if (d.softSinceMs < 0) {
                d.softSinceMs = now;
            }
        } else {
            d.softSinceMs = -1;
        }
        String why = limit.exceeded(pending, d.softSinceMs, now);
        if (why != null) {
            log.accept("replica " + d.name() + " cut off: " + why + " (replica output-buffer limit)");
            dropLocked(d);
        }
    }

    // ------------------------------------------------------------------ the downstreams' side

    /** Whether a stream exists to replicate from (after our first sync). */
    public synchronized boolean hasHistory() {
        return backlog.active();
    }

    /**
     * A connection that sent SYNC or PSYNC becomes a downstream replica (not yet fed: it starts with
     * {@link #tryContinue} or {@link #startFullSync}); it leaves when its connection closes.
     */
    public Downstream attach(Channel channel, String peerIp, ReplicaAnnouncement announced, boolean prePsync) {
        Downstream d = new Downstream(channel, peerIp, announced, prePsync);
        // room for a few snapshot chunks in flight before a full sync waits for the socket
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(512 * 1024, 1024 * 1024));
        channel.closeFuture().addListener(f -> remove(d));
        return d;
    }

    /**
     * {@code PSYNC replid offset}: when the backlog can serve it, writes {@code +CONTINUE} and the
     * held bytes from {@code psyncOffset} into {@code reply} (the connection's next output), and the
     * downstream is online from here; otherwise returns false (a full sync is needed).
     */
    public synchronized boolean tryContinue(Downstream d, String replid, long psyncOffset, ByteBuf reply) {
        if (d.dropped || !backlog.canContinue(replid, psyncOffset)) {
            return false;
        }
        syncPartialOk++;
        flushLocked(); // bytes gathered so far are in the backlog copy below, not in the next batch
        String line = d.announced.capaPsync2 ? "+CONTINUE " + backlog.replid() + "\r\n" : "+CONTINUE\r\n";
        reply.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        long sent = backlog.offset() - psyncOffset + 1;
        backlog.copyFrom(psyncOffset, reply);
        d.ack(psyncOffset - 1, System.currentTimeMillis());
        d.state(Downstream.State.ONLINE);
        join(d);
        log.accept("partial resynchronization request from " + d.name() + " accepted: sending " + sent
                + " bytes of backlog starting from offset " + psyncOffset);
        return true;
    }

    /** Why a full sync cannot start now, or null: the caller replies with this error. */
    public synchronized String fullSyncRefusal() {
        if (!backlog.active()) {
            return "NOMASTERLINK Can't SYNC while not connected with my master";
        }
        if (snapshots == null) {
            return "ERR this replica cannot send snapshots to replicas";
        }
        return null;
    }

    /**
     * {@code d} needs a full sync ({@code SYNC}, or a {@code PSYNC} that could not continue, asking
     * for {@code psyncReplid}, null for SYNC): counted as Redis counts it ({@code sync_full}, and
     * {@code sync_partial_err} unless the replica asked for one with {@code PSYNC ?}), then served by
     * a capture being prepared when one can take it (see {@link FullSync}), else by a new one.
     */
    public void startFullSync(Downstream d, String why, String psyncReplid) {
        FullSync start = null;
        synchronized (this) {
            if (psyncReplid != null && !psyncReplid.startsWith("?")) {
                syncPartialErr++;
            }
            syncFull++;
            if (d.dropped) {
                return;
            }
            downstreams.add(d);
            log.accept("replica " + d.name() + " asks for synchronization: full sync (" + why + ")");
            if (!(producing != null && attach(producing, d))) {
                if (d.announced.capaEof && gathering != null) {
                    gathering.members.add(d);
                    log.accept("replica " + d.name() + " waits for capture #" + gathering.number
                            + " with the others (diskless)");
                } else {
                    boolean diskless = d.announced.capaEof;
                    start = new FullSync(this, ++captureNumbers, diskless, diskless ? disklessSyncDelayMs : 0);
                    start.members.add(d);
                    if (diskless) {
                        gathering = start;
                    } else {
                        producing = start;
                        if (gathering != null) {
                            // as Redis's disk BGSAVE takes every replica still waiting for one to start
                            start.members.addAll(gathering.members);
                            log.accept("capture #" + start.number + " to a file also serves the "
                                    + gathering.members.size() + " replica(s) that waited for capture #"
                                    + gathering.number);
                            gathering.members.clear();
                            gathering.accepting = false;
                            gathering = null;
                        }
                    }
                }
            }
        }
        if (start != null) {
            Thread t = new Thread(start, "replkit-capture-" + start.number);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Attaches {@code d} to the $length capture {@code s} whose file is being written: before the
     * capture, as one more member; after it, at the capture's offset with the stream from there
     * out of the backlog and {@code +FULLRESYNC} sent now. False when the backlog lost that offset.
     */
    private boolean attach(FullSync s, Downstream d) {
        if (!s.accepting) {
            return false;
        }
        if (s.offset >= 0) {
            if (!backlog.holds(s.offset + 1) || !s.replid.equalsIgnoreCase(backlog.replid())) {
                return false;
            }
            if (!beginTransferLocked(d, s.replid, s.offset)) {
                return true; // dropped: over its output limit already
            }
            sendFullResyncLine(d, s.replid, s.offset);
        }
        s.members.add(d);
        log.accept("replica " + d.name() + " attached to capture #" + s.number + " being written"
                + (s.offset >= 0 ? " at offset " + s.offset : ""));
        return true;
    }

    private static void sendFullResyncLine(Downstream d, String replid, long offset) {
        if (!d.prePsync) {
            d.channel.writeAndFlush(Unpooled.copiedBuffer("+FULLRESYNC " + replid + " " + offset + "\r\n",
                    StandardCharsets.US_ASCII));
        }
    }

    /**
     * Capture {@code s} reflects {@code offset} of {@code replid}: each member gets the stream from
     * {@code offset + 1} on (held until its snapshot is sent) and its {@code +FULLRESYNC} line.
     * Returns the members still there. A diskless capture takes no more members from here.
     */
    synchronized List<Downstream> captured(FullSync s, String replid, long offset) {
        s.replid = replid;
        s.offset = offset;
        if (s.diskless) {
            s.accepting = false;
            if (gathering == s) {
                gathering = null;
            }
        }
        captures++;
        List<Downstream> joined = new ArrayList<>();
        for (Downstream d : s.members) {
            if (beginTransferLocked(d, replid, offset)) {
                sendFullResyncLine(d, replid, offset);
                joined.add(d);
            }
        }
        s.members.retainAll(joined);
        StringBuilder names = new StringBuilder();
        for (Downstream d : joined) {
            names.append(names.length() == 0 ? "" : ", ").append(d.name());
        }
        log.accept("capture #" + s.number + " of " + replid + " at offset " + offset + " for " + joined.size()
                + " replica(s) (" + (s.diskless ? "diskless" : "to a file") + "): " + names);
        return joined;
    }

    /** Whether capture {@code s} still has replicas to serve (others may have taken them). */
    synchronized boolean wanted(FullSync s) {
        s.members.removeIf(d -> d.dropped);
        return !s.members.isEmpty();
    }

    /** A newline to each replica of {@code s} still waiting for its snapshot; false when none is left. */
    synchronized boolean keepalive(FullSync s) {
        s.members.removeIf(d -> d.dropped);
        for (Downstream d : s.members) {
            FullSync.newline(d);
        }
        return !s.members.isEmpty();
    }

    /** The file of $length capture {@code s} is complete: no one joins any more; returns who gets it. */
    synchronized List<Downstream> closeToNewReplicas(FullSync s) {
        s.accepting = false;
        if (producing == s) {
            producing = null;
        }
        s.members.removeIf(d -> d.dropped);
        return List.copyOf(s.members);
    }

    /** Capture {@code s} ended (sent or failed): it takes no one any more. */
    synchronized void finished(FullSync s) {
        s.accepting = false;
        if (gathering == s) {
            gathering = null;
        }
        if (producing == s) {
            producing = null;
        }
    }

    /** Capture {@code s} failed: its replicas are dropped (they reconnect and ask again). */
    synchronized void failAll(FullSync s, String why) {
        s.accepting = false;
        for (Downstream d : List.copyOf(s.members)) {
            if (!d.dropped) {
                log.accept("full sync of replica " + d.name() + " failed: " + why);
                dropLocked(d);
            }
        }
    }

    /**
     * The snapshot for {@code d} reflects {@code offset} of {@code replid}: from now on it receives
     * the stream from {@code offset + 1}, held until the snapshot is sent. False (and the
     * downstream dropped) when the backlog no longer holds that offset or the history changed.
     */
    private boolean beginTransferLocked(Downstream d, String replid, long offset) {
        if (d.dropped) {
            return false;
        }
        if (!replid.equalsIgnoreCase(backlog.replid()) || !backlog.holds(offset + 1)) {
            log.accept("replica " + d.name() + " dropped: its snapshot of " + replid + " at offset " + offset
                    + " is not covered by the backlog (" + backlog.replid() + " " + backlog.firstByteOffset() + " to "
                    + backlog.offset() + ")");
            dropLocked(d);
            return false;
        }
        flushLocked();
        int len = (int) (backlog.offset() - offset);
        ByteBuf start = Unpooled.buffer(len);
        backlog.copyFrom(offset + 1, start);
        d.state(Downstream.State.SEND_BULK);
        d.ack(offset, System.currentTimeMillis());
        receivers++;
        if (start.isReadable()) {
            d.send(start);
        } else {
            start.release();
        }
        checkLimit(d, System.currentTimeMillis());
        return !d.dropped;
    }

    /**
     * The snapshot was sent: the downstream is online. After a diskless transfer the stream waits
     * for its first ACK; after {@code rdb-only} it is closed instead.
     */
    synchronized void endTransfer(Downstream d, boolean diskless) {
        if (d.dropped) {
            return;
        }
        d.state(Downstream.State.ONLINE);
        d.heard(System.currentTimeMillis()); // no false timeout: the clock starts now, as in Redis
        if (d.announced.rdbOnly) {
            log.accept("snapshot sent to " + d.name() + " (rdb-only): closing");
            d.channel.close();
            return;
        }
        if (diskless && !d.prePsync && !d.ackedInTransfer) {
            d.streamOnAck = true;
        } else {
            d.releaseHeld();
        }
        log.accept("synchronization with replica " + d.name() + " succeeded");
    }

    /** {@code REPLCONF ACK offset} from a downstream. */
    public synchronized void ack(Downstream d, long offset) {
        d.ack(offset, System.currentTimeMillis());
        if (d.state() == Downstream.State.SEND_BULK) {
            d.ackedInTransfer = true; // its first ACK can beat endTransfer: do not wait for a second one
        }
        if (d.streamOnAck && d.state() == Downstream.State.ONLINE && !d.dropped) {
            d.releaseHeld();
        }
    }

    /** Bytes other than an ACK came from a downstream (a newline while it loads): it is alive. */
    public void heard(Downstream d) {
        d.heard(System.currentTimeMillis());
    }

    /**
     * Once a second, like Redis's {@code replicationCron}: a replica online that has not acknowledged
     * for longer than repl-timeout (the old {@code SYNC} ones never ACK, so they are spared), or
     * whose snapshot transfer has waited for its socket that long, is disconnected.
     */
    public synchronized void cron(long nowMs) {
        for (Downstream d : downstreams) {
            if (d.dropped) {
                continue;
            }
            if (d.state() == Downstream.State.ONLINE && !d.prePsync && nowMs - d.ackTimeMs() > replTimeoutMs) {
                log.accept("Disconnecting timedout replica (streaming sync): " + d.name());
                dropLocked(d);
            } else if (d.state() == Downstream.State.SEND_BULK && d.writeWaitSinceMs >= 0
                    && nowMs - d.writeWaitSinceMs > replTimeoutMs) {
                log.accept("Disconnecting timedout replica (full sync): " + d.name());
                dropLocked(d);
            }
        }
    }

    synchronized void fail(Downstream d, String why) {
        if (!d.dropped) {
            log.accept("full sync of replica " + d.name() + " failed: " + why);
            dropLocked(d);
        }
    }

    private void join(Downstream d) {
        downstreams.add(d);
        receivers++;
    }

    private synchronized void remove(Downstream d) {
        if (downstreams.remove(d) && d.state() != Downstream.State.WAIT_BGSAVE) {
            receivers--;
        }
        if (!d.dropped) {
            d.drop();
        }
    }

    private void dropLocked(Downstream d) {
        if (downstreams.remove(d) && d.state() != Downstream.State.WAIT_BGSAVE) {
            receivers--;
        }
        d.drop();
    }

    private void dropAll(String why) {
        if (!downstreams.isEmpty()) {
            log.accept("dropping " + downstreams.size() + " replica(s): " + why);
        }
        for (Downstream d : downstreams) {
            dropLocked(d);
        }
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    // ------------------------------------------------------------------ INFO

    /** The downstream replicas, for INFO (in the order they came). */
    public List<Downstream> downstreams() {
        return List.copyOf(downstreams);
    }

    /** The backlog's numbers at one moment, for INFO replication. */
    public synchronized BacklogInfo backlogInfo() {
        return new BacklogInfo(backlog.active(), backlog.replid(), backlog.replid2(), backlog.offset(),
                backlog.secondReplidOffset(), backlog.size(), backlog.active() ? backlog.firstByteOffset() : 0,
                backlog.histlen());
    }

    /** Redis's INFO stats counters of replicas syncing from us, and how many captures served them. */
    public synchronized SyncStats syncStats() {
        return new SyncStats(syncFull, syncPartialOk, syncPartialErr, captures);
    }

    /** {@code CONFIG RESETSTAT}: the counters start over, as Redis's {@code resetServerStats}. */
    public synchronized void resetStats() {
        syncFull = 0;
        syncPartialOk = 0;
        syncPartialErr = 0;
    }

    /**
     * {@code sync_full}, {@code sync_partial_ok}, {@code sync_partial_err} as Redis counts them, and
     * {@code captures}: the snapshots taken for full syncs (one may serve several replicas).
     */
    public record SyncStats(long full, long partialOk, long partialErr, long captures) {
    }

    /** What INFO replication prints about the backlog and the ids. */
    public record BacklogInfo(boolean active, String replid, String replid2, long offset, long secondReplidOffset,
                              long size, long firstByteOffset, long histlen) {
    }
}
