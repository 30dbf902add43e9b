package io.replkit.rdb;

import io.replkit.rdb.encoding.Crc64;
import io.replkit.rdb.encoding.Lzf;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The byte source under {@link RdbReader}: a single buffer refilled from an {@link InputStream},
 * the absolute offset of every byte, a running CRC64 over what was consumed, and the RDB
 * primitive encodings (lengths, strings, doubles, times) read straight from the buffer.
 *
 * <p>The CRC is computed lazily over each buffer span just before it is discarded, so hot
 * paths only move an index. Names follow {@code rdb.c} ({@code rdbLoadLen}, {@code rdbLoadDoubleValue}, ...).
 */
final class RdbInput {
    /** Low 6 bits of an encoded length byte, see {@code RDB_ENC_*}. */
    static final int ENC_INT8 = 0, ENC_INT16 = 1, ENC_INT32 = 2, ENC_LZF = 3;

    private final InputStream in;
    private final RdbLimits limits;
    /** Total input size when known (a file), else -1. */
    private final long knownSize;

    private byte[] buf;
    private int pos;
    private int limit;
    /** Absolute offset of buf[0]. */
    private long bufStart;
    private boolean eof;

    private long crc;
    private int crcPos;
    private boolean crcEnabled = true;

    RdbInput(InputStream in, long knownSize, RdbLimits limits) {
        this.in = in;
        this.knownSize = knownSize;
        this.limits = limits;
        this.buf = new byte[limits.readBufferSize()];
    }

    /** Absolute offset of the next byte to be read. */
    long offset() {
        return bufStart + pos;
    }

    /** Bytes that certainly remain after the current position, or Long.MAX_VALUE when the size is unknown. */
    long knownRemaining() {
        return knownSize < 0 ? Long.MAX_VALUE : knownSize - offset();
    }

    long knownSize() {
        return knownSize;
    }

    // ---------------------------------------------------------------- buffer management

