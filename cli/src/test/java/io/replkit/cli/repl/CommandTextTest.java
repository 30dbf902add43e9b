package io.replkit.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.protocol.repl.ReplicationId;
import io.replkit.protocol.repl.ReplicationOffset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTextTest {

    private static byte[][] cmd(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
    }

    private static String text(byte[][] args) {
        CommandText.ByteSink sink = new CommandText.ByteSink();
        CommandText.write(args, sink);
        return new String(sink.array(), 0, sink.length(), StandardCharsets.US_ASCII);
    }

    @Test
    void quotesLikeRedisCli() {
        assertEquals("\"SET\" \"k\" \"v\"", text(cmd("SET", "k", "v")));
        assertEquals("\"SET\" \"a\\\"b\\\\c\" \"\\n\\r\\t\\a\\b\"", text(cmd("SET", "a\"b\\c", "\n\r\t\u0007\b")));
        assertEquals("\"SET\" \"\\x00\\xff\\x7f\" \"\"", text(cmd("SET", "\u0000\u00ff\u007f", "")));
    }

    @Test
    void matchLooksAtTheKeyArgumentsOfEachCommand() {
        CommandFilter f = new CommandFilter(null, null, "user:*");
        assertTrue(f.accepts(cmd("SET", "user:1", "x"), 0));
        assertFalse(f.accepts(cmd("SET", "x", "user:1"), 0));
        assertTrue(f.accepts(cmd("DEL", "a", "b", "user:2"), 0));
        assertTrue(f.accepts(cmd("MSET", "a", "user:x", "user:3", "v"), 0));
        assertFalse(f.accepts(cmd("MSET", "a", "user:x"), 0));
        assertTrue(f.accepts(cmd("RENAME", "a", "user:4"), 0));
        assertTrue(f.accepts(cmd("ZUNIONSTORE", "d", "2", "a", "user:5"), 0));
        assertFalse(f.accepts(cmd("ZUNIONSTORE", "d", "1", "a", "user:5"), 0));
        assertTrue(f.accepts(cmd("EVAL", "return 1", "1", "user:6", "arg"), 0));
        assertFalse(f.accepts(cmd("EVAL", "return 1", "0", "user:6"), 0));
        assertFalse(f.accepts(cmd("SELECT", "1"), 0));
        assertFalse(f.accepts(cmd("MULTI"), 0));
    }

    @Test
    void commandAndDbFiltersCombine() {
        CommandFilter f = new CommandFilter(List.of(1), List.of("set", "del,unlink"), null);
        assertTrue(f.accepts(cmd("set", "k", "v"), 1));
        assertTrue(f.accepts(cmd("UNLINK", "k"), 1));
        assertFalse(f.accepts(cmd("SET", "k", "v"), 0));
        assertFalse(f.accepts(cmd("INCR", "k"), 1));
        assertTrue(new CommandFilter(null, null, null).acceptsAll());
    }

    @Test
    void checkpointRoundTripsAndAMissingFileIsNoCheckpoint(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cp");
        assertNull(Checkpoint.read(file));
        Checkpoint cp = new Checkpoint(new ReplicationOffset(new ReplicationId("8de9e3d6b7f1c1a7c1d5bb0e6f0e4c4b1c0d8e11"), 77), 3);
        cp.write(file);
        assertEquals(cp, Checkpoint.read(file));
    }
}
