package io.replkit.rdb.write;

import io.replkit.rdb.encoding.AsciiNumbers;
import io.replkit.rdb.encoding.Crc64;
import io.replkit.rdb.encoding.Lzf;
import io.replkit.rdb.encoding.ScoreText;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The byte sink under {@link RdbWriter} and {@link DumpPayload}: one reused buffer in front of an
 * {@link OutputStream}, a running CRC64 over everything written (computed per buffer span as it is
 * flushed), and the RDB primitive encodings, named after {@code rdb.c} ({@code rdbSaveLen},
 * {@code rdbSaveRawString}, ...). Large strings bypass the buffer.
 */
final class RdbOutput {
    /** For files and streams. */
    static final int BUFFER_SIZE = 1 << 16;
    /** For one DUMP payload: most are small, and a 64 KB buffer per DUMP cost more than encoding it. */
    static final int SMALL_BUFFER_SIZE = 512;
    /** Strings up to this length are tried as integers ({@code rdbSaveRawString}). */
    private static final int MAX_INT_ENCODED_TEXT = 11;
    /** Strings longer than this are tried with LZF when compression is on. */
    private static final int MIN_COMPRESSED_TEXT = 20;
    private static final int ENC_INT8 = 0xC0, ENC_INT16 = 0xC1, ENC_INT32 = 0xC2, ENC_LZF = 0xC3;
    private static final int MAX_KEPT_SCRATCH = 4 << 20;
    private static final int LEN_32BIT = 0x80, LEN_64BIT = 0x81;

    private final OutputStream out;
    private final boolean compress;
    private final boolean allow64BitLengths;
    private final byte[] buf;
    private int pos;
    /** buf[0, crcPos) is already in {@link #crc}. */
    private int crcPos;
    private long crc;
    private long flushed;
    private byte[] lzfScratch = new byte[0];

    RdbOutput(OutputStream out, boolean compress, boolean allow64BitLengths) {
        this(out, compress, allow64BitLengths, BUFFER_SIZE);
    }

    /** {@code bufferSize} at least 64: the largest fixed-size write is 16 bytes. */
    RdbOutput(OutputStream out, boolean compress, boolean allow64BitLengths, int bufferSize) {
        if (bufferSize < 64) {
            throw new IllegalArgumentException("bufferSize " + bufferSize + " is below 64");
        }
        this.buf = new byte[bufferSize];
        this.out = out;
        this.compress = compress;
        this.allow64BitLengths = allow64BitLengths;
    }

    long bytesWritten() {
        return flushed + pos;
    }

    /** CRC64 of every byte written so far. */
    long crc() {
        crc = Crc64.update(crc, buf, crcPos, pos - crcPos);
        crcPos = pos;
        return crc;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (pos > 0) {
            crc();
            out.write(buf, 0, pos);
            flushed += pos;
            pos = 0;
            crcPos = 0;
        }
    }

    private void require(int n) throws IOException {
        if (buf.length - pos < n) {
            drain();
        }
    }

    // ---------------------------------------------------------------- primitives

    void writeByte(int b) throws IOException {
        require(1);
        buf[pos++] = (byte) b;
    }

    void writeBytes(byte[] b, int off, int len) throws IOException {
        if (len <= buf.length - pos) {
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
            return;
        }
        drain();
        if (len < buf.length / 2) {
            System.arraycopy(b, off, buf, 0, len);
            pos = len;
            return;
        }
        crc = Crc64.update(crc, b, off, len);
        out.write(b, off, len);
        flushed += len;
    }

    void writeBytes(byte[] b) throws IOException {
        writeBytes(b, 0, b.length);
    }

