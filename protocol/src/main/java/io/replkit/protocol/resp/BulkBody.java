package io.replkit.protocol.resp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The body of one bulk string and its CRLF, read in whatever pieces arrive. When the whole body is
 * already buffered it is copied once into an array of exactly its size; otherwise the array grows
 * with the bytes that arrive (at most twice what was received), so a forged length allocates nothing
 * it has not seen and the caller's buffer never has to hold the whole value.
 */
final class BulkBody {

    private static final int FIRST_CHUNK = 8 << 10;

    private int length = -1;
    private byte[] data;
    private int filled;
    private boolean complete;

    void start(int length) {
        this.length = length;
        this.data = null;
        this.filled = 0;
        this.complete = false;
    }

    boolean active() {
        return length >= 0;
    }

    /** Whether the body and its CRLF have been read; then {@link #take()} returns it. */
    boolean complete() {
        return complete;
    }

    int length() {
        return length;
    }

    /**
     * Consumes what it can of the body and then the CRLF.
     *
     * @param position absolute offset of the next byte of {@code in}, for the error message
     * @return how many bytes it consumed
     */
    int read(ByteBuf in, long position) throws RespProtocolException {
        int need = length - filled;
        int readable = in.readableBytes();
        int consumed = 0;
        if (need > 0) {
            if (data == null && readable >= need + 2L) {
                data = new byte[length]; // the common case: all here, one exact copy
            }
            int n = Math.min(need, readable);
            if (n == 0) {
                return 0;
            }
            ensureCapacity(filled + n);
            in.readBytes(data, filled, n);
            filled += n;
            consumed = n;
            if (n < need) {
                return consumed;
            }
        } else if (data == null) {
            data = new byte[0];
        }
        if (in.readableBytes() < 2) {
            return consumed;
        }
        int ri = in.readerIndex();
        if (in.getShort(ri) != (('\r' << 8) | '\n')) {
            throw new RespProtocolException("no CRLF after a body of " + length + " bytes", position + consumed, "CRLF");
        }
        in.skipBytes(2);
        complete = true;
        return consumed + 2;
    }

    /** The complete body; resets this for the next one. */
    byte[] take() {
        byte[] b = data;
        reset();
        return b;
    }

    void reset() {
        length = -1;
        data = null;
        filled = 0;
        complete = false;
    }

    private void ensureCapacity(int needed) {
        if (data == null) {
            data = new byte[Math.min(length, Math.max(needed, FIRST_CHUNK))];
        } else if (data.length < needed) {
            long grown = Math.max(needed, 2L * data.length);
            data = Arrays.copyOf(data, (int) Math.min(length, grown));
        }
    }
}
