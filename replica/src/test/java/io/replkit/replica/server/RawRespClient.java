package io.replkit.replica.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.protocol.resp.RespDecoder;
import io.replkit.protocol.resp.RespEncoder;
import io.replkit.protocol.resp.RespValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/** A test client that returns each reply's exact bytes (and the decoded value) for byte-for-byte comparison. */
final class RawRespClient implements AutoCloseable {
    /** One reply: its bytes on the wire and what they decode to. */
    record Raw(byte[] bytes, RespValue value) {
        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RespDecoder decoder = new RespDecoder();
    private final ByteBuf buf = Unpooled.buffer();
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private long replyStart;

    RawRespClient(int port) {
        this("127.0.0.1", port);
    }

    RawRespClient(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(20000);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Raw call(byte[]... args) {
        ByteBuf o = Unpooled.buffer();
        RespEncoder.writeCommand(o, args);
        sendRaw(Arrays.copyOfRange(o.array(), o.arrayOffset() + o.readerIndex(), o.arrayOffset() + o.writerIndex()));
        return read();
    }

    Raw call(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return call(b);
    }

    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Raw read() {
        try {
            byte[] chunk = new byte[65536];
            for (;;) {
                RespValue v = decoder.decode(buf);
                if (v != null) {
                    long end = decoder.consumedBytes();
                    byte[] all = seen.toByteArray(); // holds the bytes from replyStart on
                    int len = (int) (end - replyStart);
                    byte[] bytes = Arrays.copyOfRange(all, 0, len);
                    seen.reset();
                    seen.write(all, len, all.length - len);
                    replyStart = end;
                    return new Raw(bytes, v);
                }
                int n = in.read(chunk);
                if (n < 0) {
                    throw new IOException("connection closed");
                }
                buf.writeBytes(chunk, 0, n);
                seen.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command without reading its reply. */
    void send(String... args) {
        ByteBuf o = Unpooled.buffer();
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        RespEncoder.writeCommand(o, b);
        sendRaw(Arrays.copyOfRange(o.array(), o.arrayOffset() + o.readerIndex(), o.arrayOffset() + o.writerIndex()));
    }

    /**
     * Everything the server sends until it closes the connection (within {@code timeoutMs}), or
     * null when it is still open then.
     */
    String readUntilClosed(int timeoutMs) {
        try {
            socket.setSoTimeout(timeoutMs);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            byte[] chunk = new byte[65536];
            for (;;) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (java.net.SocketTimeoutException e) {
                    return null;
                } catch (java.net.SocketException e) {
                    return all.toString(java.nio.charset.StandardCharsets.ISO_8859_1); // reset by the server
                }
                if (n < 0) {
                    return all.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                all.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        if (buf.refCnt() > 0) {
            buf.release();
        }
    }
}
