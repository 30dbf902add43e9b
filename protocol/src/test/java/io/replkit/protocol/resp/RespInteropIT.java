package io.replkit.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The codec against a real server's own RESP2 and RESP3 output ({@code DEBUG PROTOCOL <type>}
 * answers with one value of each type): every value decodes, re-encodes to exactly the server's
 * bytes in RESP3, and downgrades to exactly what the server sends a RESP2 client.
 */
class RespInteropIT {

    static final List<String> TYPES = List.of("string", "integer", "double", "bignum", "null", "array", "set", "map",
        "attrib", "verbatim", "true", "false");

    @RedisTest
    void decodesReencodesAndDowngradesEveryTypeLikeTheServer(RedisServer redis) throws Exception {
        try (RedisConnection resp2 = RedisConnection.open(ConnectionSettings.of(redis.uri()));
             RedisConnection resp3 = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            RespValue hello = resp3.callOrThrow("HELLO", "3");
            assertTrue(hello instanceof RespValue.MapValue, hello.toString());
            assertEquals(new RespValue.Int(3), ((RespValue.MapValue) hello).get("proto"));
            for (String type : TYPES) {
                byte[] wire3 = rawReply(resp3, type);
                byte[] wire2 = rawReply(resp2, type);
                RespValue v = new RespDecoder().decode(Unpooled.wrappedBuffer(wire3));
                if (v instanceof RespValue.DoubleValue d) {
                    // 6.2 prints 17 significant digits (3.1415926535900001), 7.0 the shortest form:
                    // compare the numbers, not the text
                    assertEquals(v, decode(encode(v, 3)), "double re-encoded in RESP3");
                    assertEquals(d.value(), Double.parseDouble(decode(ascii(wire2)).asString()), "double in RESP2");
                    assertEquals(d.value(), Double.parseDouble(decode(encode(v, 2)).asString()), "double downgraded");
                    continue;
                }
                assertEquals(ascii(wire3), encode(v, 3), type + " re-encoded in RESP3");
                assertEquals(ascii(wire2), encode(v, 2), type + " downgraded to RESP2");
            }
        }
    }

    @RedisTest
    void pushArrivesBeforeTheReplyItPrecedes(RedisServer redis) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            c.callOrThrow("HELLO", "3");
            c.send("DEBUG", "PROTOCOL", "push");
            c.flush();
            assertEquals(new RespValue.Push(List.of(RespValue.bulk("server-cpu-usage"), new RespValue.Int(42))), c.read());
            assertEquals(RespValue.bulk("Some real reply following the push reply"), c.read());
        }
    }

    /** The bytes of one reply to {@code DEBUG PROTOCOL type}, read through the raw API. */
    private static byte[] rawReply(RedisConnection c, String type) throws Exception {
        ByteBuf cmd = Unpooled.buffer();
        RespEncoder.writeCommand(cmd, "DEBUG", "PROTOCOL", type);
        byte[] b = new byte[cmd.readableBytes()];
        cmd.readBytes(b);
        c.writeRaw(b);
        ByteBuf in = c.inputBuffer();
        for (;;) {
            RespDecoder d = new RespDecoder();
            if (d.decode(in.duplicate()) != null) {
                byte[] reply = new byte[(int) d.consumedBytes()];
                in.readBytes(reply);
                return reply;
            }
            if (c.readMore() < 0) {
                throw new IllegalStateException("server closed the connection");
            }
        }
    }

    private static String encode(RespValue v, int protocol) {
        ByteBuf out = Unpooled.buffer();
        RespEncoder.write(out, v, protocol);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static RespValue decode(String wire) throws RespProtocolException {
        return new RespDecoder().decode(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
    }
}
