package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pub/sub on the replica against the oracle, a real Redis replica of the same master: the same
 * session script (subscriptions from several clients in RESP2 and RESP3, the master's PUBLISH,
 * binary and large messages, unsubscribing, PUBSUB introspection, a local PUBLISH, RESET) gives
 * byte-identical replies on both.
 */
@RedisConfig("repl-diskless-sync-delay 0")
class PubSubIT {

    /** A session's replies, one line per reply frame, with the client that got it. */
    private static final class Transcript {
        final List<String> lines = new ArrayList<>();
        private int syncs;

        /** Sends a command and records the {@code frames} reply frames it produces. */
        void run(String who, RawRespClient c, int frames, String... args) {
            c.send(args);
            for (int i = 0; i < frames; i++) {
                lines.add(who + " " + String.join(" ", args) + " -> " + c.read().text());
            }
        }

        /** Records the messages waiting for a subscriber: all frames before the reply to a marker PING. */
        void drain(String who, RawRespClient c) {
            String marker = "sync-" + (++syncs);
            c.send("PING", marker);
            List<String> run = new ArrayList<>();
            for (;;) {
                String text = c.read().text();
                if (isPatternMessage(text)) {
                    run.add(text);
                    continue;
                }
                // Redis walks its patterns in hash order, random per process: one message's
                // pmessages are compared as a set
                run.stream().sorted().forEach(x -> lines.add(who + " got " + x));
                run.clear();
                if (text.endsWith(marker + "\\r\\n")) {
                    lines.add(who + " ping -> " + text);
                    return;
                }
                lines.add(who + " got " + text);
            }
        }

        private static boolean isPatternMessage(String text) {
            return text.startsWith(">4\\r\\n$8\\r\\npmessage") || text.startsWith("*4\\r\\n$8\\r\\npmessage");
        }
    }

