package io.replkit.protocol.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.protocol.resp.RespDecoder;
import io.replkit.protocol.resp.RespEncoder;
import io.replkit.protocol.resp.RespProtocolException;
import io.replkit.protocol.resp.RespValue;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking connection to one Redis server over TCP or TLS, with netty buffers on both sides.
 *
 * <p>{@link #open} connects, completes the TLS handshake, authenticates, names the client and
 * selects the database, and always makes at least one round trip (PING when nothing else is sent),
 * so a server that is not there, does not answer, refuses the password or does not speak RESP
 * fails right there with one clear {@link RedisConnectionException}.
 *
 * <p>Requests: {@link #call} (send, flush, read one reply), or pipelined with {@link #send},
 * {@link #flush} and {@link #read}. Newlines before a reply are skipped: a master sends them as
 * keepalives to a replica waiting for its {@code PSYNC} reply. Error replies are returned as {@link RespValue.ErrorReply};
 * {@link #callOrThrow} turns them into {@link RedisErrorException}.
 *
 * <p>Raw access for protocols that are not request/reply (the replication stream):
 * {@link #inputBuffer()} holds the bytes received and not yet consumed, {@link #readMore()} reads
 * from the socket into it, {@link #writeRaw} writes bytes as they are.
 *
 * <p>Threads: reading ({@link #read}, {@link #readMore}, {@link #call}, the input buffer) belongs
 * to one thread. Writing ({@link #send}, {@link #flush}, {@link #writeRaw}) may happen from any
 * thread: it is serialised, each command stays whole.
 */
public final class RedisConnection implements Closeable {

    /** Bytes the socket is asked for at a time. */
    private static final int READ_CHUNK = 64 << 10;
    /** Pipelined commands are written out once this much is buffered. */
    private static final int AUTO_FLUSH = 64 << 10;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String address;
    private final ByteBuf input = Unpooled.buffer(READ_CHUNK);
    private final ByteBuf output = Unpooled.buffer(1024);
    private final Object writeLock = new Object();
    /** Newlines between replies are a master's keepalives (see {@link RespDecoder#skipKeepaliveNewlines}). */
    private final RespDecoder decoder = new RespDecoder().skipKeepaliveNewlines(true);
    private Duration readTimeout;

    private RedisConnection(Socket socket, String address, Duration readTimeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.address = address;
        setReadTimeout(readTimeout);
    }

    /**
     * Connects, and on the new connection: TLS handshake when {@code rediss://}, {@code AUTH}, {@code
     * CLIENT SETNAME}, {@code SELECT}, as the settings ask.
     *
     * @throws RedisConnectionException naming the server and the cause, in one line
     */
    public static RedisConnection open(ConnectionSettings s) throws RedisConnectionException {
        RedisUri uri = s.uri();
        String address = uri.address();
        Socket socket = connect(uri, address, s.connectTimeout());
        RedisConnection c = null;
        try {
            if (uri.tls()) {
                socket = handshake(socket, uri, address, s);
            }
            c = new RedisConnection(socket, address, s.readTimeout());
            try {
                c.prepare(s);
            } catch (RedisConnectionException e) {
                throw uri.tls() ? tlsRejection(e, address) : e;
            }
            return c;
        } catch (RedisConnectionException e) {
            closeQuietly(c != null ? c.socket : socket);
            throw e;
        } catch (IOException e) {
            closeQuietly(c != null ? c.socket : socket);
            throw new RedisConnectionException("cannot connect to " + address + ": " + reason(e), e);
        }
    }

    private static Socket connect(RedisUri uri, String address, Duration timeout) throws RedisConnectionException {
        InetSocketAddress target = new InetSocketAddress(uri.host(), uri.port());
        if (target.isUnresolved()) {
            throw new RedisConnectionException("cannot connect to " + address + ": unknown host " + uri.host());
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(target, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return socket;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new RedisConnectionException("cannot connect to " + address + ": no answer within "
                    + format(timeout), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RedisConnectionException("cannot connect to " + address + ": " + reason(e), e);
        }
    }

    private static Socket handshake(Socket plain, RedisUri uri, String address, ConnectionSettings s)
            throws RedisConnectionException {
        TlsSettings tls = s.tls();
        String name = tls.serverName() != null ? tls.serverName() : uri.host();
        try {
            SSLSocket ssl = (SSLSocket) TlsContexts.create(tls).getSocketFactory()
                    .createSocket(plain, name, uri.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            if (!tls.insecure() && tls.verifyHostname()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (isHostName(name)) {
                params.setServerNames(List.of(new SNIHostName(name)));
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis()));
            ssl.startHandshake();
            return ssl;
        } catch (SocketTimeoutException e) {
            throw new RedisConnectionException("TLS handshake with " + address + " failed: no answer within "
                    + format(s.connectTimeout()), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new RedisConnectionException("TLS handshake with " + address + " failed: " + reason(e), e);
        }
    }

    /**
     * With TLS 1.3 the client finishes its handshake before the server has checked the client's
     * certificate; a rejection shows up on the first round trip as an alert or a closed connection.
     */
    private static RedisConnectionException tlsRejection(RedisConnectionException e, String address) {
        Throwable cause = e.getCause();
        if (cause instanceof SSLException) {
            return new RedisConnectionException("TLS handshake with " + address + " failed: " + reason(cause), e);
        }
        boolean closed = cause == null ? e.getMessage().endsWith(" closed the connection")
                : cause instanceof IOException && !(cause instanceof RespProtocolException)
                        && !(cause instanceof SocketTimeoutException);
        if (closed) {
            return new RedisConnectionException("TLS handshake with " + address + " failed: the server closed the "
                    + "connection right after it (does it require a client certificate?)", e);
        }
        return e;
    }

    /** AUTH, CLIENT SETNAME, SELECT, or PING when none applies: at least one round trip. */
    private void prepare(ConnectionSettings s) throws RedisConnectionException {
        boolean answered = false;
        String password = s.effectivePassword();
        if (password != null) {
            String user = s.effectiveUsername();
            RespValue r = user != null ? call("AUTH", user, password) : call("AUTH", password);
            if (r.isError()) {
                throw new RedisConnectionException("authentication failed at " + address + ": " + r.asString());
            }
            answered = true;
        }
        if (s.clientName() != null) {
            RespValue r = call("CLIENT", "SETNAME", s.clientName());
            if (r.isError()) {
                throw new RedisConnectionException(failure("CLIENT SETNAME", r));
            }
            answered = true;
        }
        if (s.uri().db() != 0) {
            RespValue r = call("SELECT", Integer.toString(s.uri().db()));
            if (r.isError()) {
                throw new RedisConnectionException("cannot select database " + s.uri().db() + " at " + address + ": "
                        + r.asString());
            }
            answered = true;
        }
        if (!answered) {
            RespValue r = call("PING");
            if (r.isError()) {
                throw new RedisConnectionException(failure("PING", r));
            }
        }
    }

    private String failure(String command, RespValue r) {
        if (r instanceof RespValue.ErrorReply e && e.code().equals("NOAUTH")) {
            return address + " requires a password: " + e.message();
        }
        return command + " failed at " + address + ": " + r.asString();
    }

    // --- request / reply ---

    /** Sends one command and returns its reply (an error reply too). */
    public RespValue call(String... args) throws RedisConnectionException {
        send(args);
        flush();
        return read();
    }

    /** {@link #call(String...)} with binary arguments. */
    public RespValue call(byte[]... args) throws RedisConnectionException {
        send(args);
        flush();
        return read();
    }

    /** {@link #call(String...)}, throwing {@link RedisErrorException} for an error reply. */
    public RespValue callOrThrow(String... args) throws RedisConnectionException, RedisErrorException {
        return requireOk(call(args));
    }

    /** {@link #call(byte[]...)}, throwing {@link RedisErrorException} for an error reply. */
    public RespValue callOrThrow(byte[]... args) throws RedisConnectionException, RedisErrorException {
        return requireOk(call(args));
    }

    private RespValue requireOk(RespValue reply) throws RedisErrorException {
        if (reply.isError()) {
            throw new RedisErrorException(address, reply.asString());
        }
        return reply;
    }

    /** Buffers one command (written out by {@link #flush}, or earlier once enough is buffered). */
    public void send(byte[]... args) throws RedisConnectionException {
        synchronized (writeLock) {
            RespEncoder.writeCommand(output, args);
            flushIfFull();
        }
    }

    /** {@link #send(byte[]...)} with arguments in UTF-8. */
    public void send(String... args) throws RedisConnectionException {
        synchronized (writeLock) {
            RespEncoder.writeCommand(output, args);
            flushIfFull();
        }
    }

    /** Writes out everything buffered by {@link #send}. */
    public void flush() throws RedisConnectionException {
        synchronized (writeLock) {
            writeBuffered();
        }
    }

    /** Writes {@code bytes} as they are (after anything already buffered) and flushes. */
    public void writeRaw(byte[] bytes) throws RedisConnectionException {
        synchronized (writeLock) {
            output.writeBytes(bytes);
            writeBuffered();
        }
    }

    private void flushIfFull() throws RedisConnectionException {
        if (output.readableBytes() >= AUTO_FLUSH) {
            writeBuffered();
        }
    }

    private void writeBuffered() throws RedisConnectionException {
        try {
            if (output.isReadable()) {
                output.readBytes(out, output.readableBytes());
                out.flush();
            }
            output.clear();
        } catch (IOException e) {
            output.clear();
            throw new RedisConnectionException("connection to " + address + " lost while sending: " + reason(e), e);
        }
    }

    /**
     * The next reply.
     *
     * @throws RedisConnectionException when the server closes the connection, does not answer
     *                                  within the read timeout, or sends something that is not RESP
     */
    public RespValue read() throws RedisConnectionException {
        for (;;) {
            RespValue v;
            try {
                v = decoder.decode(input);
            } catch (RespProtocolException e) {
                throw new RedisConnectionException(address + " sent a malformed reply: " + e.getMessage(), e);
            }
            if (v != null) {
                return v;
            }
            int n;
            try {
                n = readMore();
            } catch (SocketTimeoutException e) {
                throw new RedisConnectionException(address + " did not answer within " + format(readTimeout), e);
            } catch (IOException e) {
                throw new RedisConnectionException("connection to " + address + " lost: " + reason(e), e);
            }
            if (n < 0) {
                throw new RedisConnectionException(address + " closed the connection");
            }
        }
    }

    // --- raw access ---

    /**
     * The bytes received and not yet consumed, from its reader index. Whoever reads raw consumes
     * by moving the reader index; {@link #read()} decodes from the same buffer.
     */
    public ByteBuf inputBuffer() {
        return input;
    }

    /**
     * Blocks until the socket gives some bytes, appends them to {@link #inputBuffer()} and returns
     * how many; -1 at the end of the stream.
     *
     * @throws SocketTimeoutException when nothing arrives within the read timeout
     */
    public int readMore() throws IOException {
        if (input.readerIndex() > 0 && input.writableBytes() < READ_CHUNK) {
            input.discardSomeReadBytes();
        }
        input.ensureWritable(READ_CHUNK);
        return input.writeBytes(in, input.writableBytes());
    }

    /** How long a read may wait; {@link Duration#ZERO} waits forever. */
    public void setReadTimeout(Duration timeout) throws RedisConnectionException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative read timeout " + timeout);
        }
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (SocketException e) {
            throw new RedisConnectionException("connection to " + address + " lost: " + reason(e), e);
        }
        this.readTimeout = timeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** {@code host:port} of the server, as the URI named it. */
    public String address() {
        return address;
    }

    /** This end of the connection. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** Closes the socket; a thread blocked reading gets an exception. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "RedisConnection[" + address + (isTls() ? ", tls" : "") + "]";
    }

    // --- messages ---

    /** The most telling message of an I/O failure, lower-cased like the examples above. */
    static String reason(Throwable e) {
        if (e instanceof ConnectException && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).startsWith("connection refused")) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                deepest = t;
            }
        }
        String msg = deepest.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = deepest.getClass().getSimpleName();
        }
        if (msg.contains("unable to find valid certification path")) {
            msg = "the server's certificate is not signed by a trusted CA";
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }

    /** {@code 5s}, {@code 1.5s}, {@code 250ms}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms >= 1000 ? String.format(Locale.ROOT, "%.1fs", ms / 1000.0) : ms + "ms";
    }

    private static boolean isHostName(String name) {
        // SNI carries names, never IP literals
        if (name.indexOf(':') >= 0) {
            return false;
        }
        return !name.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
