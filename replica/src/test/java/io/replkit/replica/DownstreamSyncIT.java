package io.replkit.replica;

import static io.replkit.replica.ChainedReplicaIT.assertDigestsEqual;
import static io.replkit.replica.ChainedReplicaIT.awaitInStep;
import static io.replkit.replica.ChainedReplicaIT.count;
import static io.replkit.replica.ChainedReplicaIT.infoOf;
import static io.replkit.replica.ChainedReplicaIT.linkUp;
import static io.replkit.replica.ChainedReplicaIT.runWorkload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.replica.chain.OutputLimit;
import io.replkit.replica.chain.ReplicationBacklog;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How replicas of replkit sync, against what a Redis master does in the same place: the INFO stats
 * counters, repl-timeout towards replicas that stop acknowledging, and full syncs that share one
 * capture.
 */
class DownstreamSyncIT {
    private static final int SMALL_BACKLOG = 16 * 1024; // Redis's smallest repl-backlog-size

    /** What one scenario did to a server's sync counters. */
    private record Counters(long full, long partialOk, long partialErr) {
        static Counters of(Map<String, String> stats) {
            return new Counters(Long.parseLong(stats.get("sync_full")), Long.parseLong(stats.get("sync_partial_ok")),
                    Long.parseLong(stats.get("sync_partial_err")));
        }

        Counters minus(Counters o) {
            return new Counters(full - o.full, partialOk - o.partialOk, partialErr - o.partialErr);
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void syncCountersMoveAsARedisMastersDoInTheSameScenario(RedisServer master) throws Exception {
        Counters redis;
        try (RedisServer oracle = RedisServer.start(master.binary(), "repl-diskless-sync-delay 0",
                "repl-backlog-size " + SMALL_BACKLOG);
             TestRedisClient writer = oracle.client()) {
            redis = scenario(master.binary(), oracle.port(), writer, () -> true, null);
        }
        Counters ours;
        try (TestRedisClient writer = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(), SMALL_BACKLOG,
                     OutputLimit.REDIS_DEFAULT)) {
            awaitInStep(writer, relay);
            ours = scenario(master.binary(), relay.port(), writer, () -> relay.state.offset() == masterOffset(writer),
                    relay);
        }
        // a fresh replica's PSYNC ? -1, a partial resync after CLIENT KILL, a PSYNC the small backlog
        // cannot serve, and a raw PSYNC ? -1
        assertEquals(new Counters(3, 1, 1), redis, "the oracle: a Redis master");
        assertEquals(redis, ours, "replkit's counters moved as the Redis master's did");
    }

