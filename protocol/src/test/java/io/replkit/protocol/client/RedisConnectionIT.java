package io.replkit.protocol.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.replkit.protocol.resp.RespValue;
import io.replkit.testkit.MinRedisVersion;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RedisConnectionIT {

    @RedisTest
    void pingSetAndGet(RedisServer redis) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            assertEquals(RespValue.PONG, c.call("PING"));
            assertEquals(RespValue.OK, c.callOrThrow("SET", "k", "v\u00e9"));
            assertEquals(RespValue.bulk("v\u00e9"), c.call("GET", "k"));
            assertEquals(RespValue.NULL_BULK, c.call("GET", "missing"));
            assertEquals(redis.hostAndPort(), c.address());
            assertEquals("127.0.0.1", c.localAddress().getAddress().getHostAddress());
        }
    }

    @RedisTest
    void errorRepliesAreValuesForCallAndExceptionsForCallOrThrow(RedisServer redis) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            c.call("LPUSH", "list", "a");
            RespValue r = c.call("GET", "list");
            assertTrue(r.isError());
            RedisErrorException e = assertThrows(RedisErrorException.class, () -> c.callOrThrow("GET", "list"));
            assertEquals("WRONGTYPE", e.code());
            assertEquals(r.asString(), e.getMessage());
            assertEquals(RespValue.PONG, c.call("PING"), "the connection is still usable");
        }
    }

    @RedisTest
    void pipelinesTenThousandCommands(RedisServer redis) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            byte[][] incr = {"INCR".getBytes(StandardCharsets.US_ASCII), "counter".getBytes(StandardCharsets.US_ASCII)};
            for (int i = 0; i < 10_000; i++) {
                c.send(incr);
            }
            c.flush();
            for (int i = 1; i <= 10_000; i++) {
                assertEquals(new RespValue.Int(i), c.read());
            }
        }
    }

    @RedisTest
    void selectsTheUrisDatabase(RedisServer redis) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri() + "/3"))) {
            c.callOrThrow("SET", "in-db-3", "yes");
        }
        try (TestRedisClient t = redis.client()) {
            t.call("SELECT", "3");
            assertEquals("yes", t.callString("GET", "in-db-3"));
        }
    }

    @RedisTest
    void namesTheClient(RedisServer redis) throws Exception {
        ConnectionSettings s = ConnectionSettings.of(redis.uri()).withClientName("replkit-test");
        try (RedisConnection c = RedisConnection.open(s)) {
            assertEquals(RespValue.bulk("replkit-test"), c.call("CLIENT", "GETNAME"));
        }
    }

    @RedisTest
    void authenticatesWithRequirepass(RedisServer redis) throws Exception {
        requirePassword(redis);
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of("redis://:s3cret@" + redis.hostAndPort()))) {
            assertEquals(RespValue.PONG, c.call("PING"));
        }
        ConnectionSettings override = ConnectionSettings.of(redis.uri()).withCredentials(null, "s3cret");
        try (RedisConnection c = RedisConnection.open(override)) {
            assertEquals(RespValue.PONG, c.call("PING"));
        }
    }

    @RedisTest
    void missingPasswordIsOneClearError(RedisServer redis) {
        requirePassword(redis);
        RedisConnectionException e = assertThrows(RedisConnectionException.class,
            () -> RedisConnection.open(ConnectionSettings.of(redis.uri())));
        assertTrue(e.getMessage().startsWith(redis.hostAndPort() + " requires a password: NOAUTH"), e.getMessage());
    }

    @RedisTest
    void wrongPasswordIsOneClearError(RedisServer redis) {
        requirePassword(redis);
        RedisConnectionException e = assertThrows(RedisConnectionException.class,
            () -> RedisConnection.open(ConnectionSettings.of("redis://:nope@" + redis.hostAndPort())));
        assertTrue(e.getMessage().startsWith("authentication failed at " + redis.hostAndPort() + ": WRONGPASS "),
            e.getMessage());
        assertTrue(!e.getMessage().contains("nope"));
    }

    @RedisTest
    @MinRedisVersion("6.0")
    void authenticatesAsAnAclUser(RedisServer redis) throws Exception {
        try (TestRedisClient t = redis.client()) {
            t.call("ACL", "SETUSER", "alice", "on", ">al1ce", "~*", "+@all");
        }
        try (RedisConnection c = RedisConnection.open(
                ConnectionSettings.of("redis://alice:al1ce@" + redis.hostAndPort()))) {
            assertEquals(RespValue.bulk("alice"), c.call("ACL", "WHOAMI"));
        }
        RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisConnection.open(
            ConnectionSettings.of("redis://alice:wrong@" + redis.hostAndPort())));
        assertTrue(e.getMessage().startsWith("authentication failed at " + redis.hostAndPort() + ": WRONGPASS"),
            e.getMessage());
    }

    @RedisTest
    void writeRawFromAnotherThreadKeepsCommandsWhole(RedisServer redis) throws Exception {
        int n = 5000;
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            byte[] incrB = "*2\r\n$4\r\nINCR\r\n$1\r\nb\r\n".getBytes(StandardCharsets.US_ASCII);
            Thread acker = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        c.writeRaw(incrB);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            acker.start();
            for (int i = 0; i < n; i++) {
                c.send("INCR", "a");
                if (i % 100 == 0) {
                    c.flush();
                }
            }
            c.flush();
            acker.join();
            for (int i = 0; i < 2 * n; i++) {
                assertTrue(c.read() instanceof RespValue.Int);
            }
            assertEquals(RespValue.bulk(Integer.toString(n)), c.call("GET", "a"));
            assertEquals(RespValue.bulk(Integer.toString(n)), c.call("GET", "b"));
        }
    }

    @RedisTest
    void rawReadingSeesTheBytesAsSentAndTimesOut(RedisServer redis) throws Exception {
        try (RedisConnection c = RedisConnection.open(ConnectionSettings.of(redis.uri()))) {
            c.writeRaw("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteBuf in = c.inputBuffer();
            while (in.readableBytes() < 7) {
                assertTrue(c.readMore() > 0);
            }
            assertEquals("+PONG\r\n", in.readCharSequence(7, StandardCharsets.US_ASCII).toString());
            c.setReadTimeout(Duration.ofMillis(200));
            assertThrows(SocketTimeoutException.class, c::readMore);
        }
    }

    @Test
    void unreachablePortIsOneClearError() {
        int port = RedisServer.freePort();
        RedisConnectionException e = assertThrows(RedisConnectionException.class,
            () -> RedisConnection.open(ConnectionSettings.of("redis://127.0.0.1:" + port)));
        assertEquals("cannot connect to 127.0.0.1:" + port + ": connection refused", e.getMessage());
    }

    @Test
    void unknownHostIsOneClearError() {
        RedisConnectionException e = assertThrows(RedisConnectionException.class,
            () -> RedisConnection.open(ConnectionSettings.of("redis://no-such-host.invalid:6379")));
        assertEquals("cannot connect to no-such-host.invalid:6379: unknown host no-such-host.invalid", e.getMessage());
    }

    @Test
    void serverSpeakingGarbageIsOneClearError() throws Exception {
        try (FakeServer fake = new FakeServer(out -> write(out, "HTTP/1.1 400 Bad Request\r\n\r\n"))) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                () -> RedisConnection.open(ConnectionSettings.of(fake.uri())));
            assertEquals(fake.address() + " sent a malformed reply: unknown type byte 'H' at offset 0: "
                + "expected one of + - : $ * _ # , ( ! = % ~ > |", e.getMessage());
        }
    }

    @Test
    void serverThatNeverAnswersTimesOut() throws Exception {
        try (FakeServer fake = new FakeServer(out -> { })) {
            ConnectionSettings s = ConnectionSettings.of(fake.uri()).withReadTimeout(Duration.ofMillis(300));
            RedisConnectionException e = assertThrows(RedisConnectionException.class, () -> RedisConnection.open(s));
            assertEquals(fake.address() + " did not answer within 300ms", e.getMessage());
        }
    }

    @Test
    void serverThatHangsUpIsOneClearError() throws Exception {
        try (FakeServer fake = new FakeServer(null)) {
            RedisConnectionException e = assertThrows(RedisConnectionException.class,
                () -> RedisConnection.open(ConnectionSettings.of(fake.uri())));
            assertTrue(e.getMessage().equals(fake.address() + " closed the connection")
                || e.getMessage().startsWith("connection to " + fake.address() + " lost"), e.getMessage());
        }
    }

    /** Set at run time: the testkit checks a new server with a PING that requirepass would refuse. */
    private static void requirePassword(RedisServer redis) {
        try (TestRedisClient t = redis.client()) {
            t.call("CONFIG", "SET", "requirepass", "s3cret");
        }
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /**
     * A plain TCP server that accepts one connection and lets {@code behaviour} write to it, then
     * keeps it open until closed; with a null behaviour it closes the connection at once.
     */
    static final class FakeServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);

        FakeServer(Consumer<OutputStream> behaviour) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            thread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    if (behaviour != null) {
                        behaviour.accept(s.getOutputStream());
                        done.await(10, TimeUnit.SECONDS);
                    }
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            }, "fake-redis");
            thread.setDaemon(true);
            thread.start();
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        String uri() {
            return "redis://" + address();
        }

        @Override
        public void close() throws IOException {
            done.countDown();
            server.close();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
