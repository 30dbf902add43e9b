package io.replkit.replica;

import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbLimits;
import io.replkit.replica.apply.CommandApplier;
import io.replkit.replica.apply.CommandException;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.load.SnapshotLoader;
import io.replkit.testkit.RedisServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal replica link for tests: PSYNC ? -1 to a real master, the RDB payload it sends, then
 * the propagated commands exactly as a replica receives them, with their byte offsets. It never
 * acknowledges (the tests finish well within repl-timeout). Test-only: the protocol module brings
 * the real client.
 */
final class ReplicationTap implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final byte[] rdb;
    private final long startOffset;
    private long offset;
    private final List<String> log = new ArrayList<>();

    private ReplicationTap(Socket socket, InputStream in, byte[] rdb, long startOffset) {
        this.socket = socket;
        this.in = in;
        this.rdb = rdb;
        this.startOffset = startOffset;
        this.offset = startOffset;
    }

    static ReplicationTap connect(RedisServer master) throws IOException {
        Socket s = new Socket(master.host(), master.port());
        s.setSoTimeout(30_000);
        InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
        OutputStream out = s.getOutputStream();
        out.write("*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line;
        do {
            line = readLine(in);
        } while (line.isEmpty());
        if (!line.startsWith("+FULLRESYNC ")) {
            s.close();
            throw new IOException("PSYNC answered " + line);
        }
        long start = Long.parseLong(line.split(" ")[2]);
        do {
            line = readLine(in);
        } while (line.isEmpty());
        if (!line.startsWith("$")) {
            s.close();
            throw new IOException("expected the RDB payload, got " + line);
        }
        byte[] rdb = in.readNBytes(Integer.parseInt(line.substring(1)));
        return new ReplicationTap(s, in, rdb, start);
    }

    /** Reads a line up to CRLF (or a bare LF, the master's keepalive). */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("master closed the link");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    byte[] rdb() {
        return rdb;
    }

    long startOffset() {
        return startOffset;
    }

    /** A dataset loaded from the snapshot the master sent. */
    Dataset loadSnapshot(io.replkit.replica.data.EncodingRules rules) throws IOException {
        Dataset ds = new Dataset();
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(rdb), rdb.length, RdbLimits.DEFAULT)) {
            SnapshotLoader.load(r, ds, rules);
        }
        return ds;
    }

    /** Reads one command of the stream; returns its arguments and advances the offset by its size. */
    byte[][] next() throws IOException {
        int first = in.read();
        long size = 1;
        while (first == '\n') { // never counted
            first = in.read();
        }
        if (first != '*') {
            throw new IOException("expected a RESP array at offset " + offset + ", got byte " + first);
        }
        String n = readLine(in);
        size += n.length() + 2;
        byte[][] argv = new byte[Integer.parseInt(n)][];
        for (int i = 0; i < argv.length; i++) {
            String len = readLine(in);
            size += len.length() + 2;
            argv[i] = in.readNBytes(Integer.parseInt(len.substring(1)));
            in.readNBytes(2);
            size += argv[i].length + 2;
        }
        offset += size;
        return argv;
    }

    /** Applies commands until the stream offset reaches {@code masterOffset}; command errors fail. */
    /** The master offset of the end of the last command read. */
    long offset() {
        return offset;
    }

    void applyUntil(long masterOffset, CommandApplier applier) throws IOException {
        while (offset < masterOffset) {
            byte[][] argv = next();
            log.add(render(argv));
            if (System.getenv("TAP_DEBUG") != null && render(argv).contains(System.getenv("TAP_DEBUG"))) {
                System.err.println("TAP " + render(argv));
            }
            if (log.size() > 40) {
                log.remove(0);
            }
            try {
                applier.apply(argv);
            } catch (CommandException e) {
                throw new AssertionError("applying " + render(argv) + " at offset " + offset + ": " + e.getMessage(), e);
            }
        }
    }

    /** The last commands applied (for failure messages). */
    List<String> recent() {
        return log;
    }

    static String render(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String s = io.replkit.rdb.Printable.escape(a, 60);
            sb.append(s);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
