package io.replkit.replica.chain;

import io.netty.channel.Channel;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Sends one downstream replica its snapshot, on a thread of its own: captures the served dataset
 * at an exact offset, joins the downstream to the stream from that offset + 1 (held meanwhile),
 * answers {@code +FULLRESYNC <replid> <offset>}, then writes the RDB framed as
 * {@code $EOF:<40 hex chars>} ... mark when the replica announced {@code capa eof}, else as
 * {@code $<length>} (the RDB is written to a temp file first to know its length; newlines go out
 * every second meanwhile, which replicas read as keepalives). Writing waits for the connection
 * (see {@link ChannelOutput}): the RDB is never held in memory.
 */
final class FullSync implements Runnable {
    private static final int MARK_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Relay relay;
    private final Downstream d;

    FullSync(Relay relay, Downstream d) {
        this.relay = relay;
        this.d = d;
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try (SnapshotSource.Capture capture = relay.snapshots().capture()) {
            if (!relay.beginTransfer(d, capture.replId(), capture.offset())) {
                return;
            }
            ChannelOutput out = new ChannelOutput(d.channel);
            if (!d.prePsync) {
                out.writeAscii("+FULLRESYNC " + capture.replId() + " " + capture.offset() + "\r\n");
                out.flush(); // before any keepalive
            }
            boolean diskless = d.announced.capaEof;
            long rdbBytes = diskless ? sendDiskless(capture, out) : sendWithLength(capture, out);
            out.flush();
            relay.endTransfer(d, diskless);
            relay.log().accept(String.format("snapshot of %d bytes at offset %d sent to %s (%s) in %d ms", rdbBytes,
                    capture.offset(), d.name(), diskless ? "$EOF" : "$length", (System.nanoTime() - started) / 1_000_000));
        } catch (IOException | RuntimeException e) {
            relay.fail(d, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static long sendDiskless(SnapshotSource.Capture capture, ChannelOutput out) throws IOException {
        String mark = randomHex();
        out.writeAscii("$EOF:" + mark + "\r\n");
        long before = out.written();
        capture.writeRdb(out);
        long rdb = out.written() - before;
        out.writeAscii(mark);
        return rdb;
    }

    private long sendWithLength(SnapshotSource.Capture capture, ChannelOutput out) throws IOException {
        Path tmp = Files.createTempFile("replkit-sync-", ".rdb");
        try {
            try (OutputStream file = new KeepaliveOutput(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16),
                    d.channel)) {
                capture.writeRdb(file);
            }
            long len = Files.size(tmp);
            out.writeAscii("$" + len + "\r\n");
            try (InputStream in = Files.newInputStream(tmp)) {
                in.transferTo(out);
            }
            return len;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String randomHex() {
        StringBuilder sb = new StringBuilder(MARK_LENGTH);
        for (int i = 0; i < MARK_LENGTH; i++) {
            sb.append("0123456789abcdef".charAt(RANDOM.nextInt(16)));
        }
        return sb.toString();
    }

    /** Passes writes on, and sends the replica a newline (a keepalive) at most once a second. */
    private static final class KeepaliveOutput extends FilterOutputStream {
        private final Channel channel;
        private long lastMs = System.currentTimeMillis();

        KeepaliveOutput(OutputStream out, Channel channel) {
            super(out);
            this.channel = channel;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            tick();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            tick();
        }

        private void tick() throws IOException {
            long now = System.currentTimeMillis();
            if (now - lastMs >= 1000) {
                lastMs = now;
                if (!channel.isActive()) {
                    throw new IOException("the replica closed the connection");
                }
                channel.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {'\n'}));
            }
        }
    }
}