    /** Makes at least {@code n} bytes available at pos, or throws a truncation error. */
    private void require(int n, String what) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        fill(n);
        if (limit - pos < n) {
            throw truncated(what, n);
        }
    }

    private RdbFormatException truncated(String what, long needed) {
        return new RdbFormatException("unexpected end of input: " + what + " needs " + needed
            + " bytes, only " + (limit - pos) + " remain", offset());
    }

    /** Compacts and reads until n bytes are buffered or the stream ends. */
    private void fill(int n) throws IOException {
        if (pos > 0) {
            updateCrc();
            int rem = limit - pos;
            System.arraycopy(buf, pos, buf, 0, rem);
            bufStart += pos;
            limit = rem;
            crcPos -= pos;
            pos = 0;
        }
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
    }

    private void updateCrc() {
        if (crcEnabled && pos > crcPos) {
            crc = Crc64.update(crc, buf, crcPos, pos - crcPos);
        }
        crcPos = pos;
    }

    /** CRC64 of every byte consumed so far. */
    long crc() {
        updateCrc();
        return crc;
    }

    /** Stops checksumming (the trailer itself is not covered). */
    void disableCrc() {
        updateCrc();
        crcEnabled = false;
    }

    /** True when no byte remains (reads ahead if needed). */
    boolean atEnd() throws IOException {
        if (pos < limit) {
            return false;
        }
        fill(1);
        return pos >= limit;
    }

    /** Bytes already buffered beyond the current position (for callers that continue with the stream). */
    byte[] unconsumedBuffered() {
        return Arrays.copyOfRange(buf, pos, limit);
    }

    // ---------------------------------------------------------------- fixed-width primitives

    int readUnsignedByte(String what) throws IOException {
        if (pos >= limit) {
            require(1, what);
        }
        return buf[pos++] & 0xFF;
    }

    long readInt64LE(String what) throws IOException {
        require(8, what);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFFL);
        }
        pos += 8;
        return v;
    }

    int readInt32LE(String what) throws IOException {
        require(4, what);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long readUInt64BE(String what) throws IOException {
        require(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFFL);
        }
        pos += 8;
        return v;
    }

    /** Binary64 little endian ({@code rdbLoadBinaryDoubleValue}), since RDB 8. */
    double readBinaryDouble(String what) throws IOException {
        return Double.longBitsToDouble(readInt64LE(what));
    }

    /** Binary32 little endian (module FLOAT). */
    float readBinaryFloat(String what) throws IOException {
        return Float.intBitsToFloat(readInt32LE(what));
    }

    /** A double as length-prefixed text, 253/254/255 = nan/+inf/-inf ({@code rdbLoadDoubleValue}). */
    double readStringDouble(String what) throws IOException {
        long at = offset();
        int len = readUnsignedByte(what);
        switch (len) {
            case 253: return Double.NaN;
            case 254: return Double.POSITIVE_INFINITY;
            case 255: return Double.NEGATIVE_INFINITY;
            default:
                require(len, what);
                String text = new String(buf, pos, len, java.nio.charset.StandardCharsets.US_ASCII);
                pos += len;
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new RdbFormatException(what + " is not a number: \"" + text + "\"", at);
                }
        }
    }

    // ---------------------------------------------------------------- lengths and strings

    /** Set by {@link #readLengthOrEncoding} when the last length byte announced an encoded string. */
    private boolean encoded;

    /**
     * A length ({@code rdbLoadLen}): 6, 14, 32 or 64 bits (the 64-bit form keeps its bit pattern,
     * so it may read as negative). When the byte announces an encoded string (only legal where a
     * string is expected) it returns -1 - encoding and sets {@link #encoded}.
     */
    long readLengthOrEncoding(String what) throws IOException {
        int b = readUnsignedByte(what);
        encoded = (b >>> 6) == 3;
        switch (b >>> 6) {
            case 0:
                return b & 0x3F;
            case 1:
                return ((b & 0x3F) << 8) | readUnsignedByte(what);
            case 2:
                if (b == 0x80) {
                    require(4, what);
                    long v = (buf[pos] & 0xFFL) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
                    pos += 4;
                    return v;
                }
                if (b == 0x81) {
                    return readUInt64BE(what);
                }
                throw new RdbFormatException("invalid length encoding byte 0x" + Integer.toHexString(b) + " for " + what, offset() - 1);
            default:
                return -1 - (b & 0x3F);
        }
    }

    /** A plain length; an encoded-string marker here is corruption. The 64-bit form keeps its bit pattern. */
    long readLength(String what) throws IOException {
        long v = readLengthOrEncoding(what);
        if (encoded) {
            throw new RdbFormatException("expected a length for " + what + ", found string encoding " + (-1 - v), offset() - 1);
        }
        return v;
    }

    /**
     * A count of items that each take at least {@code minBytesEach} bytes: rejected when the
     * input cannot hold that many, so a forged count never drives an allocation.
     */
    long readCount(String what, int minBytesEach) throws IOException {
        long at = offset();
        long n = readLength(what);
        if (n < 0 || (knownSize >= 0 && n > knownRemaining() / minBytesEach)) {
            throw new RdbFormatException(what + " " + Long.toUnsignedString(n) + " exceeds what the remaining "
                + knownRemaining() + " bytes can hold", at);
        }
        return n;
    }

    /** Where the data of the last string read began, or -1 when it was LZF- or int-encoded. */
    private long lastRawDataOffset = -1;

    long lastRawDataOffset() {
        return lastRawDataOffset;
    }

    /** A string ({@code rdbGenericLoadStringObject}): raw, int-encoded (as decimal text) or LZF. */
    byte[] readString(String what) throws IOException {
        long at = offset();
        long len = readLengthOrEncoding(what);
        if (!encoded) {
            lastRawDataOffset = offset();
            return readRaw(len, what, at);
        }
        lastRawDataOffset = -1;
        int enc = (int) (-1 - len);
        switch (enc) {
            case ENC_INT8: return io.replkit.rdb.encoding.AsciiNumbers.toBytes((byte) readUnsignedByte(what));
            case ENC_INT16: {
                int lo = readUnsignedByte(what), hi = readUnsignedByte(what);
                return io.replkit.rdb.encoding.AsciiNumbers.toBytes((short) (lo | hi << 8));
            }
            case ENC_INT32: return io.replkit.rdb.encoding.AsciiNumbers.toBytes(readInt32LE(what));
            case ENC_LZF: return readLzf(what, at);
            default:
                throw new RdbFormatException("unknown string encoding " + enc + " for " + what, at);
        }
    }

    private byte[] readLzf(String what, long at) throws IOException {
        long clen = readLength(what + " (LZF compressed length)");
        long ulen = readLength(what + " (LZF uncompressed length)");
        checkLength(clen, what + " compressed length", at);
        if (ulen > limits.maxStringLength() || ulen < 0) {
            throw new RdbFormatException(what + " uncompressed length " + Long.toUnsignedString(ulen)
                + " exceeds the maximum " + limits.maxStringLength(), at);
        }
        // LZF expands at most ~ 264/2 per input byte; reject impossible ratios before allocating.
        if (ulen > clen * 132 + 32) {
            throw new RdbFormatException(what + " uncompressed length " + ulen + " is impossible for "
                + clen + " compressed bytes", at);
        }
        // Allocate the output only once the compressed bytes have arrived: when the size is unknown,
        // a forged clen/ulen pair in a short stream must run out of input, not allocate ulen bytes.
        long dataAt = offset();
        if (clen <= buf.length) {
            require((int) clen, what);
            byte[] out = new byte[(int) ulen];
            try {
                Lzf.decompress(buf, pos, (int) clen, out, 0, (int) ulen);
            } catch (RdbFormatException e) {
                throw e.relocate(dataAt, null);
            }
            pos += (int) clen;
            return out;
        }
        byte[] c = readRaw(clen, what, at);
        byte[] out = new byte[(int) ulen];
        try {
            Lzf.decompress(c, 0, c.length, out, 0, (int) ulen);
        } catch (RdbFormatException e) {
            throw e.relocate(dataAt, null);
        }
        return out;
    }

    private void checkLength(long len, String what, long at) throws RdbFormatException {
        if (len < 0 || len > limits.maxStringLength()) {
            throw new RdbFormatException(what + " " + Long.toUnsignedString(len) + " exceeds the maximum "
                + limits.maxStringLength(), at);
        }
        if (len > knownRemaining()) {
            throw new RdbFormatException(what + " " + len + " exceeds the remaining " + knownRemaining() + " bytes", at);
        }
    }

    /** Exactly len raw bytes; when the size is unknown the array grows only as data arrives. */
    byte[] readRaw(long len, String what, long at) throws IOException {
        checkLength(len, what + " length", at);
        int n = (int) len;
        if (n <= limit - pos) {
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }
        byte[] out = new byte[knownSize >= 0 ? n : Math.min(n, RdbLimits.UNKNOWN_SIZE_GROWTH)];
        int done = 0;
        while (done < n) {
            if (pos >= limit) {
                fill(1);
                if (pos >= limit) {
                    throw new RdbFormatException("unexpected end of input: " + what + " needs " + n
                        + " bytes, only " + done + " remain", offset() - done);
                }
            }
            int chunk = Math.min(n - done, limit - pos);
            if (done + chunk > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, Math.max((long) out.length * 2, done + chunk)));
            }
            System.arraycopy(buf, pos, out, done, chunk);
            pos += chunk;
            done += chunk;
        }
        return out;
    }

    /** Skips a string without materialising it (LZF payloads are skipped compressed). */
    void skipString(String what) throws IOException {
        long at = offset();
        long len = readLengthOrEncoding(what);
        if (!encoded) {
            checkLength(len, what + " length", at);
            skip(len, what);
            return;
        }
        int enc = (int) (-1 - len);
        switch (enc) {
            case ENC_INT8: skip(1, what); break;
            case ENC_INT16: skip(2, what); break;
            case ENC_INT32: skip(4, what); break;
            case ENC_LZF: {
                long clen = readLength(what);
                readLength(what);
                checkLength(clen, what + " compressed length", at);
                skip(clen, what);
                break;
            }
            default:
                throw new RdbFormatException("unknown string encoding " + enc + " for " + what, at);
        }
    }

    void skip(long n, String what) throws IOException {
        long left = n;
        while (left > 0) {
            if (pos >= limit) {
                fill(1);
                if (pos >= limit) {
                    throw new RdbFormatException("unexpected end of input: " + what + " needs " + n
                        + " bytes, only " + (n - left) + " remain", offset() - (n - left));
                }
            }
            int step = (int) Math.min(left, limit - pos);
            pos += step;
            left -= step;
        }
    }
}
