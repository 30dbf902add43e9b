package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import java.io.IOException;
import java.time.Duration;

/** The master link over a {@link RedisConnection} (connected, TLS, authenticated). */
public final class ConnectionLink implements MasterLink {
    private final RedisConnection connection;

    public ConnectionLink(RedisConnection connection) {
        this.connection = connection;
    }

    /** Opens a connection with {@code settings}; a connector for {@link ReplicationSession}. */
    public static ConnectionLink open(ConnectionSettings settings) throws IOException {
        return new ConnectionLink(RedisConnection.open(settings));
    }

    @Override
    public ByteBuf buffer() {
        return connection.inputBuffer();
    }

    @Override
    public int readMore() throws IOException {
        return connection.readMore();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        connection.writeRaw(bytes);
    }

    @Override
    public void setReadTimeout(Duration timeout) throws IOException {
        connection.setReadTimeout(timeout);
    }

    @Override
    public String address() {
        return connection.address();
    }

    @Override
    public int localPort() {
        return connection.localAddress().getPort();
    }

    @Override
    public void close() {
        connection.close();
    }
}
