package io.replkit.replica.chain;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream onto a connection, for a thread that is not the connection's event loop: writes
 * go out in 64 KB buffers, and when the connection is not writable (its peer reads slower than we
 * write) the writer waits until the last buffer reached the socket, so at most the channel's
 * high-water mark plus one buffer is ever held in memory, whatever the size of the snapshot.
 */
final class ChannelOutput extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final Downstream replica;
    private final Channel channel;
    private ByteBuf buf;
    private ChannelFuture last;
    private long written;

    ChannelOutput(Downstream replica) {
        this.replica = replica;
        this.channel = replica.channel;
    }

    /** Bytes handed to the connection so far. */
    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        ensure().writeByte(b);
        if (buf.writableBytes() == 0) {
            send();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ByteBuf out = ensure();
            int n = Math.min(len, out.writableBytes());
            out.writeBytes(b, off, n);
            off += n;
            len -= n;
            if (out.writableBytes() == 0) {
                send();
            }
        }
    }

    void writeAscii(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        write(b, 0, b.length);
    }

    /** Sends what is buffered and waits until everything written reached the socket. */
    @Override
    public void flush() throws IOException {
        send();
        if (last != null) {
            await(last);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private ByteBuf ensure() throws IOException {
        if (!channel.isActive()) {
            throw new IOException("the replica closed the connection");
        }
        if (buf == null) {
            buf = Unpooled.buffer(CHUNK, CHUNK);
        }
        return buf;
    }

    private void send() throws IOException {
        if (buf == null || !buf.isReadable()) {
            return;
        }
        written += buf.readableBytes();
        last = channel.writeAndFlush(buf);
        buf = null;
        if (!channel.isWritable()) {
            await(last);
        }
    }

    /** Waits for the socket; the relay's cron cuts off a replica that lets it wait past repl-timeout. */
    private void await(ChannelFuture f) throws IOException {
        if (!f.isDone()) {
            replica.writeWaitSinceMs = System.currentTimeMillis();
            try {
                f.awaitUninterruptibly();
            } finally {
                replica.writeWaitSinceMs = -1;
            }
        }
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            throw new IOException("writing to the replica failed: " + (cause == null ? "cancelled" : cause.getMessage()),
                    cause);
        }
    }
}
