package io.replkit.protocol.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationHandshakeTest {
    private static final String ID = "8de9e3d6b7f1c1a7c1d5bb0e6f0e4c4b1c0d8e11";

    private static String text(byte[][] args) {
        List<String> parts = new ArrayList<>();
        for (byte[] a : args) {
            parts.add(new String(a, StandardCharsets.UTF_8));
        }
        return String.join(" ", parts);
    }

    @Test
    void fullSyncAsksPsyncQuestionMarkAndToleratesReplconfErrors() throws ReplicationException {
        ReplicationHandshake hs = new ReplicationHandshake(6380, null);
        List<String> sent = new ArrayList<>();
        String[] replies = {"+PONG", "-ERR Unrecognized REPLCONF option: listening-port", "+OK", "", "",
            "+FULLRESYNC " + ID + " 0"};
        int i = 0;
        while (hs.state() != ReplicationHandshake.State.DONE) {
            if (!(hs.state() == ReplicationHandshake.State.PSYNC && sent.get(sent.size() - 1).startsWith("PSYNC"))) {
                sent.add(text(hs.command()));
            }
            hs.onReply(replies[i++]);
        }
        assertEquals(List.of("PING", "REPLCONF listening-port 6380", "REPLCONF capa eof capa psync2", "PSYNC ? -1"), sent);
        assertInstanceOf(PsyncReply.FullResync.class, hs.psyncReply());
    }

    @Test
    void resumeAsksForTheByteAfterTheLastProcessedOne() throws ReplicationException {
        ReplicationHandshake hs = new ReplicationHandshake(0, new ReplicationOffset(new ReplicationId(ID), 999));
        hs.onReply("-NOPERM this user has no permissions to run the 'ping' command");
        hs.onReply("+OK");
        hs.onReply("+OK");
        assertEquals("PSYNC " + ID + " 1000", text(hs.command()));
        hs.onReply("+CONTINUE");
        assertInstanceOf(PsyncReply.Continue.class, hs.psyncReply());
    }

    @Test
    void noauthOnPingAsksForAPassword() {
        ReplicationHandshake hs = new ReplicationHandshake(0, null);
        ReplicationException e = assertThrows(ReplicationException.class, () -> hs.onReply("-NOAUTH Authentication required."));
        assertTrue(e.getMessage().contains("requires authentication"), e.getMessage());
    }

    @Test
    void garbageAnswerToPingIsFatal() {
        ReplicationHandshake hs = new ReplicationHandshake(0, null);
        ReplicationException e = assertThrows(ReplicationException.class, () -> hs.onReply("HTTP/1.1 400 Bad Request"));
        assertTrue(!e.isRetryable());
    }
}
