package io.replkit.cli.rdbfile;

import io.replkit.rdb.RdbLimits;
import io.replkit.rdb.RdbOpcode;
import io.replkit.rdb.RdbReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A byte range of an RDB file read as an RDB file of its own: the file's 9-byte header, the records
 * in [from, to), then an EOF with a zero ("disabled") checksum. Used to read one database's keys
 * again after a first pass over the whole file (whose checksum that pass verified).
 */
final class RdbSection {
    private static final int HEADER_LENGTH = 9;

    private RdbSection() {
    }

    static RdbReader open(Path file, long from, long to) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            byte[] header = new byte[HEADER_LENGTH];
            ByteBuffer bb = ByteBuffer.wrap(header);
            while (bb.hasRemaining() && ch.read(bb, bb.position()) > 0) {
                // until the header is complete
            }
            int version = Integer.parseInt(new String(header, 5, 4, java.nio.charset.StandardCharsets.US_ASCII));
            byte[] end = new byte[version >= 5 ? 9 : 1];
            end[0] = (byte) RdbOpcode.EOF.code();
            ch.position(from);
            InputStream body = new BoundedInputStream(Channels.newInputStream(ch), to - from);
            InputStream in = new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(header), body),
                new ByteArrayInputStream(end));
            return new RdbReader(in, HEADER_LENGTH + (to - from) + end.length, RdbLimits.DEFAULT);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** At most {@code remaining} bytes of a stream; closing closes the stream. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
