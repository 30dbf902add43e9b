package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replkit.replica.data.Dataset;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Who gets in and how much a client may take: AUTH/HELLO/NOAUTH replies and protocol errors as a
 * real server configured the same way gives them, protected mode, maxclients, idle timeout, the
 * query-buffer and bulk-length limits, backpressure on a client that does not read, and the pubsub
 * output-buffer limit. Each limit is shown biting where the server without it would not.
 */
@RedisConfig("repl-diskless-sync-delay 0")
class ClientLimitsIT {

    /** A replica server over an empty dataset, no master: enough for connection-level behaviour. */
    private static final class Standalone implements AutoCloseable {
        final ReplicaServer server;
        // copy on write: tests stream over it while server threads add lines
        final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

        Standalone(ServerOptions options) throws Exception {
            server = ReplicaServer.start(new ServedDataset(new Dataset()), new ReplicationState(), options, log::add);
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Replies of one connection to a script; HELLO's successful reply (it names ids and roles) is shown by type. */
    private static List<String> authScript(int port) {
        List<String> out = new ArrayList<>();
        try (RawRespClient c = new RawRespClient(port)) {
            String[][] script = {
                {"GET", "x"}, {"PING"}, {"AUTH", "bad"}, {"AUTH", "alice", "bad"}, {"AUTH", "bob", "x"},
                {"AUTH", "a", "b", "c"}, {"HELLO", "3"}, {"HELLO", "3", "AUTH", "alice", "bad"},
                {"HELLO", "2", "AUTH", "alice", "apw"}, {"ACL", "WHOAMI"}, {"GET", "x"}, {"AUTH", "sec"},
                {"ACL", "WHOAMI"}, {"AUTH", "default", "sec"}, {"RESET"}, {"GET", "a"}, {"AUTH", "alice", "apw"},
                {"GET", "a"},
            };
            for (String[] cmd : script) {
                String text = c.call(cmd).text();
                out.add(String.join(" ", cmd) + " -> " + (cmd[0].equals("HELLO") && !text.startsWith("-")
                        ? "(hello reply)" : text));
            }
        }
        for (String raw : new String[] {"*20\r\n", "*2\r\n$20000\r\n", "*1\r\n$4\r\nPING\r\n"}) {
            try (RawRespClient c = new RawRespClient(port)) {
                c.sendRaw(raw.getBytes(StandardCharsets.ISO_8859_1));
                out.add(raw.replace("\r\n", "\\r\\n") + " -> " + (raw.contains("PING") ? c.read().text()
                        : c.readUntilClosed(5000)));
            }
        }
        return out;
    }

    @RedisTest
    void authRepliesMatchARealServerWithTheSamePasswordAndUser(RedisServer master) throws Exception {
        try (TestRedisClient m = master.client()) {
            m.call("ACL", "SETUSER", "alice", "on", ">apw", "~*", "&*", "+@all");
            m.call("CONFIG", "SET", "requirepass", "sec"); // last: the testkit's client is authenticated already
        }
        RedisServer redis = master;
        try (Standalone replkit = new Standalone(ServerOptions.of("127.0.0.1", 0).withPassword("sec")
                     .withUsers(Map.of("alice", "apw")))) {
            assertEquals(String.join("\n", authScript(redis.port())), String.join("\n", authScript(replkit.port())));
        }
    }

    @RedisTest
    void authWithoutAPasswordMatchesARealServer(RedisServer master) throws Exception {
        try (Standalone replkit = new Standalone(ServerOptions.of("127.0.0.1", 0))) {
            for (String[] cmd : new String[][] {{"AUTH", "x"}, {"AUTH", "default", "x"}, {"AUTH", "nobody", "x"},
                    {"ACL", "WHOAMI"}}) {
                try (RawRespClient theirs = new RawRespClient(master.port());
                     RawRespClient ours = new RawRespClient(replkit.port())) {
                    assertEquals(theirs.call(cmd).text(), ours.call(cmd).text(), String.join(" ", cmd));
                }
            }
        }
    }

    @RedisTest
    void malformedRequestsGetRedisWordsAndCloseOnlyThatClient(RedisServer master) throws Exception {
        String[] inputs = {
            "*abc\r\n", "*2\r\nxx\r\n", "*2\r\n$abc\r\n", "*2\r\n$-5\r\n", "*2\r\n$600000000\r\n", "*3000000000\r\n",
            "*" + "1".repeat(70_000), "*1\r\n$" + "1".repeat(70_000), "a".repeat(70_000), "set \"a\r\n",
            "get 'a'b\r\n", "*1\r\n*1\r\n", "*1\r\n$-1\r\n", "*1\r\n$+1\r\n", "\r\n\r\n*0\r\n*1\r\n$4\r\nPING\r\n",
            "*1\r\n$0\r\n\r\n", "*1\r\n$4\r\nPI", "PING\r\nECHO\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n*1\r\n:1\r\n",
        };
        try (Standalone replkit = new Standalone(ServerOptions.of("127.0.0.1", 0));
             RawRespClient bystander = new RawRespClient(replkit.port())) {
            for (String in : inputs) {
                byte[] bytes = in.getBytes(StandardCharsets.ISO_8859_1);
                String theirs;
                String ours;
                try (RawRespClient c = new RawRespClient(master.port())) {
                    c.sendRaw(bytes);
                    theirs = c.readUntilClosed(500);
                }
                try (RawRespClient c = new RawRespClient(replkit.port())) {
                    c.sendRaw(bytes);
                    ours = c.readUntilClosed(500);
                }
                String shown = in.length() > 40 ? in.substring(0, 40) + "..." : in;
                assertEquals(theirs, ours, shown.replace("\r\n", "\\r\\n"));
                assertEquals("+PONG\\r\\n", bystander.call("PING").text());
            }
        }
    }

    @RedisTest
    void maxclientsRefusesTheConnectionBeyondTheLimit(RedisServer master) throws Exception {
        try (Standalone replkit = new Standalone(ServerOptions.of("127.0.0.1", 0).withMaxClients(2));
             RawRespClient a = new RawRespClient(replkit.port()); RawRespClient b = new RawRespClient(replkit.port())) {
            assertEquals("+PONG\\r\\n", a.call("PING").text());
            assertEquals("+PONG\\r\\n", b.call("PING").text());
            try (RawRespClient c = new RawRespClient(replkit.port())) {
                assertEquals("-ERR max number of clients reached\r\n", c.readUntilClosed(5000));
            }
            b.close();
            waitFor(() -> replkit.server.connectedClients() == 1);
            try (RawRespClient d = new RawRespClient(replkit.port())) {
                assertTrue(d.call("INFO", "stats").text().contains("rejected_connections:1"));
            }
        }
    }

    @RedisTest
    void idleTimeoutClosesNormalClientsButNotSubscribers(RedisServer master) throws Exception {
        try (Standalone replkit = new Standalone(ServerOptions.of("127.0.0.1", 0).withTimeoutSeconds(1));
             RawRespClient idle = new RawRespClient(replkit.port());
             RawRespClient busy = new RawRespClient(replkit.port());
             RawRespClient sub2 = new RawRespClient(replkit.port());
             RawRespClient sub3 = new RawRespClient(replkit.port())) {
            idle.call("PING");
            sub2.call("SUBSCRIBE", "c");
            sub3.call("HELLO", "3");
            sub3.call("SUBSCRIBE", "c");
            long end = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < end) {
                assertEquals("+PONG\\r\\n", busy.call("PING").text());
                LiveReplica.sleep(300);
            }
            assertEquals("", idle.readUntilClosed(2000));
            assertEquals("*2\\r\\n$4\\r\\npong\\r\\n$0\\r\\n\\r\\n", sub2.call("PING").text());
            assertEquals("+PONG\\r\\n", sub3.call("PING").text());
        }
    }

