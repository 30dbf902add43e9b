package io.replkit.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small blocking RESP2 client for tests: one socket, buffered, binary-safe, not thread-safe.
 *
 * <p>Arguments are {@code String} (sent as UTF-8), {@code byte[]} (sent as is) or, for
 * convenience, any {@code Number} (sent as its decimal {@code toString()}).
 *
 * <p>Replies map as: simple string &rarr; {@code String}; error &rarr; thrown
 * {@link RedisErrorReply} (inside an array: a {@code RedisErrorReply} element); integer &rarr;
 * {@code Long}; bulk string &rarr; {@code byte[]} ({@code null} for nil); array &rarr;
 * {@code List<Object>} ({@code null} for a nil array).
 *
 * <p>I/O failures are thrown as {@link UncheckedIOException}.
 */
public final class TestRedisClient implements AutoCloseable {

    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects with a 5 s connect timeout and a 30 s read timeout. */
    public TestRedisClient(String host, int port) {
        this(host, port, Duration.ofSeconds(30));
    }

    /** Connects with a 5 s connect timeout and the given read timeout. */
    public TestRedisClient(String host, int port, Duration readTimeout) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
            this.in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            this.out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot connect to redis at " + host + ":" + port, e);
        }
        this.socket = s;
    }

    /** Sends one command and returns its reply (see the class doc for the mapping). */
    public Object call(Object... args) {
        send(args);
        return readReply();
    }

    /**
     * Like {@link #call} but as a string: bulk and simple strings as UTF-8, integers in decimal,
     * nil as {@code null}.
     *
     * @throws IllegalStateException for an array reply
     */
    public String callString(Object... args) {
        Object reply = call(args);
        if (reply == null) {
            return null;
        } else if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        } else if (reply instanceof String || reply instanceof Long) {
            return reply.toString();
        }
        throw new IllegalStateException("reply to " + describe(args) + " is not a string: " + reply);
    }

    /**
     * Like {@link #call} but as a number: integer replies, or string replies holding an integer.
     *
     * @throws IllegalStateException when the reply is not an integer
     */
    public long callLong(Object... args) {
        Object reply = call(args);
        if (reply instanceof Long l) {
            return l;
        }
        String s = reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                : reply instanceof String str ? str : null;
        if (s != null) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalStateException("reply to " + describe(args) + " is not an integer: " + reply);
    }

    /**
     * {@code INFO <section>} parsed into {@code field -> value} (comment and blank lines left
     * out), in the server's order.
     */
    public Map<String, String> info(String section) {
        return parseInfo(callString("INFO", section));
    }

    /** {@code INFO} (the default sections) parsed into {@code field -> value}. */
    public Map<String, String> info() {
        return parseInfo(callString("INFO"));
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                map.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return map;
    }

    /** Sends one command without reading its reply (for pipelining; pair with {@link #readReply}). */
    public void send(Object... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        try {
            writeHeader('*', args.length);
            for (Object arg : args) {
                byte[] bytes = toBytes(arg);
                writeHeader('$', bytes.length);
                out.write(bytes);
                out.write(CRLF);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + describe(args), e);
        }
    }

    /** Reads the next reply (see the class doc for the mapping; a top-level error is thrown). */
    public Object readReply() {
        Object reply;
        try {
            reply = read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a reply", e);
        }
        if (reply instanceof RedisErrorReply err) {
            throw new RedisErrorReply(err.getMessage());
        }
        return reply;
    }

    /** The underlying socket (e.g. to change its timeout). */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do for a test client
        }
    }

    private static byte[] toBytes(Object arg) {
        if (arg instanceof byte[] b) {
            return b;
        } else if (arg instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        } else if (arg instanceof Number n) {
            return n.toString().getBytes(StandardCharsets.US_ASCII);
        }
        throw new IllegalArgumentException("argument must be String, byte[] or Number: "
                + (arg == null ? "null" : arg.getClass().getName()));
    }

    private void writeHeader(char type, int n) throws IOException {
        out.write(type);
        out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by redis");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RedisErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(len);
                if (data.length != len) {
                    throw new EOFException("connection closed inside a bulk string");
                }
                expectCrlf();
                return data;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read());
                }
                return list;
            }
            default:
                throw new IOException("unexpected RESP type byte 0x" + Integer.toHexString(type)
                        + " followed by: " + line);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return buf.toString(StandardCharsets.UTF_8);
                }
                buf.write(b);
                if (next < 0) {
                    throw new EOFException("connection closed inside a reply line");
                }
                buf.write(next);
            } else {
                buf.write(b);
            }
        }
    }

    private void expectCrlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("bulk string not followed by CRLF");
        }
    }

    private static String describe(Object[] args) {
        if (args.length == 0) {
            return "(no command)";
        }
        Object first = args[0];
        return first instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(first);
    }
}
