package io.replkit.protocol.resp;

import static io.replkit.protocol.resp.Fragments.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.protocol.resp.RespValue.Entry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespEncoderTest {

    /** One value of every type, nested. */
    static RespValue everything() {
        return RespValue.array(
            RespValue.OK,
            RespValue.error("ERR bad"),
            new RespValue.ErrorReply("BLOB multi\r\nline", true),
            new RespValue.Int(-42),
            RespValue.bulk(new byte[] {0, (byte) 0xff, '\r', '\n'}),
            RespValue.NULL_BULK,
            RespValue.NULL_ARRAY,
            RespValue.NULL,
            new RespValue.MapValue(List.of(new Entry(RespValue.bulk("k"), new RespValue.SetValue(
                List.of(new RespValue.Int(1), new RespValue.Int(2)))))),
            new RespValue.Push(List.of(RespValue.bulk("invalidate"), RespValue.array(RespValue.bulk("key")))),
            new RespValue.Attribute(List.of(new Entry(RespValue.bulk("ttl"), new RespValue.Int(3))), RespValue.bulk("v")),
            new RespValue.DoubleValue(3.25),
            new RespValue.DoubleValue(Double.NEGATIVE_INFINITY),
            new RespValue.DoubleValue(Double.NaN),
            new RespValue.BigNumber(new BigInteger("-123456789012345678901234567890")),
            new RespValue.Bool(true),
            new RespValue.Verbatim("txt", ascii("hello")),
            new RespValue.Array(List.of()));
    }

    @Test
    void resp3RoundTripKeepsEveryTypeAndNullsBecomeTheResp3Null() throws Exception {
        RespValue v = everything();
        RespValue back = roundTrip(v, 3);
        List<RespValue> items = back.asList();
        assertEquals(RespValue.NULL, items.get(5));
        assertEquals(RespValue.NULL, items.get(6));
        List<RespValue> expected = new java.util.ArrayList<>(v.asList());
        expected.set(5, RespValue.NULL);
        expected.set(6, RespValue.NULL);
        assertEquals(new RespValue.Array(expected), back);
    }

    @Test
    void resp2DowngradesLikeRedis() throws Exception {
        RespValue back = roundTrip(everything(), 2);
        RespValue expected = RespValue.array(
            RespValue.OK,
            RespValue.error("ERR bad"),
            RespValue.error("BLOB multi  line"),
            new RespValue.Int(-42),
            RespValue.bulk(new byte[] {0, (byte) 0xff, '\r', '\n'}),
            RespValue.NULL_BULK,
            RespValue.NULL_ARRAY,
            RespValue.NULL_BULK,
            RespValue.array(RespValue.bulk("k"), RespValue.array(new RespValue.Int(1), new RespValue.Int(2))),
            RespValue.array(RespValue.bulk("invalidate"), RespValue.array(RespValue.bulk("key"))),
            RespValue.bulk("v"),
            RespValue.bulk("3.25"),
            RespValue.bulk("-inf"),
            RespValue.bulk("nan"),
            RespValue.bulk("-123456789012345678901234567890"),
            new RespValue.Int(1),
            RespValue.bulk("hello"),
            new RespValue.Array(List.of()));
        assertEquals(expected, back);
    }

    @Test
    void resp3WireFormOfScalars() {
        assertEquals(",1.5\r\n", encode(new RespValue.DoubleValue(1.5), 3));
        assertEquals(",3\r\n", encode(new RespValue.DoubleValue(3.0), 3));
        assertEquals(",inf\r\n", encode(new RespValue.DoubleValue(Double.POSITIVE_INFINITY), 3));
        assertEquals(",1.0e-10\r\n", encode(new RespValue.DoubleValue(1e-10), 3));
        assertEquals("#f\r\n", encode(new RespValue.Bool(false), 3));
        assertEquals("_\r\n", encode(RespValue.NULL_BULK, 3));
        assertEquals("=9\r\ntxt:hello\r\n", encode(new RespValue.Verbatim("txt", ascii("hello")), 3));
        assertEquals("%1\r\n+a\r\n:1\r\n", encode(new RespValue.MapValue(List.of(
            new Entry(new RespValue.SimpleString("a"), new RespValue.Int(1)))), 3));
        assertEquals("*2\r\n+a\r\n:1\r\n", encode(new RespValue.MapValue(List.of(
            new Entry(new RespValue.SimpleString("a"), new RespValue.Int(1)))), 2));
    }

    @Test
    void writesCommandsAsArraysOfBulkStrings() {
        ByteBuf out = Unpooled.buffer();
        RespEncoder.writeCommand(out, "SET", "k\u00e9", "");
        assertEquals("*3\r\n$3\r\nSET\r\n$3\r\nk\u00c3\u00a9\r\n$0\r\n\r\n", out.toString(StandardCharsets.ISO_8859_1));
        out.clear();
        RespEncoder.writeCommand(out, ascii("PING"));
        assertEquals("*1\r\n$4\r\nPING\r\n", out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void writesIntegersAtTheEdgesOfLong() {
        for (long n : new long[] {0, 9, 10, -1, -10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(":" + n + "\r\n", encode(new RespValue.Int(n), 2));
        }
    }

    @Test
    void refusesLinesThatCannotBeFramed() {
        assertThrows(IllegalArgumentException.class,
            () -> RespEncoder.write(Unpooled.buffer(), new RespValue.SimpleString("a\r\nb"), 2));
        assertThrows(IllegalArgumentException.class, () -> RespEncoder.write(Unpooled.buffer(), RespValue.OK, 1));
    }

    private static String encode(RespValue v, int protocol) {
        ByteBuf out = Unpooled.buffer();
        RespEncoder.write(out, v, protocol);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static RespValue roundTrip(RespValue v, int protocol) throws RespProtocolException {
        ByteBuf out = Unpooled.buffer();
        RespEncoder.write(out, v, protocol);
        int size = out.readableBytes();
        RespDecoder d = new RespDecoder();
        RespValue back = d.decode(out);
        assertEquals(size, d.consumedBytes());
        return back;
    }
}
