package io.replkit.protocol.repl;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * What a replication session needs from a connection to the master: the received bytes
 * ({@link StreamSource}), writing (from any thread: ACKs go out from a timer), the read timeout
 * that implements {@code repl-timeout}, and a name for messages.
 */
public interface MasterLink extends StreamSource, Closeable {

    /** Writes and flushes; safe to call from several threads. */
    void write(byte[] bytes) throws IOException;

    /** How long {@link #readMore()} may block before it throws {@link java.net.SocketTimeoutException}. */
    void setReadTimeout(Duration timeout) throws IOException;

    /** {@code host:port} of the master, for messages. */
    String address();

    /** The local port of the connection (announced as the listening port unless one was given). */
    int localPort();

    /** Opens a new link to the master (connect, TLS, AUTH); called again for every reconnect. */
    @FunctionalInterface
    interface Connector {
        MasterLink connect() throws IOException;
    }
}
