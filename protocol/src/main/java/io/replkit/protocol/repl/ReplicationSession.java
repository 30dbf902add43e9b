package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.protocol.resp.CommandDecoder;
import io.replkit.protocol.resp.RespEncoder;
import io.replkit.protocol.resp.RespProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A replica's side of replication, without a dataset: handshake, full or partial resync, the
 * snapshot handed to the listener as a stream, then every command of the stream with its exact
 * end offset, {@code REPLCONF ACK} every second and on {@code REPLCONF GETACK}, and reconnects
 * that continue where the stream stopped.
 *
 * <p>Offsets follow {@code replication.c}: the stream starts at the offset of
 * {@code +FULLRESYNC} (or the requested one on {@code +CONTINUE}) and every byte of it counts.
 * Two positions are kept:
 * <ul>
 *   <li>delivered: the end of the last command handed to the listener. A reconnect asks
 *       {@code PSYNC <replid> <delivered+1>}, so the listener sees no command twice, even when
 *       the link broke inside a MULTI.</li>
 *   <li>acknowledged: like Redis's {@code reploff}, it does not move inside MULTI until EXEC, and a
 *       {@code REPLCONF GETACK} is answered with the offset before the GETACK itself.</li>
 * </ul>
 *
 * <p>{@link #run()} blocks; {@link #stop()} (from the listener or another thread) ends it.
 */
public final class ReplicationSession {
    private static final byte[] GETACK = "GETACK".getBytes(StandardCharsets.US_ASCII);

    private final MasterLink.Connector connector;
    private final SessionSettings settings;
    private final ReplicationListener listener;
    private final ScheduledExecutorService timer;

    private volatile boolean stopped;
    /** Whether any link completed a resync (until then, failures are not retried unless following). */
    private boolean synced;
    /** Whether the current link completed a resync. */
    private boolean linkSynced;
    private volatile MasterLink link;
    private String lastAddress;
    private volatile ReplicationId replid;
    private volatile long delivered = -1;
    private volatile long acknowledged = -1;
    private boolean inMulti;
    private int db = -1;
    private long commands;

    public ReplicationSession(MasterLink.Connector connector, SessionSettings settings, ReplicationListener listener) {
        this.connector = connector;
        this.settings = settings;
        this.listener = listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replkit-repl-ack");
            t.setDaemon(true);
            return t;
        });
        if (settings.startFrom() != null) {
            replid = settings.startFrom().replid();
            delivered = settings.startFrom().offset();
            acknowledged = delivered;
        }
    }

    /**
     * Runs until {@link #stop()}, or until the link is lost and cannot be re-established.
     *
     * @throws ReplicationException naming the master and the cause when it gives up
     */
    public void run() throws IOException {
        int attempt = 0;
        try {
            while (!stopped) {
                linkSynced = false;
                try {
                    MasterLink l = connector.connect();
                    link = l;
                    lastAddress = l.address();
                    try (l) {
                        if (!stopped) {
                            session(l);
                        }
                    }
                    return;
                } catch (ListenerFailure e) {
                    throw e.getCause();
                } catch (IOException e) {
                    if (stopped) {
                        return;
                    }
                    if (!isRetryable(e) || (!synced && !settings.follow())) {
                        throw e;
                    }
                    if (linkSynced) {
                        attempt = 0; // the link worked: start the backoff over
                    }
                    attempt++;
                    if (!settings.follow() && attempt > settings.maxRetries()) {
                        throw new ReplicationException(describe(e) + " (gave up after "
                            + settings.maxRetries() + " reconnect attempts)", false, e);
                    }
                    Duration delay = settings.backoff(attempt);
                    listener.onReconnecting(attempt, delay, e);
                    sleep(delay);
                } finally {
                    link = null;
                }
            }
        } finally {
            timer.shutdownNow();
        }
    }

    /** Ends {@link #run()} after the current command (for the listener; other threads use {@link #stopNow()}). */
    public void stop() {
        stopped = true;
    }

    /** Like {@link #stop()}, and closes the link so a blocked read returns at once (for other threads). */
    public void stopNow() {
        stopped = true;
        MasterLink l = link;
        if (l != null) {
            try {
                l.close();
            } catch (IOException ignored) {
                // closing only to interrupt a read
            }
        }
    }

    /**
     * The database the stream is in before its first SELECT, when the caller knows it (e.g. from a
     * checkpoint); after a partial resync the master does not repeat its SELECT.
     */
    public void assumeDb(int db) {
        this.db = db;
    }

    public boolean isStopped() {
        return stopped;
    }

    /** The master's id and the end offset of the last command delivered, or null before the first sync. */
    public ReplicationOffset position() {
        return replid == null || delivered < 0 ? null : new ReplicationOffset(replid, delivered);
    }

    /** The database the stream's commands apply to (from its SELECTs), or -1 before the first SELECT. */
    public int currentDb() {
        return db;
    }

    /** The offset the session acknowledges to the master (Redis's {@code reploff}). */
    public long acknowledgedOffset() {
        return acknowledged;
    }

    /** One connection: handshake, resync, stream. Returns only when stopped. */
    private void session(MasterLink l) throws IOException {
        l.setReadTimeout(settings.replTimeout());
        deliver(() -> listener.onConnected(l.address()));
        ReplicationOffset resume = position();
        int port = settings.listeningPort();
        ReplicationHandshake hs = new ReplicationHandshake(port == 0 ? l.localPort() : port, resume, settings.rdbOnly());
        while (hs.state() != ReplicationHandshake.State.DONE) {
            String what = "the reply to " + new String(hs.command()[0], StandardCharsets.US_ASCII) + " from " + l.address();
            l.write(encode(hs.command()));
            String line;
            do {
                // a diskless master sends newlines while it waits to start the snapshot; answering one
                // with the command again would reset its wait (repl-diskless-sync-delay) forever
                line = Lines.read(l, what);
            } while (line.isEmpty());
            try {
                hs.onReply(line);
            } catch (ReplicationException e) {
                throw new ReplicationException(l.address() + ": " + e.getMessage(), e.isRetryable(), e);
            }
        }
        PsyncReply reply = hs.psyncReply();
        long start;
        if (reply instanceof PsyncReply.Refused r) {
            throw new ReplicationException(l.address() + " refused PSYNC: " + r.error(), r.isTransient());
        } else if (reply instanceof PsyncReply.FullResync f) {
            String reason = resume == null ? null
                : l.address() + " could not continue from " + resume
                    + " (replication id unknown or the backlog no longer holds that offset)";
            // until the snapshot is complete there is no position to continue from
            replid = null;
            delivered = -1;
            synced = linkSynced = true;
            RdbTransfer transfer = RdbTransfer.begin(l);
            try {
                listener.onFullResync(f.replid(), f.offset(), reason, transfer);
            } catch (IOException e) {
                if (transfer.linkFailure() != null) {
                    throw transfer.linkFailure(); // the link broke while the listener read the snapshot
                }
                throw new ListenerFailure(e);
            }
            if (stopped) {
                return;
            }
            if (!transfer.isComplete()) {
                transfer.skipRest();
            }
            start = f.offset();
            replid = f.replid();
            delivered = start;
            acknowledged = start;
            inMulti = false;
            db = -1;
            sendAck(l); // a diskless master waits for this ACK before it starts the stream
        } else {
            PsyncReply.Continue c = (PsyncReply.Continue) reply;
            c.newReplid().ifPresent(id -> replid = id);
            start = delivered;
            inMulti = false;
            synced = linkSynced = true;
            ReplicationId id = replid;
            deliver(() -> listener.onContinue(id, start));
        }
        ScheduledFuture<?> acks = timer.scheduleAtFixedRate(() -> {
            try {
                sendAck(l);
            } catch (IOException ignored) {
                // the reading thread notices a broken link
            }
        }, settings.ackInterval().toMillis(), settings.ackInterval().toMillis(), TimeUnit.MILLISECONDS);
        try {
            stream(l, start);
        } finally {
            acks.cancel(false);
        }
    }

    private void stream(MasterLink l, long start) throws IOException {
        CommandDecoder decoder = new CommandDecoder();
        boolean raw = listener.wantsStreamBytes();
        ByteBuf buf = l.buffer();
        // the current command's first byte in buf, and its bytes consumed before a readMore moved buf
        int mark = buf.readerIndex();
        ByteBuf carried = raw ? Unpooled.buffer(0) : null;
        long previousEnd = start;
        try {
            while (!stopped) {
                byte[][] args;
                while ((args = decoder.decode(buf)) != null) {
                    long end = start + decoder.consumedBytes();
                    if (raw) {
                        ByteBuf bytes = buf.slice(mark, buf.readerIndex() - mark);
                        if (carried.isReadable()) {
                            carried.writeBytes(bytes);
                            bytes = carried;
                        }
                        long from = previousEnd;
                        ByteBuf b = bytes;
                        deliver(() -> listener.onStreamBytes(b, from));
                        carried.clear();
                        mark = buf.readerIndex();
                    }
                    previousEnd = end;
                    command(l, args, end);
                    if (stopped) {
                        return;
                    }
                }
                deliver(listener::onIdle);
                if (raw) {
                    // readMore may discard consumed bytes: keep the current command's part
                    carried.writeBytes(buf, mark, buf.readerIndex() - mark);
                }
                int n = readMore(l);
                if (n < 0) {
                    throw new EOFException(l.address() + " closed the replication link");
                }
                mark = buf.readerIndex();
            }
        } finally {
            if (carried != null) {
                carried.release();
            }
        }
    }

    private int readMore(MasterLink l) throws IOException {
        try {
            return l.readMore();
        } catch (SocketTimeoutException e) {
            throw new ReplicationException(l.address() + " sent nothing for "
                + settings.replTimeout().toSeconds() + " s (repl-timeout)", true, e);
        }
    }

    private void command(MasterLink l, byte[][] args, long end) throws IOException {
        commands++;
        if (args.length > 0) {
            byte[] name = args[0];
            if (isCommand(name, "REPLCONF") && args.length > 1 && equalsIgnoreCase(args[1], GETACK)) {
                sendAck(l); // still the offset before the GETACK
            } else if (isCommand(name, "SELECT") && args.length > 1) {
                db = parseDb(args[1]);
            } else if (isCommand(name, "MULTI")) {
                inMulti = true;
            } else if (isCommand(name, "EXEC")) {
                inMulti = false;
            }
        }
        delivered = end;
        if (!inMulti) {
            acknowledged = end;
        }
        try {
            listener.onCommand(args, end);
        } catch (IOException e) {
            throw new ListenerFailure(e);
        }
    }

    private void sendAck(MasterLink l) throws IOException {
        l.write(encode(new byte[][] {
            "REPLCONF".getBytes(StandardCharsets.US_ASCII),
            "ACK".getBytes(StandardCharsets.US_ASCII),
            Long.toString(acknowledged).getBytes(StandardCharsets.US_ASCII)}));
    }

    private static byte[] encode(byte[][] args) {
        ByteBuf out = Unpooled.buffer(64);
        RespEncoder.writeCommand(out, args);
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }

    /** The error's message, naming the master when it does not already. */
    private String describe(IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (lastAddress == null || msg.contains(lastAddress)) {
            return msg;
        }
        return "replication link to " + lastAddress + ": " + msg;
    }

    /** A listener's own failure: ends the session, never retried. */
    private static final class ListenerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenerFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    @FunctionalInterface
    private interface ListenerCall {
        void run() throws IOException;
    }

    private static void deliver(ListenerCall call) {
        try {
            call.run();
        } catch (IOException e) {
            throw new ListenerFailure(e);
        }
    }

    private static boolean isRetryable(IOException e) {
        if (e instanceof ReplicationException r) {
            return r.isRetryable();
        }
        if (e instanceof RespProtocolException) {
            return false;
        }
        // lost links, timeouts, refused connections; a connector reports bad credentials as a
        // ReplicationException that is not retryable
        return true;
    }

    private static int parseDb(byte[] b) {
        int v = 0;
        for (byte c : b) {
            if (c < '0' || c > '9' || v > 100_000_000) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return b.length == 0 ? -1 : v;
    }

    private static boolean isCommand(byte[] name, String upper) {
        if (name.length != upper.length()) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = name[i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(byte[] a, byte[] upper) {
        return a.length == upper.length && isCommand(a, new String(upper, StandardCharsets.US_ASCII));
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to reconnect");
        }
    }
}