    /**
     * On the server at {@code port}, which replicates what {@code writer} writes: a real replica
     * syncs, is killed (CLIENT KILL TYPE replica) and continues, falls behind the backlog and gets a
     * full sync, and a raw connection asks PSYNC ? -1. Returns how the counters moved.
     */
    private static Counters scenario(io.replkit.testkit.RedisBinary binary, int port, TestRedisClient writer,
                                     java.util.function.BooleanSupplier caughtUp, RelayReplica relay) throws Exception {
        Counters before = Counters.of(statsOf(port));
        try (RedisServer chained = RedisServer.start(binary, "replicaof 127.0.0.1 " + port)) {
            Workloads w = new Workloads(writer, 81);
            w.strings(100);
            awaitChained(writer, chained, relay);
            try (TestRedisClient r = new TestRedisClient("127.0.0.1", port)) {
                assertEquals(1L, r.callLong("CLIENT", "KILL", "TYPE", "replica"));
            }
            await("the chained server continues", () -> count(chained.log(),
                    "Successful partial resynchronization with master") == 1 && linkUp(chained), relay);
            w.strings(100);
            awaitChained(writer, chained, relay);

            // asleep, it cannot reconnect while 64 KB go past the 16 KB backlog
            Thread sleeper = new Thread(() -> {
                try (TestRedisClient cc = chained.client()) {
                    cc.call("DEBUG", "SLEEP", "1");
                }
            });
            sleeper.start();
            Thread.sleep(200);
            try (TestRedisClient r = new TestRedisClient("127.0.0.1", port)) {
                assertEquals(1L, r.callLong("CLIENT", "KILL", "TYPE", "replica"));
            }
            for (int i = 0; i < 64; i++) {
                writer.call("SET", "filler" + i, "f".repeat(1024));
            }
            sleeper.join();
            await("the chained server synced again", () -> count(chained.log(),
                    "MASTER <-> REPLICA sync: Finished with success") == 2 && linkUp(chained), relay);
            awaitChained(writer, chained, relay);
        }
        await("the server caught up", caughtUp, relay);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readLine(s.getInputStream()).startsWith("+FULLRESYNC "));
        }
        return Counters.of(statsOf(port)).minus(before);
    }

    private static void awaitChained(TestRedisClient writer, RedisServer chained, RelayReplica relay) throws Exception {
        long target = masterOffset(writer);
        await("the chained server reaches " + target, () -> ChainedReplicaIT.offset(chained) >= target, relay);
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplicaThatStopsAckingIsDisconnectedAfterReplTimeoutAndOneThatAcksStays(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT);
             RedisServer chained = RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + relay.port())) {
            relay.relay.replTimeout(Duration.ofSeconds(3));
            awaitInStep(c, relay, chained);
            Map<String, String> info = infoOf(relay.port());
            try (Socket silent = new Socket(); Socket oldSync = new Socket()) {
                silent.connect(new InetSocketAddress("127.0.0.1", relay.port()));
                silent.getOutputStream().write(("REPLCONF listening-port 1\r\nREPLCONF capa psync2\r\nPSYNC "
                        + info.get("master_replid") + " " + (Long.parseLong(info.get("master_repl_offset")) + 1)
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = silent.getInputStream();
                assertEquals("+OK", readLine(in));
                assertEquals("+OK", readLine(in));
                assertEquals("+CONTINUE " + info.get("master_replid"), readLine(in));
                silent.getOutputStream().write(("REPLCONF ACK " + info.get("master_repl_offset") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII)); // once, then never again
                // the old SYNC never acknowledges, and Redis does not expect it to
                oldSync.connect(new InetSocketAddress("127.0.0.1", relay.port()));
                oldSync.getOutputStream().write("REPLCONF listening-port 2\r\nSYNC\r\n".getBytes(StandardCharsets.US_ASCII));
                Thread drain = new Thread(() -> {
                    try {
                        oldSync.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException closed) {
                        // the test is over
                    }
                }, "old-sync-reader");
                drain.setDaemon(true);
                drain.start();
                long start = System.currentTimeMillis();
                await("the silent replica is disconnected",
                        () -> relay.logged("Disconnecting timedout replica (streaming sync): 127.0.0.1:1"), relay);
                long took = System.currentTimeMillis() - start;
                assertTrue(took >= 2500, "not before repl-timeout: " + took + " ms");
                silent.setSoTimeout(5000);
                while (in.read() >= 0) {
                    // the stream up to the close
                }
                runWorkload(new Workloads(c, 91), master, 1);
                Thread.sleep(4000); // past repl-timeout again
                awaitInStep(c, relay, chained);
                assertDigestsEqual(c, relay, chained);
                assertEquals(1, relay.count("Disconnecting timedout replica"), "only the silent one: " + relay.log);
                Map<String, String> after = infoOf(relay.port());
                assertEquals("2", after.get("connected_slaves"), "the acking Redis and the old SYNC stay: " + after);
                assertTrue(linkUp(chained));
                assertEquals(0, count(chained.log(), "Connection with master lost"), chained.log());
            }
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void threeReplicasAskingAtOnceDuringAWriteLoadShareOneCapture(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT)) {
            relay.relay.disklessSyncDelay(Duration.ofSeconds(5));
            runWorkload(new Workloads(c, 101), master, 0);
            awaitInStep(c, relay);
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = new Thread(() -> {
                try (TestRedisClient lc = master.client()) {
                    Workloads w = new Workloads(lc, 102);
                    while (!stop.get()) {
                        w.strings(20);
                        w.hashes(20);
                        w.lists(20);
                    }
                }
            }, "write-load");
            load.start();
            List<RedisServer> chained = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    chained.add(RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + relay.port()));
                }
                await("the three are online", () -> chained.stream().allMatch(ChainedReplicaIT::linkUp), relay);
                Thread.sleep(500);
                stop.set(true);
                load.join();
                awaitInStep(c, relay, chained.toArray(RedisServer[]::new));
                assertDigestsEqual(c, relay, chained.toArray(RedisServer[]::new));
                assertEquals(1, relay.count("relay: capture #"), relay.log.toString());
                assertTrue(relay.logged("capture #1 of ") && relay.logged("for 3 replica(s) (diskless)"),
                        relay.log.toString());
                Map<String, String> stats = statsOf(relay.port());
                assertEquals("1", stats.get("sync_captures"), stats.toString());
                assertEquals("3", stats.get("sync_full"), stats.toString());
                for (RedisServer s : chained) {
                    assertEquals(1, count(s.log(), "MASTER <-> REPLICA sync: Finished with success"), s.log());
                }
            } finally {
                stop.set(true);
                load.join();
                for (RedisServer s : chained) {
                    s.close();
                }
            }
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplicaThatStopsReadingItsSnapshotIsCutOffAndTheOneSharingTheCaptureEndsEqual(RedisServer master)
            throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT)) {
            relay.relay.replTimeout(Duration.ofSeconds(3));
            relay.relay.disklessSyncDelay(Duration.ofSeconds(5));
            java.util.Random random = new java.util.Random(141);
            for (int i = 0; i < 128; i++) { // 8 MB that LZF cannot shrink: more than the socket buffers hold
                byte[] value = new byte[64 * 1024];
                random.nextBytes(value);
                c.call("SET", "big" + i, value);
            }
            awaitInStep(c, relay);
            try (Socket stuck = new Socket()) {
                stuck.setReceiveBufferSize(4096);
                stuck.connect(new InetSocketAddress("127.0.0.1", relay.port()));
                stuck.getOutputStream().write("REPLCONF listening-port 1\r\nREPLCONF capa eof\r\nPSYNC ? -1\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                try (RedisServer chained = RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + relay.port())) {
                    await("the stuck replica is cut off",
                            () -> relay.logged("Disconnecting timedout replica (full sync): 127.0.0.1:1"), relay);
                    runWorkload(new Workloads(c, 131), master, 1);
                    awaitInStep(c, relay, chained);
                    assertDigestsEqual(c, relay, chained);
                    assertTrue(relay.logged("for 2 replica(s) (diskless)"), "they shared one capture: " + relay.log);
                    assertEquals(1, count(chained.log(), "MASTER <-> REPLICA sync: Finished with success"), chained.log());
                }
            }
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplicaAskingWhileASnapshotFileIsWrittenAttachesToIt(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT)) {
            runWorkload(new Workloads(c, 111), master, 0);
            awaitInStep(c, relay);
            java.util.concurrent.CountDownLatch gate = relay.gateSnapshots();
            try (Socket first = new Socket("127.0.0.1", relay.port()); Socket second = new Socket("127.0.0.1", relay.port())) {
                first.getOutputStream().write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
                String firstLine = readLine(first.getInputStream());
                // writes go by while the file is being written: the second gets them from the backlog
                for (int i = 0; i < 50; i++) {
                    c.call("SET", "during" + i, "v" + i);
                }
                await("the writes reached replkit", () -> relay.state.offset() == masterOffset(c), relay);
                second.getOutputStream().write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
                String secondLine = readLine(second.getInputStream());
                assertEquals(firstLine, secondLine, "the same capture: same id and offset");
                gate.countDown();
                byte[] a = readRdb(first.getInputStream());
                byte[] b = readRdb(second.getInputStream());
                assertTrue(java.util.Arrays.equals(a, b), "one RDB for both");
                c.call("SET", "after", "x");
                long end = masterOffset(c);
                long from = Long.parseLong(firstLine.split(" ")[2]);
                byte[] streamA = first.getInputStream().readNBytes((int) (end - from));
                byte[] streamB = second.getInputStream().readNBytes((int) (end - from));
                assertTrue(java.util.Arrays.equals(streamA, streamB), "both get the stream from the capture's offset");
                assertTrue(new String(streamA, StandardCharsets.US_ASCII).contains("during49"));
                assertEquals(1, relay.count("relay: capture #"), relay.log.toString());
                assertTrue(relay.logged("attached to capture #1 being written at offset " + from), relay.log.toString());
            }
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplicaWithoutCapaEofTakesTheWaitingDisklessOnesIntoItsFileCapture(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT)) {
            relay.relay.disklessSyncDelay(Duration.ofSeconds(30)); // never reached: the file capture takes it
            runWorkload(new Workloads(c, 151), master, 0);
            awaitInStep(c, relay);
            try (RedisServer chained = RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + relay.port())) {
                await("the chained server waits for the diskless capture",
                        () -> relay.logged("replica 127.0.0.1:" + chained.port() + " asks for synchronization"), relay);
                try (Socket plain = new Socket("127.0.0.1", relay.port())) {
                    plain.getOutputStream().write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
                    String line;
                    do {
                        line = readLine(plain.getInputStream());
                    } while (line.isEmpty());
                    assertTrue(line.startsWith("+FULLRESYNC "), line);
                    readRdb(plain.getInputStream());
                }
                runWorkload(new Workloads(c, 152), master, 1);
                awaitInStep(c, relay, chained);
                assertDigestsEqual(c, relay, chained);
                assertTrue(relay.logged("capture #2 to a file also serves the 1 replica(s) that waited for capture #1"),
                        relay.log.toString());
                assertTrue(relay.logged("for 2 replica(s) (to a file)"), relay.log.toString());
                assertEquals("1", statsOf(relay.port()).get("sync_captures"), "one capture taken");
            }
        }
    }

    private static byte[] readRdb(InputStream in) throws java.io.IOException {
        String header;
        do {
            header = readLine(in); // newlines are keepalives
        } while (header.isEmpty());
        assertTrue(header.matches("\\$[0-9]+"), header);
        byte[] rdb = in.readNBytes(Integer.parseInt(header.substring(1)));
        assertFalse(rdb.length == 0);
        return rdb;
    }

    /** {@link ChainedReplicaIT#await}, also without a replkit replica (the oracle's run). */
    static void await(String what, java.util.function.BooleanSupplier condition, RelayReplica relay)
            throws InterruptedException {
        if (relay != null) {
            ChainedReplicaIT.await(what, condition, relay);
            return;
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    static long masterOffset(TestRedisClient c) {
        return Long.parseLong(c.info("replication").get("master_repl_offset"));
    }

    static Map<String, String> statsOf(int port) {
        try (TestRedisClient r = new TestRedisClient("127.0.0.1", port)) {
            return r.info("stats");
        }
    }

    static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new java.io.EOFException("connection closed after \"" + sb + "\"");
            }
            sb.append((char) b);
        }
        return sb.toString().endsWith("\r") ? sb.substring(0, sb.length() - 1) : sb.toString();
    }
}
