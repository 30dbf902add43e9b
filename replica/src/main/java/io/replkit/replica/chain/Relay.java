package io.replkit.replica.chain;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.nio.charset.StandardCharsets;
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
 * a {@link FullSync} thread per full sync sends a snapshot. One lock (this object) orders all of it:
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

    /** @param log receives status lines (downstream synced, cut off, dropped) */
    public Relay(long backlogSize, OutputLimit limit, Consumer<String> log) {
        this.backlog = new ReplicationBacklog(backlogSize);
        this.limit = limit;
        this.log = log;
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

    /** Starts sending a snapshot to {@code d} on a thread of its own. */
    public void startFullSync(Downstream d, String why) {
        synchronized (this) {
            if (d.dropped) {
                return;
            }
            downstreams.add(d);
        }
        log.accept("replica " + d.name() + " asks for synchronization: full sync (" + why + ")");
        Thread t = new Thread(new FullSync(this, d), "replkit-full-sync-" + d.name());
        t.setDaemon(true);
        t.start();
    }

    /**
     * The snapshot for {@code d} reflects {@code offset} of {@code replid}: from now on it receives
     * the stream from {@code offset + 1}, held until the snapshot is sent. False (and the
     * downstream dropped) when the backlog no longer holds that offset or the history changed.
     */
    synchronized boolean beginTransfer(Downstream d, String replid, long offset) {
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

    /** What INFO replication prints about the backlog and the ids. */
    public record BacklogInfo(boolean active, String replid, String replid2, long offset, long secondReplidOffset,
                              long size, long firstByteOffset, long histlen) {
    }
}
