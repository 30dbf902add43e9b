package io.replkit.rdb.write;

import io.replkit.rdb.RdbFormatException;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.encoding.Crc64;
import io.replkit.rdb.value.RdbValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The serialization of {@code DUMP} and {@code RESTORE} ({@code createDumpPayload} /
 * {@code verifyDumpPayload}): the value's type byte and body as in an RDB file, then the RDB
 * version as uint16 LE, then the CRC64 of everything before it as uint64 LE. No key, no expiry.
 */
public final class DumpPayload {
    /** Version (2 bytes) and CRC64 (8 bytes). */
    public static final int FOOTER_SIZE = 10;

    /** A decoded payload: the value, the type it was stored as, and the RDB version in its footer. */
    public record Decoded(RdbType type, RdbValue value, int rdbVersion) {
    }

    private DumpPayload() {
    }

    /**
     * Encodes a value as {@code DUMP} would on a server of the options' target version.
     *
     * @throws RdbWriteException when the target cannot represent the value
     */
    public static byte[] encode(RdbValue value, RdbWriterOptions options) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        RdbOutput out = new RdbOutput(bytes, options.compress(), options.target().has64BitLengths(),
            RdbOutput.SMALL_BUFFER_SIZE);
        ValueEncoder encoder = new ValueEncoder(options);
        RdbType type = encoder.choose(value, "DUMP payload");
        out.writeByte(type.code());
        encoder.write(out, type, value);
        out.writeInt16LE(options.rdbVersion());
        out.writeInt64LE(out.crc());
        out.flush();
        return bytes.toByteArray();
    }

    /** The value of a payload; see {@link #decodeWithType}. */
    public static RdbValue decode(byte[] payload) throws RdbFormatException {
        return decodeWithType(payload).value();
    }

    /**
     * Checks the footer (length, a known RDB version, the CRC64; a stored CRC of 0 is not
     * checked, as with {@code skip_checksum_validation}) and decodes the value.
     *
     * @throws RdbFormatException naming the payload offset of the problem
     */
    public static Decoded decodeWithType(byte[] payload) throws RdbFormatException {
        int len = payload.length;
        if (len < FOOTER_SIZE + 1) {
            throw new RdbFormatException("DUMP payload of " + len + " bytes is shorter than a type byte and the "
                + FOOTER_SIZE + "-byte footer", 0);
        }
        int footer = len - FOOTER_SIZE;
        int version = (payload[footer] & 0xFF) | (payload[footer + 1] & 0xFF) << 8;
        boolean valkey = version >= RdbHeader.MIN_VALKEY_VERSION;
        if (version < 1 || version > RdbHeader.MAX_REDIS_VERSION && !valkey || version > RdbHeader.MAX_VALKEY_VERSION) {
            throw new RdbFormatException("DUMP payload RDB version " + version + " is not one this reader knows (1 to "
                + RdbHeader.MAX_REDIS_VERSION + ", Valkey " + RdbHeader.MIN_VALKEY_VERSION + " to "
                + RdbHeader.MAX_VALKEY_VERSION + ")", footer);
        }
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (payload[footer + 2 + i] & 0xFFL) << (8 * i);
        }
        long computed = Crc64.update(0, payload, 0, footer + 2);
        if (stored != 0 && stored != computed) {
            throw new RdbFormatException(String.format("DUMP payload checksum mismatch: footer says 0x%016x, content gives 0x%016x",
                stored, computed), footer + 2);
        }
        int code = payload[0] & 0xFF;
        RdbType type = RdbType.of(code, valkey);
        if (type == null) {
            throw new RdbFormatException("unknown value type " + code + " in a DUMP payload", 0);
        }
        RdbValue value;
        try {
            value = RdbReader.readValue(type, payload, 1, footer - 1, "DUMP payload");
        } catch (RdbFormatException e) {
            throw e.relocate(1, null);
        } catch (IOException e) {
            throw new RdbFormatException("DUMP payload cannot be read: " + e.getMessage(), 1, null, e);
        }
        return new Decoded(type, value, version);
    }
}
