package io.replkit.replica.load;

import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbFormatException;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.encoding.Crc64;
import io.replkit.replica.data.Dataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes DUMP payloads (RESTORE, FUNCTION RESTORE): the RDB serialisation of one value (or of
 * function libraries), then a 2-byte little-endian RDB version and a CRC64 of everything
 * before it. The body is read by the rdb module's reader, framed as a one-key RDB file.
 */
public final class DumpPayload {
    private DumpPayload() {
    }

    /** Checks the footer and returns the RDB version the payload was written with. */
    static int requireValidFooter(byte[] payload) throws RdbFormatException {
        if (payload.length < 10) {
            throw new RdbFormatException("DUMP payload is " + payload.length + " bytes, shorter than its 10-byte footer", 0);
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xFF) | (payload[footer + 1] & 0xFF) << 8;
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = (stored << 8) | (payload[footer + 2 + i] & 0xFFL);
        }
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        if (stored != 0 && stored != crc) {
            throw new RdbFormatException(String.format("DUMP payload checksum mismatch: payload says 0x%016x, content gives 0x%016x",
                stored, crc), footer + 2);
        }
        return version;
    }

    private static RdbReader frame(byte[] payload, int version, byte[] prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 32);
        String magic = version >= 80 ? String.format("VALKEY%03d", version) : String.format("REDIS%04d", version);
        out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(prefix);
        out.write(payload, prefix.length == 0 ? 0 : 1, payload.length - 10 - (prefix.length == 0 ? 0 : 1));
        out.write(0xFF); // EOF
        out.writeBytes(new byte[8]); // checksum 0: not checked
        byte[] rdb = out.toByteArray();
        return new RdbReader(new ByteArrayInputStream(rdb), rdb.length, io.replkit.rdb.RdbLimits.DEFAULT);
    }

    /** The value of a RESTORE payload, in the dataset's representation. */
    public static Object decodeValue(byte[] payload, io.replkit.replica.data.EncodingRules rules) throws IOException {
        int version = requireValidFooter(payload);
        // type byte, then a one-byte key "k", then the value
        byte[] prefix = {payload[0], 1, 'k'};
        Dataset one = new Dataset(1);
        try (RdbReader r = frame(payload, version, prefix)) {
            SnapshotLoader loader = new SnapshotLoader(one, rules);
            loader.readAll(r);
        }
        Object v = one.db(0).get(new byte[] {'k'});
        if (v == null) {
            throw new RdbFormatException("DUMP payload holds no value", 0);
        }
        return v;
    }

    /** Reads an entry of a payload's value (see {@link #readEntry}). */
    @FunctionalInterface
    public interface EntryReader<T> {
        T read(KeyEntry entry) throws IOException;
    }

    /**
     * Reads a DUMP payload as the value of {@code key} in a one-key RDB file and hands that
     * entry to {@code reader} (which may stream the value to a visitor).
     */
    public static <T> T readEntry(byte[] payload, byte[] key, EntryReader<T> reader) throws IOException {
        int version = requireValidFooter(payload);
        ByteArrayOutputStream prefix = new ByteArrayOutputStream(key.length + 6);
        prefix.write(payload[0]);
        if (key.length < 64) {
            prefix.write(key.length);
        } else if (key.length < 16384) {
            prefix.write(0x40 | key.length >>> 8);
            prefix.write(key.length & 0xFF);
        } else {
            prefix.write(0x80);
            prefix.write(key.length >>> 24);
            prefix.write(key.length >>> 16 & 0xFF);
            prefix.write(key.length >>> 8 & 0xFF);
            prefix.write(key.length & 0xFF);
        }
        prefix.writeBytes(key);
        try (RdbReader r = frame(payload, version, prefix.toByteArray())) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    return reader.read(k);
                }
            }
        }
        throw new RdbFormatException("DUMP payload holds no value", 0);
    }

    /** The library codes of a FUNCTION DUMP payload. */
    public static List<byte[]> decodeFunctions(byte[] payload) throws IOException {
        int version = requireValidFooter(payload);
        List<byte[]> libs = new ArrayList<>();
        try (RdbReader r = frame(payload, version, new byte[0])) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof FunctionLibrary f) {
                    libs.add(f.code());
                } else if (rec instanceof KeyEntry k) {
                    throw new RdbFormatException("FUNCTION RESTORE payload holds a key", k.offset());
                }
            }
        }
        return libs;
    }
}
