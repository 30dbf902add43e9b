package io.replkit.replica.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The backlog's ring and the PSYNC rules of {@code masterTryPartialResynchronization}. */
class ReplicationBacklogTest {
    private static final String ID = "a".repeat(40);
    private static final String NEW_ID = "b".repeat(40);

    @Test
    void holdsTheLastSizeBytesAcrossWrapsInEveryPieceSize() {
        Random rnd = new Random(8);
        byte[] stream = new byte[5000];
        rnd.nextBytes(stream);
        for (int piece : new int[] {1, 3, 7, 100, 999, 1000, 1001, 4000}) {
            ReplicationBacklog b = new ReplicationBacklog(1000);
            b.reset(ID, 500);
            for (int i = 0; i < stream.length; i += piece) {
                int n = Math.min(piece, stream.length - i);
                ByteBuf buf = Unpooled.wrappedBuffer(stream, i, n);
                b.append(buf);
                assertEquals(n, buf.readableBytes(), "append leaves the buffer as it was");
            }
            assertEquals(500 + 5000, b.offset());
            assertEquals(1000, b.histlen());
            assertEquals(500 + 5000 - 1000 + 1, b.firstByteOffset());
            for (long from : new long[] {b.firstByteOffset(), b.firstByteOffset() + 1, b.offset() - 10, b.offset(),
                    b.offset() + 1}) {
                ByteBuf out = Unpooled.buffer();
                b.copyFrom(from, out);
                int start = (int) (from - 501); // stream[0] is offset 501
                byte[] expected = Arrays.copyOfRange(stream, start, stream.length);
                byte[] actual = new byte[out.readableBytes()];
                out.readBytes(actual);
                assertArrayEquals(expected, actual, "piece " + piece + " from " + from);
            }
        }
    }

    @Test
    void continuesOnlyWithinTheHeldBytes() {
        ReplicationBacklog b = new ReplicationBacklog(100);
        b.reset(ID, 1000);
        b.append(Unpooled.wrappedBuffer(new byte[150]));
        assertEquals(1150, b.offset());
        assertEquals(1051, b.firstByteOffset());
        assertTrue(b.canContinue(ID, 1151), "nothing to send is fine");
        assertTrue(b.canContinue(ID, 1051));
        assertTrue(b.canContinue(ID.toUpperCase(), 1100), "ids compare case-insensitively, as strcasecmp");
        assertFalse(b.canContinue(ID, 1050), "the byte was overwritten");
        assertFalse(b.canContinue(ID, 1152), "beyond the master's offset");
        assertFalse(b.canContinue("?", 1100));
        assertFalse(b.canContinue(NEW_ID, 1100));
        assertThrows(IllegalArgumentException.class, () -> b.copyFrom(1050, Unpooled.buffer()));
    }

    @Test
    void theOldIdStaysValidUpToTheSwitchAfterAFailover() {
        ReplicationBacklog b = new ReplicationBacklog(1000);
        b.reset(ID, 0);
        b.append(Unpooled.wrappedBuffer(new byte[100]));
        b.shiftReplicationId(NEW_ID);
        b.append(Unpooled.wrappedBuffer(new byte[50]));
        assertEquals(ID, b.replid2());
        assertEquals(101, b.secondReplidOffset());
        assertTrue(b.canContinue(ID, 101), "a replica of the old master that read everything before the switch");
        assertTrue(b.canContinue(ID, 50));
        assertFalse(b.canContinue(ID, 102), "the old id never reached offset 101");
        assertTrue(b.canContinue(NEW_ID, 140));
    }

    @Test
    void aFreshBacklogContinuesNothing() {
        ReplicationBacklog b = new ReplicationBacklog(ReplicationBacklog.DEFAULT_SIZE);
        assertFalse(b.active());
        assertFalse(b.canContinue(ID, 1));
        b.reset(ID, 42);
        assertTrue(b.active());
        assertEquals(43, b.firstByteOffset());
        assertEquals(0, b.histlen());
        assertTrue(b.canContinue(ID, 43));
        assertFalse(b.canContinue(ID, 42));
    }
}
