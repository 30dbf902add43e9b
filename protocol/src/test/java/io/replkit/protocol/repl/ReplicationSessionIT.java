package io.replkit.protocol.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.protocol.resp.RespEncoder;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

@RedisConfig("repl-diskless-sync-delay 0")
class ReplicationSessionIT {

    /** What a session reported, collected for assertions from the test thread. */
    static final class Recorder implements ReplicationListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<byte[][]> commands = new CopyOnWriteArrayList<>();
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        final Set<String> snapshotKeys = new HashSet<>();
        volatile long lastOffset = -1;

        @Override
        public void onFullResync(ReplicationId replid, long offset, String reason, RdbTransfer snapshot) throws IOException {
            RdbReader r = new RdbReader(snapshot.rdb());
            RdbRecord last = null;
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    snapshotKeys.add(new String(k.key(), StandardCharsets.UTF_8));
                }
                last = rec;
            }
            assertInstanceOf(RdbEnd.class, last);
            lastOffset = offset;
            events.add("full " + offset + (reason == null ? "" : " " + reason)); // last: tests wait for it
        }

        @Override
        public void onContinue(ReplicationId replid, long offset) {
            events.add("continue " + offset);
        }

        @Override
        public void onCommand(byte[][] args, long endOffset) {
            commands.add(args);
            offsets.add(endOffset);
            lastOffset = endOffset;
        }

        @Override
        public void onReconnecting(int attempt, Duration delay, IOException cause) {
            events.add("reconnecting " + attempt);
        }
    }

    private static Thread start(ReplicationSession s, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                s.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "session");
        t.start();
        return t;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long masterOffset(TestRedisClient c) {
        return Long.parseLong(c.info("replication").get("master_repl_offset"));
    }

    private static int size(byte[][] args) {
        ByteBuf b = Unpooled.buffer();
        RespEncoder.writeCommand(b, args);
        return b.readableBytes();
    }

    private static String text(byte[][] args) {
        List<String> s = new ArrayList<>();
        for (byte[] a : args) {
            s.add(new String(a, StandardCharsets.UTF_8));
        }
        return String.join(" ", s);
    }

    @RedisTest
    void streamsEveryCommandWithTheMastersOffsetAndAcknowledgesIt(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client()) {
            c.call("SET", "before", "1");
            Recorder rec = new Recorder();
            ReplicationSession s = new ReplicationSession(() -> SocketLink.open(redis.host(), redis.port()),
                SessionSettings.defaults(), rec);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = start(s, failure);
            await("the full resync", () -> !rec.events.isEmpty());
            assertTrue(rec.snapshotKeys.contains("before"));
            c.call("SET", "a", "1");
            c.call("SELECT", "2");
            c.call("RPUSH", "l", "x", "y");
            // WAIT makes the master send REPLCONF GETACK and returns once this session answers
            assertEquals(1L, c.call("WAIT", "1", "5000"));
            long target = masterOffset(c);
            await("offset " + target, () -> rec.lastOffset == target);
            long start = Long.parseLong(rec.events.get(0).split(" ")[1]);
            long prev = start;
            for (int i = 0; i < rec.commands.size(); i++) {
                assertEquals(prev + size(rec.commands.get(i)), rec.offsets.get(i), "command " + i + " " + text(rec.commands.get(i)));
                prev = rec.offsets.get(i);
            }
            List<String> texts = rec.commands.stream().map(ReplicationSessionIT::text).toList();
            assertTrue(texts.containsAll(List.of("SET a 1", "SELECT 2", "RPUSH l x y")), texts.toString());
            assertTrue(texts.contains("REPLCONF GETACK *"), texts.toString());
            assertEquals(2, s.currentDb());
            await("the master to see the ACK of " + target, () -> {
                String slave = c.info("replication").get("slave0");
                return slave != null && slave.contains("offset=" + target + ",");
            });
            s.stopNow();
            t.join(5000);
            assertNull(failure.get());
        }
    }

    @RedisTest
    void waitsThroughTheKeepaliveNewlinesOfADelayedDisklessSync(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client()) {
            // the master sends a newline each second while it waits for more replicas; answering one with
            // another PSYNC would restart its wait, so the snapshot would never come
            c.call("CONFIG", "SET", "repl-diskless-sync", "yes");
            c.call("CONFIG", "SET", "repl-diskless-sync-delay", "2");
            Recorder rec = new Recorder();
            ReplicationSession s = new ReplicationSession(() -> SocketLink.open(redis.host(), redis.port()),
                SessionSettings.defaults(), rec);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = start(s, failure);
            await("the full resync", () -> !rec.events.isEmpty());
            assertTrue(rec.events.get(0).startsWith("full "), rec.events.toString());
            assertEquals(1, redis.log().split("Full resync requested", -1).length - 1, redis.log());
            s.stopNow();
            t.join(5000);
            assertNull(failure.get());
        }
    }

    @RedisTest
    void resumesWithContinueAfterConnectionKill(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client(); TestRedisClient killer = redis.client()) {
            Recorder rec = new Recorder();
            ReplicationSession s = new ReplicationSession(() -> SocketLink.open(redis.host(), redis.port()),
                SessionSettings.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)), rec);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = start(s, failure);
            await("the full resync", () -> !rec.events.isEmpty());
            for (int i = 0; i < 3000; i++) {
                c.send("INCR", "counter");
                if (i % 1000 == 500) {
                    killer.call("CLIENT", "KILL", "TYPE", "replica");
                }
            }
            for (int i = 0; i < 3000; i++) {
                c.readReply();
            }
            long target = masterOffset(c);
            await("offset " + target, () -> rec.lastOffset == target);
            assertTrue(rec.events.stream().anyMatch(e -> e.startsWith("continue")), rec.events.toString());
            assertTrue(rec.events.stream().noneMatch(e -> e.startsWith("full") && rec.events.indexOf(e) > 0), rec.events.toString());
            long prev = Long.parseLong(rec.events.get(0).split(" ")[1]);
            long incr = 0;
            for (int i = 0; i < rec.commands.size(); i++) {
                assertEquals(prev + size(rec.commands.get(i)), rec.offsets.get(i), "command " + i);
                prev = rec.offsets.get(i);
                if (text(rec.commands.get(i)).equals("INCR counter")) {
                    incr++;
                }
            }
            assertEquals(3000, incr);
            s.stopNow();
            t.join(5000);
            assertNull(failure.get());
        }
    }

    @RedisTest
    void unreachableMasterFailsAtOnceWithTheCause(RedisServer redis) {
        int port = RedisServer.freePort();
        Recorder rec = new Recorder();
        ReplicationSession s = new ReplicationSession(() -> SocketLink.open("127.0.0.1", port),
            SessionSettings.defaults(), rec);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, s::run);
        assertNotNull(e.getMessage());
        assertTrue(rec.events.isEmpty());
    }
}