    void writeInt64LE(long v) throws IOException {
        require(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    void writeInt16LE(int v) throws IOException {
        require(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
    }

    /** A 16-byte big-endian stream id, as in PELs ({@code streamEncodeID}). */
    void writeStreamIdRaw(long ms, long seq) throws IOException {
        require(16);
        for (int i = 7; i >= 0; i--) {
            buf[pos++] = (byte) (ms >>> (8 * i));
        }
        for (int i = 7; i >= 0; i--) {
            buf[pos++] = (byte) (seq >>> (8 * i));
        }
    }

    /** {@code rdbSaveLen}: 6-bit, 14-bit, 32-bit or (RDB 8+) 64-bit big-endian, unsigned. */
    void writeLength(long len) throws IOException {
        require(9);
        if (len >= 0 && len < (1 << 6)) {
            buf[pos++] = (byte) len;
        } else if (len >= 0 && len < (1 << 14)) {
            buf[pos++] = (byte) (0x40 | (len >>> 8));
            buf[pos++] = (byte) len;
        } else if (len >= 0 && len <= 0xFFFF_FFFFL) {
            buf[pos++] = (byte) LEN_32BIT;
            for (int i = 3; i >= 0; i--) {
                buf[pos++] = (byte) (len >>> (8 * i));
            }
        } else {
            if (!allow64BitLengths) {
                throw new RdbWriteException("length " + Long.toUnsignedString(len)
                    + " needs a 64-bit length, which RDB versions before 8 cannot store");
            }
            buf[pos++] = (byte) LEN_64BIT;
            for (int i = 7; i >= 0; i--) {
                buf[pos++] = (byte) (len >>> (8 * i));
            }
        }
    }

    void writeBinaryDouble(double d) throws IOException {
        writeInt64LE(Double.doubleToRawLongBits(d));
    }

    /** {@code rdbSaveDoubleValue}: the ZSET (type 3) score form, a length byte then text. */
    void writeStringDouble(double d) throws IOException {
        if (Double.isNaN(d)) {
            writeByte(253);
        } else if (Double.isInfinite(d)) {
            writeByte(d > 0 ? 254 : 255);
        } else {
            byte[] text = ScoreText.of(d);
            writeByte(text.length);
            writeBytes(text);
        }
    }

    void writeString(byte[] b) throws IOException {
        writeString(b, 0, b.length);
    }

    /**
     * {@code rdbSaveRawString}: canonical integers up to 32 bits as INT8/16/32, strings longer than
     * 20 bytes LZF-compressed when compression is on and saves at least 4 bytes, else raw.
     */
    void writeString(byte[] b, int off, int len) throws IOException {
        if (len <= MAX_INT_ENCODED_TEXT && len > 0 && AsciiNumbers.isCanonicalInt64(b, off, len)) {
            long v = AsciiNumbers.parseCanonicalInt64(b, off, len);
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                require(2);
                buf[pos++] = (byte) ENC_INT8;
                buf[pos++] = (byte) v;
                return;
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                require(3);
                buf[pos++] = (byte) ENC_INT16;
                buf[pos++] = (byte) v;
                buf[pos++] = (byte) (v >>> 8);
                return;
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                require(5);
                buf[pos++] = (byte) ENC_INT32;
                for (int i = 0; i < 4; i++) {
                    buf[pos++] = (byte) (v >>> (8 * i));
                }
                return;
            }
        }
        if (compress && len > MIN_COMPRESSED_TEXT && tryWriteLzf(b, off, len)) {
            return;
        }
        writeLength(len);
        writeBytes(b, off, len);
    }

    /** {@code rdbSaveLzfStringObject}: used only when the compressed form is at most {@code len - 4} bytes. */
    private boolean tryWriteLzf(byte[] b, int off, int len) throws IOException {
        int max = len - 4;
        byte[] scratch = lzfScratch;
        if (scratch.length < max) {
            // Keep a scratch buffer for ordinary strings; a huge one is used once and dropped.
            scratch = new byte[max];
            if (max <= MAX_KEPT_SCRATCH) {
                lzfScratch = scratch;
            }
        }
        int clen = Lzf.compress(b, off, len, scratch, 0, max);
        if (clen == 0) {
            return false;
        }
        writeByte(ENC_LZF);
        writeLength(clen);
        writeLength(len);
        writeBytes(scratch, 0, clen);
        return true;
    }
}
