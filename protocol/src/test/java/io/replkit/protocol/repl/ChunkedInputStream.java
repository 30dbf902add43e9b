package io.replkit.protocol.repl;

import java.io.InputStream;

/** Hands out its bytes at most {@code chunk} at a time, as a network does. */
final class ChunkedInputStream extends InputStream {
    private final byte[] data;
    private final int chunk;
    private int pos;

    ChunkedInputStream(byte[] data, int chunk) {
        this.data = data;
        this.chunk = chunk;
    }

    @Override
    public int read() {
        return pos < data.length ? data[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= data.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, chunk), data.length - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }
}
