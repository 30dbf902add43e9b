package io.replkit.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.client.RedisConnection;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Inline commands split by {@link CommandDecoder} exactly as the server splits them. */
class InlineCommandIT {

    /** Inline SET lines; the server's view of key and value is read back with GET. */
    static final List<String> LINES = List.of(
        "SET plain value",
        "SET \"dq key\" \"a\\nb\\tc\\x41\\xff\\\\\\\"\"",
        "SET 'sq key' 'it\\'s \\n raw'",
        "SET mid\"dle quo\" tail",
        "SET \"\\xZZ\" \"\\q\"",
        "SET \"\" ''",
        "   SET \t spaced   out   ",
        "SET \u000b vertical\u000btab \f value");

    @RedisTest
    void splitsInlineCommandsLikeTheServer(RedisServer redis) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            for (String line : LINES) {
                byte[] wire = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[][] args = new CommandDecoder().decode(Unpooled.wrappedBuffer(wire));
                assertEquals(3, args.length, line);
                c.writeRaw(wire);
                assertEquals(RespValue.OK, c.read(), line);
                RespValue stored = c.call("GET".getBytes(StandardCharsets.US_ASCII), args[1]);
                assertArrayEquals(args[2], ((RespValue.BulkString) stored).bytes(), line);
            }
        }
    }

    @RedisTest
    void unbalancedQuotesAreAnErrorForBoth(RedisServer redis) throws Exception {
        for (String line : List.of("SET \"open value", "SET 'a'b c", "SET mid\"dle quo\"ted tail")) {
            byte[] wire = (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            assertThrows(RespProtocolException.class, () -> new CommandDecoder().decode(Unpooled.wrappedBuffer(wire)));
            try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
                c.writeRaw(wire);
                RespValue reply = c.read();
                assertTrue(reply.isError() && reply.asString().contains("unbalanced quotes"), line + ": " + reply);
            }
        }
    }
}
