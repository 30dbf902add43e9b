package io.replkit.replica.chain;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One replica replicating from us: its connection, what it announced, where it is (Redis's
 * {@code SLAVE_STATE_*}), the offset it acknowledged and when, and the stream bytes waiting for it.
 *
 * <p>Stream bytes reach it in three ways: while its snapshot is being prepared and sent they are
 * held here (from the snapshot's offset + 1 on); once online they are written to its channel; a
 * diskless ({@code $EOF}) transfer keeps holding them until its first {@code REPLCONF ACK}, as Redis
 * does ({@code repl_start_cmd_stream_on_ack}), so the stream never follows the end mark in the
 * same read. Both kinds of waiting bytes count against the {@link OutputLimit}. State changes
 * happen under the {@link Relay}'s lock; the counters are read by INFO from any thread.
 */
public final class Downstream {
    /** Redis's replica states, by the names INFO prints. */
    public enum State {
        WAIT_BGSAVE("wait_bgsave"), SEND_BULK("send_bulk"), ONLINE("online");

        private final String infoName;

        State(String infoName) {
            this.infoName = infoName;
        }

        public String infoName() {
            return infoName;
        }
    }

    final Channel channel;
    final String peerIp;
    final ReplicaAnnouncement announced;
    /** Came with the old SYNC: no +FULLRESYNC line, no ACKs expected. */
    final boolean prePsync;
    private volatile State state = State.WAIT_BGSAVE;
    private volatile long ackOffset;
    private volatile long ackTimeMs = System.currentTimeMillis();
    /** Bytes written to the channel and not yet handed to the socket. */
    private final AtomicLong queued = new AtomicLong();
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private long heldBytes;
    /** Whether held bytes wait for the first ACK after a diskless transfer. */
    boolean streamOnAck;
    /** An ACK came while the transfer was still finishing (the replica loaded it before we marked it sent). */
    boolean ackedInTransfer;
    /** When the pending bytes went over the soft limit, or -1. */
    long softSinceMs = -1;
    /** Since when a snapshot write to it has been waiting for the socket to drain, or -1 (the full-sync timeout). */
    volatile long writeWaitSinceMs = -1;
    boolean dropped;

    Downstream(Channel channel, String peerIp, ReplicaAnnouncement announced, boolean prePsync) {
        this.channel = channel;
        this.peerIp = peerIp;
        this.announced = announced == null ? new ReplicaAnnouncement() : announced;
        this.prePsync = prePsync;
    }

    public State state() {
        return state;
    }

    void state(State s) {
        state = s;
    }

    /** The address INFO shows: the announced ip or the peer's. */
    public String ip() {
        String ip = announced.ipAddress;
        return ip != null ? ip : peerIp;
    }

    public int port() {
        return announced.listeningPort;
    }

    /** The name Redis logs it by: {@code ip:port}. */
    public String name() {
        return ip() + ":" + port();
    }

    public long ackOffset() {
        return ackOffset;
    }

    public long ackTimeMs() {
        return ackTimeMs;
    }

    void ack(long offset, long nowMs) {
        if (offset > ackOffset) {
            ackOffset = offset;
        }
        ackTimeMs = nowMs;
    }

    /**
     * The replica showed it is alive without acknowledging an offset (a newline while it loads a big
     * snapshot, as Redis counts one), or it just went online ({@code replicaPutOnline}): no false timeout.
     */
    void heard(long nowMs) {
        ackTimeMs = nowMs;
    }

    /** Stream bytes waiting for this replica: held here or queued in its channel. */
    public long pendingBytes() {
        return queued.get() + heldBytes;
    }

    /** Takes one reference of {@code bytes}: written when online, else held. */
    void send(ByteBuf bytes) {
        if (state == State.ONLINE && !streamOnAck) {
            write(bytes);
        } else {
            held.add(bytes);
            heldBytes += bytes.readableBytes();
        }
    }

    /** Writes what was held, in order, and from now on writes straight away. */
    void releaseHeld() {
        streamOnAck = false;
        ByteBuf b;
        while ((b = held.poll()) != null) {
            heldBytes -= b.readableBytes();
            write(b);
        }
    }

    void write(ByteBuf bytes) {
        int n = bytes.readableBytes();
        queued.addAndGet(n);
        channel.writeAndFlush(bytes).addListener(f -> queued.addAndGet(-n));
    }

    /** Drops what was held and closes the connection (the replica will reconnect and resync). */
    void drop() {
        dropped = true;
        ByteBuf b;
        while ((b = held.poll()) != null) {
            b.release();
        }
        heldBytes = 0;
        channel.close();
    }
}
