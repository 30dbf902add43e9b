package io.replkit.protocol.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RdbTransferTest {
    private static final String MARK = "0123456789abcdef0123456789abcdef01234567";
    private static final byte[] STREAM = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

    private static byte[] rdb(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[readSize];
        for (int n; (n = in.read(buf, 0, readSize)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] rest(StreamSource src) throws IOException {
        while (src.readMore() >= 0) {
            // drain
        }
        byte[] b = new byte[src.buffer().readableBytes()];
        src.buffer().readBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 100, 1 << 16})
    void diskBasedPayloadEndsExactlyAtItsLengthAfterKeepalives(int chunk) throws IOException {
        byte[] rdb = rdb(10_000, chunk);
        byte[] wire = concat(ascii("\n\n\n$" + rdb.length + "\r\n"), rdb, STREAM);
        StreamSource src = StreamSource.of(new ChunkedInputStream(wire, chunk));
        RdbTransfer t = RdbTransfer.begin(src);
        assertFalse(t.isDiskless());
        assertEquals(rdb.length, t.declaredLength());
        assertEquals(3, t.keepalives());
        assertArrayEquals(rdb, readAll(t.rdb(), 7));
        assertTrue(t.isComplete());
        assertEquals(rdb.length, t.bytesReceived());
        assertArrayEquals(STREAM, rest(src));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 100, 1 << 16})
    void disklessPayloadStopsBeforeItsEndMark(int chunk) throws IOException {
        byte[] rdb = rdb(10_000, chunk);
        byte[] wire = concat(ascii("\n$EOF:" + MARK + "\r\n"), rdb, ascii(MARK), STREAM);
        StreamSource src = StreamSource.of(new ChunkedInputStream(wire, chunk));
        RdbTransfer t = RdbTransfer.begin(src);
        assertTrue(t.isDiskless());
        assertEquals(-1, t.declaredLength());
        assertArrayEquals(rdb, readAll(t.rdb(), 1000));
        assertTrue(t.isComplete());
        assertArrayEquals(STREAM, rest(src));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100})
    void disklessPayloadContainingPartsOfTheMarkIsNotCutShort(int chunk) throws IOException {
        // mark prefixes inside the data must not end it
        byte[] rdb = concat(ascii(MARK.substring(0, 39)), rdb(50, 1), ascii(MARK.substring(0, 20)), ascii("x"));
        byte[] wire = concat(ascii("$EOF:" + MARK + "\r\n"), rdb, ascii(MARK));
        RdbTransfer t = RdbTransfer.begin(StreamSource.of(new ChunkedInputStream(wire, chunk)));
        assertArrayEquals(rdb, readAll(t.rdb(), 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 100})
    void disklessPayloadWithoutMarkSaysHowManyBytesArrived(int chunk) throws IOException {
        byte[] wire = concat(ascii("$EOF:" + MARK + "\r\n"), rdb(500, 2));
        RdbTransfer t = RdbTransfer.begin(StreamSource.of(new ChunkedInputStream(wire, chunk)));
        ReplicationException e = assertThrows(ReplicationException.class, () -> readAll(t.rdb(), 64));
        assertTrue(e.getMessage().contains("after 500 bytes of a diskless snapshot"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 100})
    void truncatedDiskPayloadSaysHowManyBytesArrived(int chunk) throws IOException {
        byte[] wire = concat(ascii("$1000\r\n"), rdb(600, 3));
        RdbTransfer t = RdbTransfer.begin(StreamSource.of(new ChunkedInputStream(wire, chunk)));
        ReplicationException e = assertThrows(ReplicationException.class, () -> readAll(t.rdb(), 64));
        assertTrue(e.getMessage().contains("after 600 of 1000 snapshot bytes"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void emptyDiskPayloadIsAnEmptyStream(int chunk) throws IOException {
        StreamSource src = StreamSource.of(new ChunkedInputStream(concat(ascii("$0\r\n"), STREAM), chunk));
        RdbTransfer t = RdbTransfer.begin(src);
        assertEquals(-1, t.rdb().read());
        assertArrayEquals(STREAM, rest(src));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-ERR aborted\r\n", "+OK\r\n", "$12x\r\n", "$EOF:short\r\n", "$-5\r\n"})
    void unexpectedHeadersAreReplicationErrors(String header) {
        StreamSource src = StreamSource.of(new ChunkedInputStream(ascii("\n" + header), 2));
        assertThrows(ReplicationException.class, () -> RdbTransfer.begin(src));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void skipRestConsumesThePayloadAndTheMark(int chunk) throws IOException {
        byte[] wire = concat(ascii("$EOF:" + MARK + "\r\n"), rdb(3000, 4), ascii(MARK), STREAM);
        StreamSource src = StreamSource.of(new ChunkedInputStream(wire, chunk));
        RdbTransfer t = RdbTransfer.begin(src);
        t.rdb().read(new byte[10]);
        t.skipRest();
        assertEquals(3000, t.bytesReceived());
        assertArrayEquals(STREAM, rest(src));
    }
}