    @RedisTest
    void masterPublishesReachSubscribersExactlyAsOnARedisReplica(RedisServer master) throws Exception {
        boolean seven = master.version().atLeast(7, 0);
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, ServerOptions.of("127.0.0.1", 0));
             RedisServer redis = LiveReplica.redisReplica(master)) {
            replkit.catchUp(m);
            for (int resp = 2; resp <= 3; resp++) {
                // each replica also receives what the other's script publishes: let it pass first
                LiveReplica.catchUp(redis, m);
                Transcript expected = script(redis.port(), m, () -> LiveReplica.catchUp(redis, m), resp, seven);
                replkit.catchUp(m);
                Transcript actual = script(replkit.port(), m, () -> replkit.catchUp(m), resp, seven);
                assertEquals(String.join("\n", expected.lines), String.join("\n", actual.lines), "RESP" + resp);
                assertTrue(actual.lines.stream().filter(l -> l.contains(" got ")).count() >= 10, actual.lines.toString());
            }
        }
    }

    private static Transcript script(int port, TestRedisClient master, Runnable catchUp, int resp, boolean seven) {
        Transcript t = new Transcript();
        try (RawRespClient s1 = new RawRespClient(port); RawRespClient s2 = new RawRespClient(port);
             RawRespClient s3 = new RawRespClient(port); RawRespClient q = new RawRespClient(port)) {
            if (resp == 3) {
                s1.call("HELLO", "3"); // its reply names the client id: left out
                s2.call("HELLO", "3");
            }
            t.run("s1", s1, 2, "SUBSCRIBE", "news", "sports");
            t.run("s1", s1, 1, "SUBSCRIBE", "news");
            t.run("s2", s2, 2, "PSUBSCRIBE", "n*", "*s");
            t.run("s3", s3, 1, "SUBSCRIBE", "news");
            t.run("s3", s3, 1, "PSUBSCRIBE", "[ns]ews");
            t.run("s1", s1, 1, "PING");
            if (seven) {
                // 6.2 words these refusals differently; the replica speaks 7.0
                t.run("s1", s1, 1, "GET", "k");
                t.run("q", q, 1, "PUBSUB", "CHANNELS", "x", "y");
            }
            t.run("q", q, 1, "PUBSUB", "NUMSUB", "news", "sports", "weather");
            t.run("q", q, 1, "PUBSUB", "NUMPAT");
            t.run("q", q, 1, "PUBSUB", "CHANNELS", "n*");
            master.call("PUBLISH", "news", "hello");
            master.call("PUBLISH", "sports", "goal");
            master.call("PUBLISH", "weather", "rain");
            byte[] binary = new byte[300];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) i;
            }
            master.call("PUBLISH", "news".getBytes(StandardCharsets.US_ASCII), binary);
            master.call("PUBLISH", "news", "x".repeat(100_000));
            master.call("SET", "k", "v"); // data in between messages
            master.call("PUBLISH", "nuts", "crunch");
            catchUp.run();
            t.drain("s1", s1);
            t.drain("s2", s2);
            t.drain("s3", s3);
            t.run("s1", s1, 1, "UNSUBSCRIBE", "news");
            t.run("s2", s2, 1, "PUNSUBSCRIBE", "*s");
            t.run("s3", s3, 1, "UNSUBSCRIBE", "nothing");
            master.call("PUBLISH", "news", "again");
            master.call("PUBLISH", "sports", "again");
            catchUp.run();
            t.drain("s1", s1);
            t.drain("s2", s2);
            t.drain("s3", s3);
            t.run("q", q, 1, "PUBLISH", "news", "local"); // a replica's own PUBLISH reaches its subscribers
            t.drain("s2", s2);
            t.drain("s3", s3);
            t.run("s1", s1, 1, "UNSUBSCRIBE");
            t.run("s1", s1, 1, "UNSUBSCRIBE");
            t.run("s1", s1, 1, "PUNSUBSCRIBE");
            t.run("s1", s1, 1, "PING");
            t.run("s1", s1, 1, "GET", "k");
            t.run("s3", s3, 1, "RESET");
            t.run("q", q, 1, "PUBSUB", "NUMSUB", "news");
            t.run("q", q, 1, "PUBSUB", "NUMPAT");
            t.run("s2", s2, 1, "PUNSUBSCRIBE");
            t.run("q", q, 1, "PUBSUB", "NUMPAT");
            if (seven) {
                t.run("s3", s3, 1, "SSUBSCRIBE", "shard");
                t.run("q", q, 1, "PUBSUB", "SHARDNUMSUB", "shard");
                t.run("q", q, 1, "SPUBLISH", "shard", "s-local");
                t.drain("s3", s3);
                t.run("s3", s3, 1, "SUNSUBSCRIBE");
            }
        }
        return t;
    }

    @RedisTest
    void deliveryGoesOnAfterAFullResyncSwapsTheApplier(RedisServer master) throws Exception {
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, ServerOptions.of("127.0.0.1", 0));
             RawRespClient sub = new RawRespClient(replkit.port())) {
            replkit.catchUp(m);
            sub.call("SUBSCRIBE", "events");
            sub.call("PSUBSCRIBE", "ev*", "x*");
            sub.read(); // one confirmation per pattern
            try (RawRespClient q = new RawRespClient(replkit.port())) {
                String me = ":" + sub.socket().getLocalPort() + " ";
                String line = q.call("CLIENT", "LIST").text().lines().filter(l -> l.contains(me)).findFirst().orElseThrow();
                assertTrue(line.contains(" flags=P db=0 sub=1 psub=2 ssub=0 "), line);
            }
            sub.call("PUNSUBSCRIBE", "ev*");
            sub.call("PUNSUBSCRIBE", "x*");
            m.call("CONFIG", "SET", "repl-backlog-size", "16384");
            m.call("CLIENT", "KILL", "TYPE", "replica");
            for (int i = 0; i < 64; i++) {
                m.call("SET", "filler" + i, "f".repeat(1024)); // 64 KB: beyond the backlog, so a full resync
            }
            replkit.catchUp(m);
            replkit.waitFor("a second full resync", () -> replkit.log.stream().filter(l -> l.startsWith("full resync")).count() == 2);
            m.call("PUBLISH", "events", "after");
            assertEquals("*3\\r\\n$7\\r\\nmessage\\r\\n$6\\r\\nevents\\r\\n$5\\r\\nafter\\r\\n", sub.read().text());
        }
    }
}
