package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A plain-socket link for the session's own tests (the product uses the client connection). */
final class SocketLink implements MasterLink {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuf buf = Unpooled.buffer(1 << 16);

    private SocketLink(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static SocketLink open(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 2000);
        return new SocketLink(s);
    }

    @Override
    public ByteBuf buffer() {
        return buf;
    }

    @Override
    public int readMore() throws IOException {
        buf.discardSomeReadBytes();
        buf.ensureWritable(1 << 16);
        return buf.writeBytes(in, buf.writableBytes());
    }

    @Override
    public synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    @Override
    public String address() {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    @Override
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
