package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many connections sending random bytes and malformed RESP (bad, huge and negative lengths and
 * counts, nested arrays, inline garbage, truncated requests, writes, half-finished MULTI and
 * SUBSCRIBE) while the replica applies a workload from its master: the server stays up, the
 * well-behaved clients beside them get exact answers throughout, and at the end the replica's
 * DEBUG DIGEST equals the master's.
 */
@RedisConfig("repl-diskless-sync-delay 0")
class FuzzIT {
    private static final int FUZZERS = 24;
    private static final long DURATION_MS = 8000;

    @RedisTest
    void malformedTrafficFromManyConnectionsChangesNothingAndHurtsNoOne(RedisServer master) throws Exception {
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, ServerOptions.of("127.0.0.1", 0))) {
            m.call("SET", "stable", "the same all along");
            replkit.catchUp(m);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong fuzzConnections = new AtomicLong();
            AtomicLong goodAnswers = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            threads.add(thread("workload", failure, () -> workload(master, stop)));
            for (int i = 0; i < FUZZERS; i++) {
                long seed = 1000 + i;
                threads.add(thread("fuzz-" + i, failure, () -> fuzz(replkit.port(), new Random(seed), stop, fuzzConnections)));
            }
            for (int i = 0; i < 4; i++) {
                long seed = 2000 + i;
                threads.add(thread("good-" + i, failure, () -> behave(replkit.port(), new Random(seed), stop, goodAnswers)));
            }
            List<String> internalErrors = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.logging.Logger dispatcherLog = java.util.logging.Logger.getLogger(Dispatcher.class.getName());
            java.util.logging.Handler capture = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    internalErrors.add(r.getMessage() + ": " + r.getThrown());
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            dispatcherLog.addHandler(capture);
            threads.forEach(Thread::start);
            Thread.sleep(DURATION_MS);
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            dispatcherLog.removeHandler(capture);
            assertNull(failure.get(), () -> "failure: " + failure.get());
            assertEquals(List.of(), internalErrors, "commands that failed inside the server");
            assertTrue(fuzzConnections.get() > 1000, "fuzz connections: " + fuzzConnections.get());
            assertTrue(goodAnswers.get() > 1000, "good answers: " + goodAnswers.get());
            replkit.catchUp(m);
            try (TestRedisClient r = new TestRedisClient("127.0.0.1", replkit.port())) {
                assertEquals(m.call("DEBUG", "DIGEST"), r.call("DEBUG", "DIGEST"));
                assertTrue(m.callLong("DBSIZE") > 100);
            }
            replkit.waitFor("the fuzz connections to be gone", () -> replkit.server.connectedClients() == 0);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, AtomicReference<Throwable> failure, Body body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, new AssertionError(name + ": " + t, t));
            }
        }, name);
    }

    private static void workload(RedisServer master, AtomicBoolean stop) {
        Random rnd = new Random(7);
        try (TestRedisClient c = master.client()) {
            for (int i = 0; !stop.get(); i++) {
                String k = "k" + rnd.nextInt(300);
                switch (i % 6) {
                    case 0 -> c.call("SET", k + ":s", "v" + i);
                    case 1 -> c.call("RPUSH", k + ":l", "e" + i);
                    case 2 -> c.call("HSET", k + ":h", "f" + rnd.nextInt(20), "v" + i);
                    case 3 -> c.call("ZADD", k + ":z", rnd.nextInt(1000), "m" + rnd.nextInt(50));
                    case 4 -> c.call("SADD", k + ":set", "m" + rnd.nextInt(50));
                    default -> {
                        c.send("MULTI");
                        c.send("INCR", "counter");
                        c.send("DEL", "k" + rnd.nextInt(300) + ":s");
                        c.send("EXEC");
                        for (int r = 0; r < 4; r++) {
                            c.readReply();
                        }
                    }
                }
            }
        }
    }

    /** Well-behaved clients: every answer must be exact, whatever the neighbours send. */
    private static void behave(int port, Random rnd, AtomicBoolean stop, AtomicLong answers) {
        try (TestRedisClient c = new TestRedisClient("127.0.0.1", port)) {
            while (!stop.get()) {
                byte[] payload = new byte[rnd.nextInt(2000)];
                rnd.nextBytes(payload);
                assertTrue(Arrays.equals(payload, (byte[]) c.call("ECHO", payload)), "ECHO came back different");
                assertEquals("the same all along", new String((byte[]) c.call("GET", "stable"), StandardCharsets.UTF_8));
                assertEquals("PONG", c.call("PING"));
                answers.addAndGet(3);
            }
        }
    }

    private static void fuzz(int port, Random rnd, AtomicBoolean stop, AtomicLong connections) throws IOException {
        while (!stop.get()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(50);
                connections.incrementAndGet();
                int sends = 1 + rnd.nextInt(4);
                for (int i = 0; i < sends; i++) {
                    s.getOutputStream().write(garbage(rnd));
                }
                if (rnd.nextInt(4) == 0) {
                    s.shutdownOutput(); // half-close in the middle of whatever was sent
                }
                drain(s.getInputStream());
            } catch (IOException e) {
                // the server closing a connection it found malformed is the expected outcome
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // keep reading until closed or quiet
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // the server is waiting for more: leave
        }
    }

    private static final String[] WORDS = {"GET", "SET", "DEL", "FLUSHALL", "MULTI", "EXEC", "SUBSCRIBE", "PSUBSCRIBE",
        "DEBUG", "DIGEST", "CONFIG", "CLIENT", "KILL", "HELLO", "3", "AUTH", "PUBLISH", "KEYS", "*", "SCAN", "0",
        "MGET", "stable", "counter", "QUIT", "RESET", "EVAL", "SHUTDOWN", "REPLICAOF", "NO", "ONE", "PSYNC", "SYNC"};

    static byte[] garbage(Random rnd) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        switch (rnd.nextInt(12)) {
            case 0 -> {
                byte[] b = new byte[1 + rnd.nextInt(4000)];
                rnd.nextBytes(b);
                o.writeBytes(b);
            }
            case 1 -> o.writeBytes(("*" + (rnd.nextInt(2) == 0 ? "-" : "") + rnd.nextInt(Integer.MAX_VALUE) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            case 2 -> o.writeBytes(("*2\r\n$" + (rnd.nextBoolean() ? "-" + rnd.nextInt(100) : Long.toString(rnd.nextLong()))
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            case 3 -> o.writeBytes("*2\r\n*1\r\n$3\r\nGET\r\n$1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
            case 4 -> { // inline garbage with quotes, escapes, control bytes
                StringBuilder sb = new StringBuilder();
                for (int i = rnd.nextInt(20); i >= 0; i--) {
                    sb.append(rnd.nextInt(5) == 0 ? "\"" : "").append(WORDS[rnd.nextInt(WORDS.length)])
                            .append(rnd.nextInt(6) == 0 ? "'\\x4" : " ").append((char) rnd.nextInt(32));
                }
                o.writeBytes((sb + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            case 5 -> { // a valid command cut short
                byte[] full = command(rnd);
                o.write(full, 0, rnd.nextInt(full.length));
            }
            case 6 -> o.writeBytes(("*1\r\n$" + (rnd.nextInt(1 << 29) + 100_000) + "\r\n" + "x".repeat(rnd.nextInt(5000)))
                    .getBytes(StandardCharsets.US_ASCII));
            case 7 -> o.writeBytes(("*" + (5 + rnd.nextInt(1_000_000)) + "\r\n$3\r\nGET\r\n").getBytes(StandardCharsets.US_ASCII));
            case 8 -> { // a length that lies about its body
                o.writeBytes("*2\r\n$4\r\nECHO\r\n$10\r\nabc\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            default -> { // well-formed commands, writes and state changes among them
                for (int i = rnd.nextInt(5); i >= 0; i--) {
                    o.writeBytes(command(rnd));
                }
            }
        }
        return o.toByteArray();
    }

    private static byte[] command(Random rnd) {
        int n = 1 + rnd.nextInt(4);
        StringBuilder sb = new StringBuilder("*" + n + "\r\n");
        for (int i = 0; i < n; i++) {
            String w = rnd.nextInt(8) == 0 ? Integer.toString(rnd.nextInt()) : WORDS[rnd.nextInt(WORDS.length)];
            sb.append('$').append(w.length()).append("\r\n").append(w).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
