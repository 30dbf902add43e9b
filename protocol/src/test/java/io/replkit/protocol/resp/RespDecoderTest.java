package io.replkit.protocol.resp;

import static io.replkit.protocol.resp.Fragments.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.protocol.resp.RespValue.Entry;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {

    /** Every type, as it appears on the wire and as the decoder gives it back. */
    static final List<Object[]> SAMPLES = List.of(
        new Object[] {"+OK\r\n", RespValue.OK},
        new Object[] {"+\r\n", new RespValue.SimpleString("")},
        new Object[] {"-ERR unknown command 'x'\r\n", RespValue.error("ERR unknown command 'x'")},
        new Object[] {":0\r\n", new RespValue.Int(0)},
        new Object[] {":-9223372036854775808\r\n", new RespValue.Int(Long.MIN_VALUE)},
        new Object[] {":9223372036854775807\r\n", new RespValue.Int(Long.MAX_VALUE)},
        new Object[] {"$5\r\nhello\r\n", RespValue.bulk("hello")},
        new Object[] {"$0\r\n\r\n", RespValue.bulk("")},
        new Object[] {"$4\r\na\r\nb\r\n", RespValue.bulk("a\r\nb")},
        new Object[] {"$-1\r\n", RespValue.NULL_BULK},
        new Object[] {"*-1\r\n", RespValue.NULL_ARRAY},
        new Object[] {"_\r\n", RespValue.NULL},
        new Object[] {"*0\r\n", new RespValue.Array(List.of())},
        new Object[] {"*3\r\n:1\r\n$1\r\nx\r\n*1\r\n$-1\r\n",
            RespValue.array(new RespValue.Int(1), RespValue.bulk("x"), RespValue.array(RespValue.NULL_BULK))},
        new Object[] {"%2\r\n+a\r\n:1\r\n$1\r\nb\r\n#t\r\n", new RespValue.MapValue(List.of(
            new Entry(new RespValue.SimpleString("a"), new RespValue.Int(1)),
            new Entry(RespValue.bulk("b"), new RespValue.Bool(true))))},
        new Object[] {"%0\r\n", new RespValue.MapValue(List.of())},
        new Object[] {"~2\r\n+x\r\n+y\r\n", new RespValue.SetValue(List.of(
            new RespValue.SimpleString("x"), new RespValue.SimpleString("y")))},
        new Object[] {">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$3\r\nmsg\r\n",
            new RespValue.Push(List.of(RespValue.bulk("message"), RespValue.bulk("ch"), RespValue.bulk("msg")))},
        new Object[] {"|1\r\n+ttl\r\n:3600\r\n$3\r\nval\r\n", new RespValue.Attribute(
            List.of(new Entry(new RespValue.SimpleString("ttl"), new RespValue.Int(3600))), RespValue.bulk("val"))},
        new Object[] {"*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n", RespValue.array(new RespValue.Attribute(
            List.of(new Entry(new RespValue.SimpleString("a"), new RespValue.SimpleString("b"))), new RespValue.Int(1)),
            new RespValue.Int(2))},
        new Object[] {",1.5\r\n", new RespValue.DoubleValue(1.5)},
        new Object[] {",-2.5e-3\r\n", new RespValue.DoubleValue(-2.5e-3)},
        new Object[] {",10\r\n", new RespValue.DoubleValue(10)},
        new Object[] {",inf\r\n", new RespValue.DoubleValue(Double.POSITIVE_INFINITY)},
        new Object[] {",-inf\r\n", new RespValue.DoubleValue(Double.NEGATIVE_INFINITY)},
        new Object[] {",nan\r\n", new RespValue.DoubleValue(Double.NaN)},
        new Object[] {"(3492890328409238509324850943850943825024385\r\n",
            new RespValue.BigNumber(new BigInteger("3492890328409238509324850943850943825024385"))},
        new Object[] {"(-1\r\n", new RespValue.BigNumber(BigInteger.ONE.negate())},
        new Object[] {"#t\r\n", new RespValue.Bool(true)},
        new Object[] {"#f\r\n", new RespValue.Bool(false)},
        new Object[] {"!21\r\nSYNTAX invalid syntax\r\n", new RespValue.ErrorReply("SYNTAX invalid syntax", true)},
        new Object[] {"=15\r\ntxt:Some string\r\n", new RespValue.Verbatim("txt", ascii("Some string"))},
        new Object[] {"=4\r\nmkd:\r\n", new RespValue.Verbatim("mkd", new byte[0])}
    );

    @Test
    void decodesEveryTypeFromAnySplitOfTheInput() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<RespValue> expected = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (Object[] s : SAMPLES) {
            all.writeBytes(ascii((String) s[0]));
            expected.add((RespValue) s[1]);
            ends.add((long) all.size());
        }
        byte[] input = all.toByteArray();
        for (int chunk : Fragments.CHUNK_SIZES) {
            RespDecoder d = new RespDecoder();
            Fragments.Decoded<RespValue> out = Fragments.feed(input, chunk, d::decode, d::consumedBytes);
            assertEquals(expected, out.values(), "chunk " + chunk);
            assertEquals(ends, out.consumed(), "consumedBytes after each value, chunk " + chunk);
            assertEquals(0, out.leftOver());
            assertFalse(d.inProgress());
        }
    }

    @Test
    void eachSampleAloneConsumesExactlyItsBytes() throws Exception {
        for (Object[] s : SAMPLES) {
            byte[] wire = ascii((String) s[0]);
            RespDecoder d = new RespDecoder();
            ByteBuf buf = Unpooled.wrappedBuffer(wire, ascii("+next\r\n"));
            assertEquals(s[1], d.decode(buf), (String) s[0]);
            assertEquals(wire.length, d.consumedBytes());
            assertEquals(wire.length, buf.readerIndex());
        }
    }

    @Test
    void bigBulkStringArrivesInPiecesWithoutTheBufferHoldingItAll() throws Exception {
        byte[] payload = new byte[3_000_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        RespDecoder d = new RespDecoder();
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(ascii("$" + payload.length + "\r\n"));
        RespValue v = null;
        for (int off = 0; off < payload.length; off += 65536) {
            buf.writeBytes(payload, off, Math.min(65536, payload.length - off));
            assertNull(d.decode(buf));
            assertEquals(0, buf.readableBytes(), "the decoder took every byte that arrived");
            buf.discardReadBytes();
            assertTrue(d.inProgress());
        }
        buf.writeBytes(ascii("\r\n"));
        v = d.decode(buf);
        assertTrue(Arrays.equals(payload, ((RespValue.BulkString) v).bytes()));
        assertEquals(("$" + payload.length + "\r\n").length() + payload.length + 2, d.consumedBytes());
    }

    @Test
    void aForgedLengthAllocatesNothingBeyondWhatArrived() throws Exception {
        RespDecoder d = new RespDecoder();
        ByteBuf buf = Unpooled.copiedBuffer(ascii("$536870912\r\nabc"));
        assertNull(d.decode(buf)); // no 512 MiB array: it waits for bytes
        assertTrue(d.inProgress());
        assertEquals(0, d.consumedBytes());
    }

    @Test
    void consecutiveAttributesDescribeTheSameValue() throws Exception {
        RespValue v = decodeOne("|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n+x\r\n");
        assertEquals(new RespValue.Attribute(List.of(
            new Entry(new RespValue.SimpleString("a"), new RespValue.Int(1)),
            new Entry(new RespValue.SimpleString("b"), new RespValue.Int(2))), new RespValue.SimpleString("x")), v);
    }

    @Test
    void nestingUpToTheLimitIsFine() throws Exception {
        RespDecoder d = new RespDecoder(RespLimits.DEFAULT.withMaxDepth(3));
        RespValue v = d.decode(Unpooled.copiedBuffer(ascii("*1\r\n*1\r\n*1\r\n:7\r\n")));
        assertEquals(RespValue.array(RespValue.array(RespValue.array(new RespValue.Int(7)))), v);
    }

    @Test
    void keepaliveNewlinesBetweenValuesAreSkippedAndCountedWhenAsked() throws Exception {
        byte[] input = ascii("\n\n\r\n+FULLRESYNC 0123 0\r\n\n");
        for (int chunk : Fragments.CHUNK_SIZES) {
            RespDecoder d = new RespDecoder().skipKeepaliveNewlines(true);
            Fragments.Decoded<RespValue> out = Fragments.feed(input, chunk, d::decode, d::consumedBytes);
            assertEquals(List.of(new RespValue.SimpleString("FULLRESYNC 0123 0")), out.values());
            assertEquals(List.of(24L), out.consumed());
            assertEquals(input.length, d.consumedBytes(), "the trailing newline counts too");
        }
        assertEquals(0, decodeError("\n+OK\r\n").offset(), "strict by default");
        RespDecoder d = new RespDecoder().skipKeepaliveNewlines(true);
        assertThrows(RespProtocolException.class, () -> d.decode(Unpooled.copiedBuffer(ascii("*2\r\n\n"))),
            "only between top-level values");
    }

    @Test
    void convenienceAccessorsReadThroughTypesAndAttributes() throws Exception {
        RespValue v = decodeOne("|1\r\n+a\r\n+b\r\n$3\r\n\u00ff12\r\n");
        assertTrue(Arrays.equals(new byte[] {(byte) 0xff, '1', '2'}, v.asBytes()));
        assertEquals(42, decodeOne(":42\r\n").asLong());
        assertEquals(42, decodeOne("$2\r\n42\r\n").asLong());
        assertEquals(1, decodeOne("#t\r\n").asLong());
        assertEquals("1.5", decodeOne(",1.5\r\n").asString());
        assertNull(decodeOne("$-1\r\n").asString());
        assertTrue(decodeOne("-ERR x\r\n").isError());
        assertEquals("ERR", ((RespValue.ErrorReply) decodeOne("-ERR x\r\n")).code());
        assertEquals(List.of(new RespValue.Int(1), new RespValue.Int(2)), decodeOne("%1\r\n:1\r\n:2\r\n").asList());
        assertThrows(IllegalStateException.class, () -> decodeOne("*0\r\n").asString());
        assertThrows(IllegalStateException.class, () -> decodeOne("+x\r\n").asLong());
    }

    // --- malformed input: one exception, the offset, what was expected ---

    @Test
    void unknownTypeByteNamesItsOffset() {
        RespProtocolException e = decodeError("+OK\r\n?what\r\n");
        assertEquals("unknown type byte '?' at offset 5: expected one of + - : $ * _ # , ( ! = % ~ > |", e.getMessage());
        assertEquals(5, e.offset());
    }

    @Test
    void unknownTypeByteIsReportedBeforeTheLineEnds() {
        // a server answering HTTP: no need to wait for a line end to know it is not RESP
        RespProtocolException e = decodeError("HTTP/1.1 400");
        assertEquals(0, e.offset());
    }

    @Test
    void badLengthNamesTheTextAndOffset() {
        RespProtocolException e = decodeError("+OK\r\n$12x\r\n");
        assertEquals("bad length '12x' at offset 6: expected digits and CRLF", e.getMessage());
    }

    @Test
    void negativeLengthsOtherThanMinusOneAreRejected() {
        assertEquals("negative length -2 at offset 1: expected a length of 0 or more, or -1 for null",
            decodeError("$-2\r\n").getMessage());
        assertEquals(1, decodeError("*-5\r\n").offset());
        assertEquals("negative length -1 at offset 1: expected a length of 0 or more",
            decodeError("%-1\r\n").getMessage());
    }

    @Test
    void missingCrlfAfterABulkBodyIsReportedWhereItShouldBe() {
        RespProtocolException e = decodeError("$3\r\nabcd\r\n");
        assertEquals("no CRLF after a body of 3 bytes at offset 7: expected CRLF", e.getMessage());
    }

    @Test
    void lineFeedWithoutCarriageReturnIsRejected() {
        RespProtocolException e = decodeError(":12\n");
        assertEquals(3, e.offset());
        assertEquals("CRLF", e.expected());
    }

    @Test
    void badScalarsAreRejected() {
        assertEquals(1, decodeError(":1x\r\n").offset());
        assertEquals("bad double 'Infinity' at offset 1: expected a decimal number, inf, -inf or nan",
            decodeError(",Infinity\r\n").getMessage());
        assertEquals(1, decodeError("#x\r\n").offset());
        assertEquals(1, decodeError("(12a\r\n").offset());
        assertEquals(1, decodeError("_x\r\n").offset());
        assertEquals(4, decodeError("=4\r\ntxt!\r\n").offset());
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() {
        RespDecoder d = new RespDecoder(RespLimits.DEFAULT.withMaxDepth(2));
        RespProtocolException e = assertThrows(RespProtocolException.class,
            () -> d.decode(Unpooled.copiedBuffer(ascii("*1\r\n*1\r\n*1\r\n:1\r\n"))));
        assertEquals("aggregate nested deeper than 2 levels at offset 8: expected at most 2 nested aggregates",
            e.getMessage());
    }

    @Test
    void defaultDepthLimitIs64() {
        String deep = "*1\r\n".repeat(65) + ":1\r\n";
        assertEquals(64 * 4, decodeError(deep).offset());
    }

    @Test
    void tooLongBulkAggregateAndLineAreRejected() {
        RespLimits small = RespLimits.DEFAULT.withMaxBulkLength(10).withMaxAggregateLength(3).withMaxLineLength(40);
        assertEquals("bulk length 11 exceeds the limit of 10 bytes at offset 1",
            decodeError(small, "$11\r\n").getMessage());
        assertEquals("aggregate of 4 elements exceeds the limit of 3 at offset 1",
            decodeError(small, "*4\r\n").getMessage());
        assertEquals("header line longer than 40 bytes at offset 0: expected CRLF",
            decodeError(small, "+" + "x".repeat(60)).getMessage());
    }

    @Test
    void offsetsCountFromTheFirstByteEverDecoded() throws Exception {
        RespDecoder d = new RespDecoder();
        ByteBuf buf = Unpooled.copiedBuffer(ascii("+a\r\n:1\r\n$x\r\n"));
        d.decode(buf);
        d.decode(buf);
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> d.decode(buf));
        assertEquals(9, e.offset());
        assertEquals(8, d.consumedBytes());
    }

    @Test
    void decoderResetsAfterAnErrorAndDecodesWhatFollows() throws Exception {
        RespDecoder d = new RespDecoder();
        ByteBuf buf = Unpooled.copiedBuffer(ascii("*2\r\n:1\r\n$-7\r\n"));
        assertThrows(RespProtocolException.class, () -> d.decode(buf));
        assertFalse(d.inProgress());
        ByteBuf next = Unpooled.copiedBuffer(ascii(":5\r\n"));
        assertEquals(new RespValue.Int(5), d.decode(next), "no half-built array is left on the stack");
    }

    private static RespValue decodeOne(String wire) throws RespProtocolException {
        return new RespDecoder().decode(Unpooled.copiedBuffer(ascii(wire)));
    }

    private static RespProtocolException decodeError(String wire) {
        return decodeError(RespLimits.DEFAULT, wire);
    }

    /** The same error whatever the split of the input. */
    private static RespProtocolException decodeError(RespLimits limits, String wire) {
        RespProtocolException first = null;
        for (int chunk : Fragments.CHUNK_SIZES) {
            RespDecoder d = new RespDecoder(limits);
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
}