    @RedisTest
    void queryBufferLimitClosesAClientWhoseRequestNeverEnds(RedisServer master) throws Exception {
        byte[] start = "*2\r\n$4\r\nECHO\r\n$3000000\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[1_500_000];
        try (Standalone limited = new Standalone(ServerOptions.of("127.0.0.1", 0).withQueryBufferLimit(1 << 20));
             Standalone unlimited = new Standalone(ServerOptions.of("127.0.0.1", 0));
             RawRespClient a = new RawRespClient(limited.port()); RawRespClient b = new RawRespClient(unlimited.port())) {
            a.sendRaw(start);
            a.sendRaw(body);
            assertEquals("", a.readUntilClosed(5000));
            assertTrue(limited.log.stream().anyMatch(l -> l.contains("max query buffer length")), limited.log.toString());
            b.sendRaw(start);
            b.sendRaw(body);
            assertNull(b.readUntilClosed(1000), "without the limit the request may go on");
        }
    }

    @RedisTest
    void protoMaxBulkLenRefusesALongerArgument(RedisServer master) throws Exception {
        try (Standalone replkit = new Standalone(ServerOptions.of("127.0.0.1", 0).withProtoMaxBulkLen(1000));
             RawRespClient ok = new RawRespClient(replkit.port());
             RawRespClient tooLong = new RawRespClient(replkit.port())) {
            String thousand = "y".repeat(1000);
            assertEquals("$1000\\r\\n" + thousand + "\\r\\n", ok.call("ECHO", thousand).text());
            tooLong.sendRaw("*2\r\n$4\r\nECHO\r\n$1001\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", tooLong.readUntilClosed(5000));
        }
    }

