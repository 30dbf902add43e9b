package io.replkit.rdb;

import io.replkit.rdb.encoding.Crc64;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes small RDB files by hand for the corruption tests: a header, opcodes, lengths in each of
 * the encodings of rdb-format.md §4.1 (forged ones included) and raw strings. Offsets of what was
 * written are available through {@link #size()} so tests can name the exact byte an error is at.
 */
final class RdbBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private RdbBuilder() {
    }

    /** {@code REDIS%04d}. */
    static RdbBuilder redis(int version) {
        RdbBuilder b = new RdbBuilder();
        b.ascii(String.format("REDIS%04d", version));
        return b;
    }

    /** {@code VALKEY%03d} (Valkey 9 and later). */
    static RdbBuilder valkey(int version) {
        RdbBuilder b = new RdbBuilder();
        b.ascii(String.format("VALKEY%03d", version));
        return b;
    }

    /** Bytes written so far, i.e. the offset of the next byte. */
    int size() {
        return out.size();
    }

    RdbBuilder raw(int... bytes) {
        for (int v : bytes) {
            out.write(v);
        }
        return this;
    }

    RdbBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    RdbBuilder ascii(String s) {
        return raw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A length in the smallest encoding the writer would pick. */
    RdbBuilder len(long n) {
        if (n >= 0 && n < 64) {
            return raw((int) n);
        }
        if (n >= 0 && n < 16384) {
            return raw(0x40 | (int) (n >>> 8), (int) (n & 0xFF));
        }
        if (n >= 0 && n <= 0xFFFFFFFFL) {
            return len32(n);
        }
        return len64(n);
    }

    /** {@code 0x80} and a big-endian uint32. */
    RdbBuilder len32(long n) {
        raw(0x80);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (n >>> shift) & 0xFF);
        }
        return this;
    }

    /** {@code 0x81} and a big-endian uint64 (any bit pattern). */
    RdbBuilder len64(long n) {
        raw(0x81);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (n >>> shift) & 0xFF);
        }
        return this;
    }

    /** A raw (not encoded) string: length then bytes. */
    RdbBuilder string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        len(b.length);
        return raw(b);
    }

    RdbBuilder aux(String name, String value) {
        raw(RdbOpcode.AUX.code());
        string(name);
        return string(value);
    }

    RdbBuilder selectDb(int db) {
        raw(RdbOpcode.SELECTDB.code());
        return len(db);
    }

    /** A value-type byte and a raw key; the value is up to the caller. */
    RdbBuilder key(RdbType type, String key) {
        raw(type.code());
        return string(key);
    }

    RdbBuilder stringKey(String key, String value) {
        key(RdbType.STRING, key);
        return string(value);
    }

    RdbBuilder eof() {
        return raw(RdbOpcode.EOF.code());
    }

    /** The bytes so far, with nothing appended. */
    byte[] bytes() {
        return out.toByteArray();
    }

    /** The bytes so far followed by their CRC64, little endian, as a writer with rdbchecksum yes ends a file. */
    byte[] withChecksum() {
        byte[] body = out.toByteArray();
        return appendLE(body, Crc64.update(0, body, 0, body.length));
    }

    /** The bytes so far followed by a zero checksum (rdbchecksum no). */
    byte[] withZeroChecksum() {
        return appendLE(out.toByteArray(), 0);
    }

    private static byte[] appendLE(byte[] body, long v) {
        byte[] r = java.util.Arrays.copyOf(body, body.length + 8);
        for (int i = 0; i < 8; i++) {
            r[body.length + i] = (byte) (v >>> (8 * i));
        }
        return r;
    }
}
