package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes arriving from a master: a buffer of received, not yet consumed bytes and a way to receive
 * more. A connection provides one; {@link #of(InputStream)} makes one of any stream (a file, or a
 * test's fragmented input). Consumers advance the buffer's reader index by what they consumed, and
 * must not keep absolute buffer indices across {@link #readMore()} (it may discard consumed bytes).
 */
public interface StreamSource {

    /** The received bytes not yet consumed, from its reader index to its writer index. */
    ByteBuf buffer();

    /**
     * Blocks until more bytes were appended to {@link #buffer()}; returns how many, or -1 when the
     * stream ended. A read timeout surfaces as {@link java.net.SocketTimeoutException}.
     */
    int readMore() throws IOException;

    /** A source reading {@code in} in chunks of up to 64 KiB (or what {@code in.read} returns). */
    static StreamSource of(InputStream in) {
        return new StreamSource() {
            private final ByteBuf buf = Unpooled.buffer(1 << 16);

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
        };
    }
}
