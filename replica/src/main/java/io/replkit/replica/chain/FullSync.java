package io.replkit.replica.chain;

import io.netty.buffer.Unpooled;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One capture of the served dataset sent to every downstream replica that asked for a full sync
 * while it was being prepared, as one Redis BGSAVE for replication serves several replicas. Runs on
 * a thread of its own:
 * <ul>
 *   <li>{@link #diskless} ({@code $EOF:<40 hex chars>} ... mark, for replicas that announced
 *       {@code capa eof}): waits {@code repl-diskless-sync-delay} for more replicas to come (newlines
 *       go out meanwhile, as keepalives), captures, and writes the RDB once, to all of them at the
 *       pace of the slowest (see {@link ChannelOutput}); replicas that come later wait for the next
 *       capture, as with Redis's socket target. A replica without {@code capa eof} arriving
 *       meanwhile starts a capture to a file that takes the waiting ones along, as Redis's disk
 *       BGSAVE takes every replica waiting for one.</li>
 *   <li>otherwise ({@code $<length>}): captures at once and writes the RDB to a temp file to know its
 *       length (newlines go out every second meanwhile); replicas that come while the file is
 *       written attach to it, with the stream from the capture's offset + 1 taken from the backlog
 *       (Redis's "Waiting for end of BGSAVE for SYNC"), then each gets the file on a thread of its
 *       own.</li>
 * </ul>
 * The RDB is never held in memory. Membership changes under the {@link Relay}'s lock.
 */
final class FullSync implements Runnable {
    private static final int MARK_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Relay relay;
    /** Counts captures in the log. */
    final long number;
    final boolean diskless;
    private final long delayMs;
    /** The replicas this capture serves (under the relay's lock). */
    final List<Downstream> members = new ArrayList<>();
    /** Whether replicas may still join (under the relay's lock). */
    boolean accepting = true;
    /** The capture's id and offset, once taken (under the relay's lock). */
    String replid;
    long offset = -1;

    FullSync(Relay relay, long number, boolean diskless, long delayMs) {
        this.relay = relay;
        this.number = number;
        this.diskless = diskless;
        this.delayMs = delayMs;
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try {
            if (diskless) {
                waitForMoreReplicas();
                if (!relay.wanted(this)) {
                    return; // a capture to a file took its replicas, or they went away
                }
            }
            try (SnapshotSource.Capture capture = relay.snapshots().capture()) {
                List<Downstream> joined = relay.captured(this, capture.replId(), capture.offset());
                if (joined.isEmpty()) {
                    return; // they all went away (or our own resync dropped them)
                }
                if (diskless) {
                    sendDiskless(capture, joined, started);
                } else {
                    sendWithLength(capture, started);
                }
            }
        } catch (IOException | RuntimeException e) {
            relay.failAll(this, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            relay.finished(this);
        }
    }

    /** Redis's {@code repl-diskless-sync-delay}: more replicas may come and share this capture. */
    private void waitForMoreReplicas() {
        long end = System.currentTimeMillis() + delayMs;
        long left;
        while ((left = end - System.currentTimeMillis()) > 0) {
            try {
                Thread.sleep(Math.min(1000, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            relay.keepalive(this);
        }
    }

    private void sendDiskless(SnapshotSource.Capture capture, List<Downstream> joined, long started) throws IOException {
        List<Sink> sinks = new ArrayList<>();
        for (Downstream d : joined) {
            sinks.add(new Sink(d, new ChannelOutput(d)));
        }
        String mark = randomHex();
        TeeOutput tee = new TeeOutput(sinks);
        tee.writeAscii("$EOF:" + mark + "\r\n");
        long before = tee.written;
        capture.writeRdb(tee);
        long rdb = tee.written - before;
        tee.writeAscii(mark);
        tee.flush();
        for (Sink s : tee.sinks) {
            relay.endTransfer(s.d, true);
            relay.log().accept(String.format("snapshot of %d bytes at offset %d sent to %s ($EOF) in %d ms", rdb,
                    capture.offset(), s.d.name(), (System.nanoTime() - started) / 1_000_000));
        }
    }

    private void sendWithLength(SnapshotSource.Capture capture, long started) throws IOException {
        Path tmp = Files.createTempFile("replkit-sync-", ".rdb");
        try {
            try (OutputStream file = new KeepaliveOutput(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                capture.writeRdb(file);
            }
            long len = Files.size(tmp);
            List<Downstream> all = relay.closeToNewReplicas(this);
            CountDownLatch done = new CountDownLatch(all.size());
            for (Downstream d : all) {
                Thread t = new Thread(() -> {
                    try {
                        sendFile(d, tmp, len, started);
                    } finally {
                        done.countDown();
                    }
                }, "replkit-full-sync-" + d.name());
                t.setDaemon(true);
                t.start();
            }
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the snapshot", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void sendFile(Downstream d, Path file, long len, long started) {
        try {
            ChannelOutput out = new ChannelOutput(d);
            out.writeAscii("$" + len + "\r\n");
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
            out.flush();
            relay.endTransfer(d, false);
            relay.log().accept(String.format("snapshot of %d bytes at offset %d sent to %s ($length) in %d ms", len,
                    offset, d.name(), (System.nanoTime() - started) / 1_000_000));
        } catch (IOException | RuntimeException e) {
            relay.fail(d, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static String randomHex() {
        StringBuilder sb = new StringBuilder(MARK_LENGTH);
        for (int i = 0; i < MARK_LENGTH; i++) {
            sb.append("0123456789abcdef".charAt(RANDOM.nextInt(16)));
        }
        return sb.toString();
    }

    /** A replica being sent the diskless RDB. */
    private record Sink(Downstream d, ChannelOutput out) {
    }

    /**
     * Writes the same bytes to every replica of a diskless capture. A replica whose connection fails
     * is dropped and the others go on; when none is left the capture's writing stops.
     */
    private final class TeeOutput extends OutputStream {
        final List<Sink> sinks;
        long written;

        TeeOutput(List<Sink> sinks) {
            this.sinks = sinks;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < sinks.size(); i++) {
                Sink s = sinks.get(i);
                try {
                    s.out.write(b, off, len);
                } catch (IOException e) {
                    relay.fail(s.d, String.valueOf(e.getMessage()));
                    sinks.remove(i--);
                }
            }
            if (sinks.isEmpty()) {
                throw new IOException("every replica of capture #" + number + " went away");
            }
            written += len;
        }

        void writeAscii(String s) throws IOException {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            write(b, 0, b.length);
        }

        @Override
        public void flush() throws IOException {
            for (int i = 0; i < sinks.size(); i++) {
                Sink s = sinks.get(i);
                try {
                    s.out.flush();
                } catch (IOException e) {
                    relay.fail(s.d, String.valueOf(e.getMessage()));
                    sinks.remove(i--);
                }
            }
        }
    }

    /** Passes writes on, and sends the waiting replicas a newline (a keepalive) at most once a second. */
    private final class KeepaliveOutput extends FilterOutputStream {
        private long lastMs = System.currentTimeMillis();

        KeepaliveOutput(OutputStream out) {
            super(out);
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
                if (!relay.keepalive(FullSync.this)) {
                    throw new IOException("every replica of capture #" + number + " went away");
                }
            }
        }
    }

    static void newline(Downstream d) {
        d.channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'\n'}));
    }
}
