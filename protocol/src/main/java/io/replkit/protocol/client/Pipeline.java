package io.replkit.protocol.client;

import io.replkit.protocol.resp.RespValue;
import java.io.IOException;

/**
 * Commands sent over one connection with a bounded number in flight, so throughput is limited by
 * the server rather than by round trips, and memory by the window. Each command carries a
 * context object that comes back with its reply, in order.
 *
 * <p>When the window is full, everything buffered is flushed and half the window's replies are
 * read; so reads never wait for a command still in the local buffer, and writes go out in large
 * chunks. Single-threaded, like the connection's reading side.
 *
 * @param <T> what the caller wants to know about a command when its reply arrives
 */
public final class Pipeline<T> {

    /** Receives each reply with the context its command was sent with. */
    @FunctionalInterface
    public interface ReplyHandler<T> {
        void onReply(T context, RespValue reply) throws IOException;
    }

    private final RedisConnection connection;
    private final ReplyHandler<T> handler;
    private final Object[] contexts;
    private int head;
    private int inFlight;
    private long sent;

    /**
     * @param window the most commands sent and not yet answered (at least 1)
     */
    public Pipeline(RedisConnection connection, int window, ReplyHandler<T> handler) {
        if (window < 1) {
            throw new IllegalArgumentException("pipeline window must be at least 1, not " + window);
        }
        this.connection = connection;
        this.handler = handler;
        this.contexts = new Object[window];
    }

    /** Queues one command; reads replies first when the window is full. */
    public void send(T context, byte[]... args) throws IOException {
        if (inFlight == contexts.length) {
            connection.flush();
            readReplies(Math.max(1, contexts.length / 2));
        }
        connection.send(args);
        contexts[(head + inFlight) % contexts.length] = context;
        inFlight++;
        sent++;
    }

    /** Flushes and reads every outstanding reply. */
    public void drain() throws IOException {
        connection.flush();
        readReplies(inFlight);
    }

    /** Commands sent and not yet answered. */
    public int inFlight() {
        return inFlight;
    }

    /** Commands sent since this pipeline was made. */
    public long sent() {
        return sent;
    }

    public RedisConnection connection() {
        return connection;
    }

    @SuppressWarnings("unchecked")
    private void readReplies(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            RespValue reply = connection.read();
            T context = (T) contexts[head];
            contexts[head] = null;
            head = (head + 1) % contexts.length;
            inFlight--;
            handler.onReply(context, reply);
        }
    }
}
