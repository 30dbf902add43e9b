package io.replkit.protocol.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact stream bytes a session hands its listener ({@link ReplicationListener#onStreamBytes}):
 * whatever the fragmentation of the input, they concatenate to the stream as sent, each piece
 * starts where the previous command ended and ends at the offset {@code onCommand} gets.
 */
class StreamBytesTest {
    private static final String REPLID = "0123456789abcdef0123456789abcdef01234567";
    private static final long START = 1000;

    /** PING, SELECT, an empty line (skipped, still counted), MULTI/EXEC, GETACK, and a 70000-byte value. */
    private static byte[] stream() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        write(s, "*1\r\n$4\r\nPING\r\n");
        write(s, "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n");
        write(s, "\r\n");
        write(s, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$4\r\nEXEC\r\n");
        write(s, "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n");
        String big = "x".repeat(70_000);
        write(s, "*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + big.length() + "\r\n" + big + "\r\n");
        write(s, "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        return s.toByteArray();
    }

    private static byte[] master(byte[] stream) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        write(s, "+PONG\r\n+OK\r\n+OK\r\n+FULLRESYNC " + REPLID + " " + START + "\r\n");
        write(s, "$5\r\nREDIS"); // the listener leaves the payload unread: the session skips it
        s.writeBytes(stream);
        return s.toByteArray();
    }

    private static void write(ByteArrayOutputStream s, String text) {
        s.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void streamBytesConcatenateToTheStreamInEveryFragmentation() throws Exception {
        byte[] stream = stream();
        for (int chunk : new int[] {1, 2, 3, 5, 100, 1 << 16}) {
            Recorder r = new Recorder(true);
            run(master(stream), chunk, r);
            assertArrayEquals(stream, r.bytes.toByteArray(), "chunks of " + chunk);
            assertEquals(8, r.commandEnds.size(), "one piece per command");
            assertEquals(r.commandEnds, r.pieceEnds, "each piece ends where its command ends");
            assertEquals(START, r.pieceStarts.get(0));
            for (int i = 1; i < r.pieceStarts.size(); i++) {
                assertEquals(r.pieceEnds.get(i - 1), r.pieceStarts.get(i), "piece " + i + " starts at the previous end");
            }
            assertEquals(START + stream.length, r.commandEnds.get(r.commandEnds.size() - 1));
        }
    }

    @Test
    void listenersThatDoNotAskGetNoBytes() throws Exception {
        Recorder r = new Recorder(false);
        run(master(stream()), 7, r);
        assertEquals(0, r.bytes.size());
        assertEquals(8, r.commandEnds.size());
    }

    private static void run(byte[] input, int chunk, Recorder r) {
        ReplicationSession s = new ReplicationSession(() -> new ScriptedLink(input, chunk),
                SessionSettings.defaults().withRetries(0, false).withAckInterval(Duration.ofHours(1)), r);
        IOException e = assertThrows(IOException.class, s::run, "the script ends, and so does the link");
        assertTrue(e.getMessage().contains("closed") || e.getMessage().contains("gave up"), e.getMessage());
    }

    private static final class Recorder implements ReplicationListener {
        final boolean wants;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Long> pieceStarts = new ArrayList<>();
        final List<Long> pieceEnds = new ArrayList<>();
        final List<Long> commandEnds = new ArrayList<>();

        Recorder(boolean wants) {
            this.wants = wants;
        }

        @Override
        public boolean wantsStreamBytes() {
            return wants;
        }

        @Override
        public void onStreamBytes(ByteBuf b, long startOffset) {
            byte[] copy = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), copy);
            bytes.writeBytes(copy);
            pieceStarts.add(startOffset);
            pieceEnds.add(startOffset + copy.length);
            assertEquals(pieceEnds.size(), commandEnds.size() + 1, "bytes come before their command");
        }

        @Override
        public void onFullResync(ReplicationId replid, long offset, String reason, RdbTransfer snapshot) {
        }

        @Override
        public void onCommand(byte[][] args, long endOffset) {
            commandEnds.add(endOffset);
        }
    }

    /** A master that replies from a script, handed out in chunks, and ignores what it is sent. */
    private static final class ScriptedLink implements MasterLink {
        private final StreamSource in;

        ScriptedLink(byte[] script, int chunk) {
            this.in = StreamSource.of(new ChunkedInputStream(Arrays.copyOf(script, script.length), chunk));
        }

        @Override
        public ByteBuf buffer() {
            return in.buffer();
        }

        @Override
        public int readMore() throws IOException {
            return in.readMore();
        }

        @Override
        public void write(byte[] bytes) {
        }

        @Override
        public void setReadTimeout(Duration timeout) {
        }

        @Override
        public String address() {
            return "scripted:0";
        }

        @Override
        public int localPort() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