    @RedisTest
    void aClientThatDoesNotReadIsNotReadEither(RedisServer master) throws Exception {
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, ServerOptions.of("127.0.0.1", 0));
             RawRespClient greedy = new RawRespClient(replkit.port());
             RawRespClient observer = new RawRespClient(replkit.port())) {
            m.call("SET", "big", "v".repeat(64 * 1024));
            replkit.catchUp(m);
            String id = greedy.call("CLIENT", "ID").text().replaceAll("\\D", "");
            int requests = 20_000; // 1.3 GB of replies if the server ran them all at once
            byte[] get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] batch = new byte[get.length * 100];
            for (int i = 0; i < 100; i++) {
                System.arraycopy(get, 0, batch, i * get.length, get.length);
            }
            AtomicReference<Throwable> sendFailure = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < requests / 100; i++) {
                        greedy.sendRaw(batch);
                    }
                } catch (Throwable t) {
                    sendFailure.set(t);
                }
            });
            sender.start();
            LiveReplica.sleep(1500);
            long maxPending = 0;
            for (int i = 0; i < 10; i++) {
                maxPending = Math.max(maxPending, omem(observer.call("CLIENT", "LIST").text(), id));
                LiveReplica.sleep(50);
            }
            assertTrue(maxPending < 8L << 20, "pending output of a client that does not read: " + maxPending);
            greedy.socket().setSoTimeout(30_000);
            java.io.DataInputStream in = new java.io.DataInputStream(greedy.socket().getInputStream());
            byte[] reply = new byte[65536 + 10];
            byte[] expected = ("$65536\r\n" + "v".repeat(65536) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int got = 0; got < requests; got++) {
                in.readFully(reply);
                assertTrue(java.util.Arrays.equals(expected, reply), "reply " + got);
            }
            sender.join(10_000);
            assertNull(sendFailure.get());
            greedy.sendRaw("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+PONG\r\n", new String(in.readNBytes(7), StandardCharsets.US_ASCII));
        }
    }

    private static long omem(String clientList, String id) {
        for (String line : clientList.split("\n")) {
            if (line.contains("id=" + id + " ")) {
                String v = line.replaceAll(".* omem=(\\d+) .*", "$1");
                return Long.parseLong(v);
            }
        }
        throw new AssertionError("client " + id + " not listed: " + clientList);
    }

    @RedisTest
    void aSubscriberPastThePubsubOutputLimitIsClosedAndOthersGoOn(RedisServer master) throws Exception {
        ServerOptions options = ServerOptions.of("127.0.0.1", 0)
                .withPubsubOutputLimit(new ServerOptions.OutputLimit(1 << 20, 0, 0));
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, options);
             RawRespClient stuck = new RawRespClient(replkit.port());
             RawRespClient reader = new RawRespClient(replkit.port());
             RawRespClient q = new RawRespClient(replkit.port())) {
            replkit.catchUp(m);
            stuck.call("SUBSCRIBE", "feed");
            reader.call("SUBSCRIBE", "feed");
            String payload = "p".repeat(100_000);
            int messages = 100; // 10 MB: far past 1 MB
            AtomicReference<Integer> read = new AtomicReference<>(0);
            Thread t = new Thread(() -> {
                for (int i = 0; i < messages; i++) {
                    reader.read();
                    read.set(i + 1);
                }
            });
            t.start();
            for (int i = 0; i < messages; i++) {
                m.call("PUBLISH", "feed", payload);
                int sent = i + 1;
                // in step with the reader, so only the stuck subscriber's output piles up
                replkit.waitFor("the reader to read message " + sent, () -> read.get() == sent);
            }
            t.join(30_000);
            assertEquals(messages, read.get());
            replkit.waitFor("the stuck subscriber to be closed",
                    () -> replkit.log.stream().anyMatch(l -> l.contains("output buffer limits")));
            assertEquals("*2\\r\\n$4\\r\\nfeed\\r\\n:1\\r\\n", q.call("PUBSUB", "NUMSUB", "feed").text());
            String id = stuck.socket().getLocalPort() + " ";
            assertTrue(q.call("CLIENT", "LIST").text().lines().noneMatch(l -> l.contains(":" + id)), "the stuck one is gone");
        }
    }

    @RedisTest
    void aSubscriberOverTheSoftLimitForItsSecondsIsClosed(RedisServer master) throws Exception {
        ServerOptions options = ServerOptions.of("127.0.0.1", 0)
                .withPubsubOutputLimit(new ServerOptions.OutputLimit(0, 256 << 10, 1));
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, options);
             RawRespClient stuck = new RawRespClient(replkit.port())) {
            replkit.catchUp(m);
            stuck.call("SUBSCRIBE", "feed");
            String payload = "p".repeat(100_000);
            for (int i = 0; i < 100; i++) { // 10 MB: past what the sockets' buffers absorb
                m.call("PUBLISH", "feed", payload);
            }
            replkit.catchUp(m);
            LiveReplica.sleep(500);
            assertTrue(replkit.log.stream().noneMatch(l -> l.contains("output buffer limits")), "not yet: " + replkit.log);
            LiveReplica.sleep(2000);
            m.call("PUBLISH", "feed", payload);
            replkit.waitFor("the subscriber to be closed", () -> replkit.log.stream().anyMatch(l -> l.contains("output buffer limits")));
        }
    }

    @RedisTest
    void protectedModeRefusesRemoteClientsWithoutAPassword(RedisServer master) throws Exception {
        InetAddress remote = nonLoopbackAddress();
        assumeTrue(remote != null, "this machine has no non-loopback IPv4 address to connect from");
        String host = remote.getHostAddress();
        ServerOptions open = new ServerOptions("0.0.0.0", 0, null, ServerOptions.REPORTED_VERSION);
        try (Standalone replkit = new Standalone(open);
             Standalone withPassword = new Standalone(open.withPassword("sec"));
             Standalone unprotected = new Standalone(open.withProtectedMode(false))) {
            String denied;
            try (RawRespClient c = new RawRespClient(host, replkit.port())) {
                denied = c.readUntilClosed(5000);
            }
            assertTrue(denied.startsWith("-DENIED Redis is running in protected mode"), denied);
            try (RawRespClient local = new RawRespClient("127.0.0.1", replkit.port())) {
                assertEquals("+PONG\\r\\n", local.call("PING").text());
            }
            try (RawRespClient c = new RawRespClient(host, withPassword.port())) {
                assertEquals("-NOAUTH Authentication required.\\r\\n", c.call("PING").text());
            }
            try (RawRespClient c = new RawRespClient(host, unprotected.port())) {
                assertEquals("+PONG\\r\\n", c.call("PING").text());
            }
            if (master.version().atLeast(7, 0)) { // 6.2 protects only servers without a bind address
                try (RedisServer redis = RedisServer.start(master.binary(), "bind 0.0.0.0", "protected-mode yes");
                     RawRespClient c = new RawRespClient(host, redis.port())) {
                    assertEquals(c.readUntilClosed(5000), denied);
                }
            }
        }
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    private static void waitFor(java.util.function.BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!done.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out");
            LiveReplica.sleep(10);
        }
    }
}
