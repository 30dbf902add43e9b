package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A plain-socket link for the session's own tests (the product uses the client connection). */
final class SocketLink implements MasterLink {
    private final Socket socket;
    private final StreamSource in;
    private final OutputStream out;

    private SocketLink(Socket socket) throws IOException {
        this.socket = socket;
        this.in = StreamSource.of(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static SocketLink open(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 2000);
        return new SocketLink(s);
    }

    @Override
    public ByteBuf buffer() {
        return in.buffer();
    }

    @Override
    public int readMore() throws IOException {
        return in.readMore();
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
