package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The snapshot payload that follows {@code +FULLRESYNC} ({@code readSyncBulkPayload}): newline
 * keepalives while the master prepares it, then either {@code $<len>\r\n} and exactly len bytes
 * (disk-based), or {@code $EOF:<40-char mark>\r\n}, the bytes, and the same 40 chars (diskless).
 *
 * <p>{@link #rdb()} is the RDB alone, ending exactly at its last byte; the bytes after it stay in
 * the source's buffer (the replication stream). For a diskless payload the last 40 bytes received
 * are held back until they are known not to be the end mark.
 */
public final class RdbTransfer {
    private static final int MARK_LENGTH = 40;

    private final StreamSource source;
    private final long length;
    private final byte[] mark;
    private final int keepalives;
    private final Payload payload = new Payload();
    private long received;
    private boolean complete;
    private IOException linkFailure;

    private RdbTransfer(StreamSource source, long length, byte[] mark, int keepalives) {
        this.source = source;
        this.length = length;
        this.mark = mark;
        this.keepalives = keepalives;
    }

    /**
     * Reads the payload header from {@code source}, skipping keepalive newlines.
     *
     * @throws ReplicationException when the master aborts ({@code -...}) or sends something else
     */
    public static RdbTransfer begin(StreamSource source) throws IOException {
        int keepalives = 0;
        while (true) {
            String line = Lines.read(source, "the snapshot");
            if (line.isEmpty()) {
                keepalives++;
                continue;
            }
            if (line.startsWith("-")) {
                throw new ReplicationException("master aborted the snapshot transfer: " + line.substring(1), true);
            }
            if (line.startsWith("$EOF:")) {
                String m = line.substring(5);
                if (m.length() != MARK_LENGTH) {
                    throw new ReplicationException("diskless payload header \"" + line + "\" has a "
                        + m.length() + "-byte end mark, expected " + MARK_LENGTH, false);
                }
                return new RdbTransfer(source, -1, m.getBytes(StandardCharsets.ISO_8859_1), keepalives);
            }
            if (line.startsWith("$")) {
                long len;
                try {
                    len = Long.parseLong(line.substring(1));
                } catch (NumberFormatException e) {
                    len = -1;
                }
                if (len < 0) {
                    throw new ReplicationException("bad snapshot length in \"" + line
                        + "\": expected $<length> or $EOF:<mark>", false);
                }
                return new RdbTransfer(source, len, null, keepalives);
            }
            throw new ReplicationException("unexpected line \"" + printable(line)
                + "\" before the snapshot: expected $<length> or $EOF:<mark>", false);
        }
    }

    /** Whether the payload is diskless ({@code $EOF:<mark>}), whose length is known only at its end. */
    public boolean isDiskless() {
        return mark != null;
    }

    /** The declared RDB length, or -1 for a diskless payload. */
    public long declaredLength() {
        return length;
    }

    /** How many keepalive newlines came before the payload header. */
    public int keepalives() {
        return keepalives;
    }

    /** RDB bytes handed out so far. */
    public long bytesReceived() {
        return received;
    }

    /** Whether the whole RDB (and, diskless, its end mark) was read. */
    public boolean isComplete() {
        return complete;
    }

    /**
     * The error that broke the link while the payload was read (the connection closed, timed out,
     * or the framing was wrong), or null: tells a lost link from an error of the snapshot's consumer.
     */
    public IOException linkFailure() {
        return linkFailure;
    }

    /** The RDB bytes; reading it to its end consumes the payload (and the end mark) from the source. */
    public InputStream rdb() {
        return payload;
    }

    /** Reads and discards what is left of the payload. */
    public void skipRest() throws IOException {
        byte[] scratch = new byte[1 << 16];
        while (payload.read(scratch, 0, scratch.length) >= 0) {
            // discard
        }
    }

    /** How many bytes at the front of the buffer can be handed out now; 0 means more must arrive (or the end was reached). */
    private int releasable() throws IOException {
        ByteBuf buf = source.buffer();
        if (mark == null) {
            return (int) Math.min(buf.readableBytes(), length - received);
        }
        return markSearch.releasable(buf);
    }

    private final MarkSearch markSearch = new MarkSearch();

    /**
     * Finds the diskless end mark in the buffer. Positions before {@code scanned} (relative to the
     * reader index) are known not to start the mark, so those bytes are RDB data.
     */
    private final class MarkSearch {
        private int scanned;
        private int markAt = -1;

        int releasable(ByteBuf buf) {
            if (markAt >= 0) {
                return markAt;
            }
            int r = buf.readerIndex();
            int lastStart = buf.writerIndex() - MARK_LENGTH;
            for (int p = r + scanned; p <= lastStart; ) {
                int hit = buf.indexOf(p, lastStart + 1, mark[0]);
                if (hit < 0) {
                    break;
                }
                if (matches(buf, hit)) {
                    markAt = hit - r;
                    return markAt;
                }
                p = hit + 1;
            }
            scanned = Math.max(scanned, lastStart + 1 - r);
            return scanned;
        }

        private boolean matches(ByteBuf buf, int at) {
            for (int i = 1; i < MARK_LENGTH; i++) {
                if (buf.getByte(at + i) != mark[i]) {
                    return false;
                }
            }
            return true;
        }

        void consumed(int n) {
            scanned -= n;
            if (markAt >= 0) {
                markAt -= n;
            }
        }

        boolean atMark() {
            return markAt == 0;
        }
    }

    private final class Payload extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (complete) {
                    return -1;
                }
                int n = Math.min(len, releasable());
                if (n > 0) {
                    source.buffer().readBytes(b, off, n);
                    received += n;
                    if (mark != null) {
                        markSearch.consumed(n);
                    } else if (received == length) {
                        complete = true;
                    }
                    return n;
                }
                if (mark == null && received == length) {
                    complete = true;
                    return -1;
                }
                if (mark != null && markSearch.atMark()) {
                    source.buffer().skipBytes(MARK_LENGTH);
                    complete = true;
                    return -1;
                }
                int more;
                try {
                    more = source.readMore();
                } catch (IOException e) {
                    linkFailure = e;
                    throw e;
                }
                if (more < 0) {
                    linkFailure = new ReplicationException(mark == null
                        ? "connection closed after " + received + " of " + length + " snapshot bytes"
                        : "connection closed after " + (received + source.buffer().readableBytes())
                            + " bytes of a diskless snapshot, before its end mark", true);
                    throw linkFailure;
                }
            }
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 60; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return s.length() > 60 ? sb + "..." : sb.toString();
    }
}
