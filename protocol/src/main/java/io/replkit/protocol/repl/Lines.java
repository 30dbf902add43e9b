package io.replkit.protocol.repl;

import io.netty.buffer.ByteBuf;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reading the single-line replies of the handshake ({@code receiveSynchronousResponse}). */
final class Lines {
    /** Longer lines are not a reply this protocol has. */
    static final int MAX_LINE = 64 * 1024;

    private Lines() {
    }

    /**
     * The next line from {@code src} without its {@code \n} or {@code \r\n}, consumed. An empty
     * string is a keepalive newline.
     *
     * @param what what the caller waits for, for the error messages
     */
    static String read(StreamSource src, String what) throws IOException {
        while (true) {
            ByteBuf buf = src.buffer();
            int nl = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) '\n');
            if (nl >= 0) {
                int len = nl - buf.readerIndex();
                int textLen = len > 0 && buf.getByte(nl - 1) == '\r' ? len - 1 : len;
                String line = buf.toString(buf.readerIndex(), textLen, StandardCharsets.ISO_8859_1);
                buf.readerIndex(nl + 1);
                return line;
            }
            if (buf.readableBytes() > MAX_LINE) {
                throw new ReplicationException("no line end in the first " + MAX_LINE
                    + " bytes while waiting for " + what, false);
            }
            if (src.readMore() < 0) {
                throw new EOFException("connection closed while waiting for " + what);
            }
        }
    }
}
