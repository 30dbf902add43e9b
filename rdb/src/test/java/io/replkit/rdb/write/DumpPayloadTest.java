package io.replkit.rdb.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbFormatException;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.encoding.Crc64;
import io.replkit.rdb.value.StringValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The DUMP footer: version and CRC64 as Redis writes them, and every way a payload can be wrong. */
class DumpPayloadTest {

    static RdbWriterOptions v(int version) {
        return RdbWriterOptions.defaults(RdbTarget.version(version));
    }

    @Test
    void encodesTypeBodyVersionAndCrcLikeDump() throws IOException {
        // DUMP of SET k hello on Redis 7.0: 00 05 "hello" 0a 00 + crc
        byte[] p = DumpPayload.encode(new StringValue("hello".getBytes(StandardCharsets.US_ASCII)), v(10));
        assertEquals("000568656c6c6f0a00", HexFormat.of().formatHex(p, 0, 9));
        long crc = Crc64.update(0, p, 0, 9);
        byte[] le = new byte[8];
        for (int i = 0; i < 8; i++) {
            le[i] = (byte) (crc >>> (8 * i));
        }
        assertArrayEquals(le, Arrays.copyOfRange(p, 9, 17));
        DumpPayload.Decoded d = DumpPayload.decodeWithType(p);
        assertEquals(RdbType.STRING, d.type());
        assertEquals(10, d.rdbVersion());
    }

    @Test
    void refusesAWrongChecksumNamingItsOffset() throws IOException {
        byte[] p = DumpPayload.encode(new StringValue("hello".getBytes(StandardCharsets.US_ASCII)), v(9));
        p[3] ^= 1;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> DumpPayload.decode(p));
        assertTrue(e.getMessage().startsWith("DUMP payload checksum mismatch"), e.getMessage());
        assertEquals(9, e.offset());
    }

    @Test
    void skipsTheChecksumWhenItIsZero() throws IOException {
        byte[] p = DumpPayload.encode(new StringValue("hello".getBytes(StandardCharsets.US_ASCII)), v(9));
        Arrays.fill(p, p.length - 8, p.length, (byte) 0);
        assertEquals("hello", new String(((StringValue) DumpPayload.decode(p)).bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void refusesUnknownVersionsShortPayloadsAndTrailingBytes() throws IOException {
        byte[] p = DumpPayload.encode(new StringValue("hello".getBytes(StandardCharsets.US_ASCII)), v(12));
        byte[] future = p.clone();
        future[p.length - 10] = 13;
        RdbFormatException ver = assertThrows(RdbFormatException.class, () -> DumpPayload.decode(future));
        assertTrue(ver.getMessage().contains("version 13"), ver.getMessage());

        assertThrows(RdbFormatException.class, () -> DumpPayload.decode(new byte[10]));

        byte[] body = Arrays.copyOf(p, p.length - 10);
        byte[] padded = withFooter(concat(body, new byte[] {0}), 12);
        RdbFormatException extra = assertThrows(RdbFormatException.class, () -> DumpPayload.decode(padded));
        assertTrue(extra.getMessage().startsWith("1 bytes follow the STRING value at offset 7"), extra.getMessage());

        byte[] truncated = withFooter(Arrays.copyOf(body, body.length - 1), 12);
        RdbFormatException cut = assertThrows(RdbFormatException.class, () -> DumpPayload.decode(truncated));
        assertTrue(cut.getMessage().contains("DUMP payload (STRING)"), cut.getMessage());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] withFooter(byte[] body, int version) {
        byte[] p = Arrays.copyOf(body, body.length + 10);
        p[body.length] = (byte) version;
        long crc = Crc64.update(0, p, 0, body.length + 2);
        for (int i = 0; i < 8; i++) {
            p[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return p;
    }
}
