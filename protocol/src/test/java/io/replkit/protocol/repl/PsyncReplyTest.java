package io.replkit.protocol.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PsyncReplyTest {
    private static final String ID = "8de9e3d6b7f1c1a7c1d5bb0e6f0e4c4b1c0d8e11";
    private static final String ID2 = "0000000000000000000000000000000000000abc";

    @Test
    void fullResyncCarriesIdAndOffset() throws ReplicationException {
        PsyncReply r = PsyncReply.parse("+FULLRESYNC " + ID + " 1234");
        assertEquals(new PsyncReply.FullResync(new ReplicationId(ID), 1234), r);
    }

    @Test
    void continueWithAndWithoutNewId() throws ReplicationException {
        assertEquals(new PsyncReply.Continue(Optional.empty()), PsyncReply.parse("+CONTINUE"));
        assertEquals(new PsyncReply.Continue(Optional.of(new ReplicationId(ID2))), PsyncReply.parse("+CONTINUE " + ID2));
    }

    @Test
    void refusalsKnowWhetherTheyAreTransient() throws ReplicationException {
        PsyncReply.Refused link = assertInstanceOf(PsyncReply.Refused.class,
            PsyncReply.parse("-NOMASTERLINK Can't SYNC while not connected with my master"));
        assertTrue(link.isTransient());
        assertTrue(((PsyncReply.Refused) PsyncReply.parse("-LOADING Redis is loading the dataset in memory")).isTransient());
        assertTrue(((PsyncReply.Refused) PsyncReply.parse("-ERR Can't SYNC while not connected with my master")).isTransient());
        assertFalse(((PsyncReply.Refused) PsyncReply.parse("-ERR unknown command 'PSYNC'")).isTransient());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+FULLRESYNC abc 12", "+FULLRESYNC " + ID, "+FULLRESYNC " + ID + " x", "+CONTINUE zz", "+OK", ":1"})
    void malformedRepliesAreRejected(String line) {
        assertThrows(ReplicationException.class, () -> PsyncReply.parse(line));
    }

    @Test
    void offsetsParseAndPrintAsReplidColonOffset() {
        ReplicationOffset o = ReplicationOffset.parse(ID + ":42");
        assertEquals(ID + ":42", o.toString());
        assertEquals(43, o.psyncOffset());
        assertThrows(IllegalArgumentException.class, () -> ReplicationOffset.parse(ID));
        assertThrows(IllegalArgumentException.class, () -> ReplicationOffset.parse("xyz:1"));
        assertThrows(IllegalArgumentException.class, () -> ReplicationOffset.parse(ID + ":-1"));
        assertThrows(IllegalArgumentException.class, () -> ReplicationOffset.parse(ID + ":1x"));
    }
}
