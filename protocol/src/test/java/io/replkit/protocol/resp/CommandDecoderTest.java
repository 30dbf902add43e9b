package io.replkit.protocol.resp;

import static io.replkit.protocol.resp.Fragments.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandDecoderTest {

    @Test
    void decodesArraysAndInlineCommandsFromAnySplitWithExactOffsets() throws Exception {
        String[] frames = {
            "*1\r\n$4\r\nPING\r\n",
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n",
            "*3\r\n$3\r\nSET\r\n$3\r\nk\r\n\r\n$0\r\n\r\n",
            "\n", // a keepalive newline: skipped, but counted
            "\r\n",
            "*0\r\n",
            "PING\r\n",
            "set \"a b\" 'c d'\n",
            "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n",
        };
        List<String> expected = List.of("[PING]", "[SELECT, 0]", "[SET, k\r\n, ]", "[PING]", "[set, a b, c d]",
            "[REPLCONF, GETACK, *]");
        List<Long> ends = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (String f : frames) {
            all.append(f);
            if (!f.isBlank() && !f.equals("*0\r\n")) {
                ends.add((long) all.length());
            }
        }
        for (int chunk : Fragments.CHUNK_SIZES) {
            CommandDecoder d = new CommandDecoder();
            Fragments.Decoded<byte[][]> out = Fragments.feed(ascii(all.toString()), chunk, d::decode, d::consumedBytes);
            assertEquals(expected, out.values().stream().map(CommandDecoderTest::show).toList(), "chunk " + chunk);
            assertEquals(ends, out.consumed(), "chunk " + chunk);
            assertEquals(all.length(), d.consumedBytes(), "skipped lines count too");
        }
    }

    @Test
    void getackIs37Bytes() throws Exception {
        CommandDecoder d = new CommandDecoder();
        d.decode(Unpooled.copiedBuffer(ascii("*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n")));
        assertEquals(37, d.consumedBytes());
    }

    @Test
    void emptyLinesAloneAreConsumedAndCounted() throws Exception {
        CommandDecoder d = new CommandDecoder();
        ByteBuf buf = Unpooled.copiedBuffer(ascii("\n\n\r\n   \n"));
        assertNull(d.decode(buf));
        assertEquals(8, d.consumedBytes());
        assertEquals(0, buf.readableBytes());
    }

    @Test
    void inlineQuotingFollowsRedis() throws Exception {
        assertEquals("[a, b, c]", inline("  a   b\tc  "));
        assertEquals("[a\nb\r\t\b\u0007c]", inline("\"a\\nb\\r\\t\\b\\ac\""));
        assertEquals("[A\u00ff, \\xZZ]", inline("\"\\x41\\xff\" '\\xZZ'"));
        assertEquals("[xZZ]", inline("\"\\xZZ\""));
        assertEquals("[it's, a\\b]", inline("'it\\'s' 'a\\b'"));
        assertEquals("[say \"hi\"]", inline("\"say \\\"hi\\\"\""));
        assertEquals("[foobar baz]", inline("foo\"bar baz\""));
        assertEquals("[, ]", inline("\"\" ''"));
        assertEquals("[a]", inline("a\u0000b c"));
    }

    @Test
    void unbalancedQuotesNameWhereTheQuoteOpened() {
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> inline("set \"abc"));
        assertEquals("unbalanced quotes in an inline command at offset 4: expected a closing '\"'", e.getMessage());
        e = assertThrows(RespProtocolException.class, () -> inline("set 'a'b"));
        assertEquals(7, e.offset());
    }

    @Test
    void malformedFramesNameOffsetAndExpectation() {
        assertEquals("bad argument count '2x' at offset 1: expected digits and CRLF", error("*2x\r\n").getMessage());
        assertEquals("negative argument count -2 at offset 1: expected a count of 0 or more, or -1",
            error("*-2\r\n").getMessage());
        assertEquals("type byte ':' in a command at offset 4: expected '$' and a bulk string argument",
            error("*1\r\n:1\r\n").getMessage());
        assertEquals("negative argument length -1 at offset 5: expected a length of 0 or more",
            error("*1\r\n$-1\r\n").getMessage());
        assertEquals("no CRLF after a body of 4 bytes at offset 12: expected CRLF",
            error("*1\r\n$4\r\nPINGG\r\n").getMessage());
        assertEquals("LF without CR at offset 6", error("*1\r\n$4\nPING\r\n").getMessage().split(":")[0]);
    }

    @Test
    void limitsAreEnforced() {
        RespLimits small = RespLimits.DEFAULT.withMaxBulkLength(3).withMaxAggregateLength(2).withMaxLineLength(32);
        assertEquals("argument length 4 exceeds the limit of 3 bytes at offset 5",
            error(small, "*1\r\n$4\r\nPING\r\n").getMessage());
        assertEquals("command of 3 arguments exceeds the limit of 2 at offset 1", error(small, "*3\r\n").getMessage());
        assertTrue(error(small, "x".repeat(40)).getMessage().startsWith("inline command longer than 32 bytes at offset 0"));
    }

    @Test
    void aForgedCountAllocatesLittle() throws Exception {
        CommandDecoder d = new CommandDecoder();
        assertNull(d.decode(Unpooled.copiedBuffer(ascii("*16000000\r\n$1\r\na\r\n"))));
        assertTrue(d.inProgress());
    }

    @Test
    void commandsWithMoreThanTheFirstArrayOfArgumentsGrow() throws Exception {
        StringBuilder sb = new StringBuilder("*3000\r\n");
        for (int i = 0; i < 3000; i++) {
            String a = Integer.toString(i);
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        byte[][] args = new CommandDecoder().decode(Unpooled.copiedBuffer(ascii(sb.toString())));
        assertEquals(3000, args.length);
        assertEquals("2999", new String(args[2999], StandardCharsets.US_ASCII));
    }

    @Test
    void resetsAfterAnError() throws Exception {
        CommandDecoder d = new CommandDecoder();
        assertThrows(RespProtocolException.class, () -> d.decode(Unpooled.copiedBuffer(ascii("*2\r\n$1\r\na\r\n%"))));
        assertTrue(!d.inProgress(), "the half-read command is forgotten");
        byte[][] args = d.decode(Unpooled.copiedBuffer(ascii("*1\r\n$4\r\nPING\r\n")));
        assertEquals("[PING]", show(args));
    }

    private static String inline(String line) throws RespProtocolException {
        byte[][] args = new CommandDecoder().decode(Unpooled.copiedBuffer(ascii(line + "\r\n")));
        return show(args);
    }

    private static RespProtocolException error(String wire) {
        return error(RespLimits.DEFAULT, wire);
    }

    private static RespProtocolException error(RespLimits limits, String wire) {
        RespProtocolException first = null;
        for (int chunk : Fragments.CHUNK_SIZES) {
            CommandDecoder d = new CommandDecoder(limits);
            RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> Fragments.feed(ascii(wire), chunk, d::decode, d::consumedBytes), wire + " in chunks of " + chunk);
            if (first == null) {
                first = e;
            } else {
                assertEquals(first.getMessage(), e.getMessage(), "chunk " + chunk);
            }
        }
        return first;
    }

    static String show(byte[][] args) {
        List<String> s = new ArrayList<>();
        for (byte[] a : args) {
            s.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        return s.toString();
    }
}
