package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.replica.chain.OutputLimit;
import io.replkit.replica.chain.ReplicationBacklog;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * start-replica as a relay for real Redis replicas: top master (real) → replkit replica → a real
 * redis-server replicating from it. The chained server sees the master's exact stream (same replid,
 * same offsets), so all three digests agree and it can switch between the master and replkit with
 * partial resyncs.
 */
class ChainedReplicaIT {

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aRealReplicaContinuesFromOurBacklogAndThenFromTheMaster(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT);
             RedisServer chained = RedisServer.start(master.binary(), "replicaof " + master.host() + " " + master.port())) {
            Workloads w = new Workloads(c, 21);
            await("both replicas sync", () -> offset(chained) > 0 && relay.state.offset() > 0, relay);
            runWorkload(w, master, 0);
            awaitInStep(c, relay, chained);

            try (TestRedisClient cc = chained.client()) {
                cc.call("REPLICAOF", "127.0.0.1", relay.port());
            }
            await("the chained server continues from replkit", () -> chained.log().contains(
                    "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization")
                    && linkUp(chained), relay);
            assertTrue(relay.logged("partial resynchronization request from 127.0.0.1:" + chained.port() + " accepted"),
                    relay.log.toString());

            runWorkload(w, master, 1);
            awaitInStep(c, relay, chained);
            assertDigestsEqual(c, relay, chained);
            Map<String, String> info = infoOf(relay.port());
            assertEquals("1", info.get("connected_slaves"), info.toString());
            assertTrue(info.get("slave0").startsWith("ip=127.0.0.1,port=" + chained.port() + ",state=online,offset="),
                    info.get("slave0"));
            assertEquals(c.info("replication").get("master_replid"), info.get("master_replid"));

            long partialOk = Long.parseLong(c.info("stats").get("sync_partial_ok"));
            try (TestRedisClient cc = chained.client()) {
                cc.call("REPLICAOF", master.host(), master.port());
            }
            await("the chained server continues from the master", () ->
                    Long.parseLong(c.info("stats").get("sync_partial_ok")) == partialOk + 1 && linkUp(chained), relay);
            assertEquals(2, count(chained.log(), "Successful partial resynchronization with master"), chained.log());
            runWorkload(w, master, 2);
            awaitInStep(c, relay, chained);
            assertDigestsEqual(c, relay, chained);
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aRealReplicaOfReplkitEndsEqualAndSwitchesToTheMasterWithAPartialResync(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT)) {
            Workloads w = new Workloads(c, 31);
            runWorkload(w, master, 0); // the snapshot carries these, across several dbs
            awaitInStep(c, relay);
            try (RedisServer chained = RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + relay.port())) {
                await("the chained server syncs", () -> linkUp(chained), relay);
                runWorkload(w, master, 1); // and these come as the master's exact bytes
                awaitInStep(c, relay, chained);
                assertDigestsEqual(c, relay, chained);
                assertTrue(relay.logged("synchronization with replica 127.0.0.1:" + chained.port() + " succeeded"),
                        relay.log.toString());
                assertTrue(relay.logged("($EOF)"), "6.2 and 7.0 both announce capa eof: " + relay.log);

                // killed by us, it comes back and continues from the backlog
                try (TestRedisClient r = new TestRedisClient("127.0.0.1", relay.port())) {
                    assertEquals(1L, r.callLong("CLIENT", "KILL", "TYPE", "replica"));
                }
                await("the chained server continues from replkit", () -> count(chained.log(),
                        "Successful partial resynchronization with master") == 1 && linkUp(chained), relay);
                runWorkload(w, master, 2);
                awaitInStep(c, relay, chained);
                assertDigestsEqual(c, relay, chained);

                long partialOk = Long.parseLong(c.info("stats").get("sync_partial_ok"));
                try (TestRedisClient cc = chained.client()) {
                    cc.call("REPLICAOF", master.host(), master.port());
                }
                await("the chained server continues from the top master", () ->
                        Long.parseLong(c.info("stats").get("sync_partial_ok")) == partialOk + 1 && linkUp(chained), relay);
                assertEquals(2, count(chained.log(), "Successful partial resynchronization with master"), chained.log());
                runWorkload(w, master, 3);
                awaitInStep(c, relay, chained);
                assertDigestsEqual(c, relay, chained);
            }
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplkitReplicaChainsBelowAnother(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica first = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT)) {
            Workloads w = new Workloads(c, 41);
            runWorkload(w, master, 0);
            awaitInStep(c, first);
            try (RelayReplica second = new RelayReplica("127.0.0.1", first.port(), master.version(),
                    ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT);
                 RedisServer third = RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + second.port())) {
                runWorkload(w, master, 1);
                awaitInStep(c, first);
                awaitInStep(c, second, third);
                assertDigestsEqual(c, first);
                assertDigestsEqual(c, second, third);
                assertEquals(c.info("replication").get("master_replid"), infoOf(second.port()).get("master_replid"),
                        "the master's id all the way down");
            }
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aTinyBacklogForcesAFullSyncOfAReplicaThatFellBehind(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(), 16 * 1024,
                     OutputLimit.REDIS_DEFAULT);
             RedisServer chained = RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + relay.port())) {
            Workloads w = new Workloads(c, 51);
            runWorkload(w, master, 0);
            awaitInStep(c, relay, chained);
            // keep the chained server busy so it cannot reconnect while 64 KB go past the 16 KB backlog
            Thread sleeper = new Thread(() -> {
                try (TestRedisClient cc = chained.client()) {
                    cc.call("DEBUG", "SLEEP", "1");
                }
            });
            sleeper.start();
            Thread.sleep(200);
            try (TestRedisClient r = new TestRedisClient("127.0.0.1", relay.port())) {
                assertEquals(1L, r.callLong("CLIENT", "KILL", "TYPE", "replica"));
            }
            for (int i = 0; i < 64; i++) {
                c.call("SET", "filler" + i, "f".repeat(1024));
            }
            sleeper.join();
            runWorkload(w, master, 1);
            awaitInStep(c, relay, chained);
            assertDigestsEqual(c, relay, chained);
            assertEquals(2, relay.count("asks for synchronization: full sync"), relay.log.toString());
            assertEquals(0, count(chained.log(), "Successful partial resynchronization"), chained.log());
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplicaThatDoesNotReadIsCutOffAtTheLimitWithoutHarmingTheOthers(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, new OutputLimit(16 << 20, 0, 0));
             RedisServer chained = RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + relay.port())) {
            awaitInStep(c, relay, chained);
            Map<String, String> info = infoOf(relay.port());
            try (java.net.Socket slow = new java.net.Socket()) {
                slow.setReceiveBufferSize(4096);
                slow.connect(new java.net.InetSocketAddress("127.0.0.1", relay.port()));
                slow.getOutputStream().write(("REPLCONF listening-port 1\r\nREPLCONF capa psync2\r\nPSYNC "
                        + info.get("master_replid") + " " + (Long.parseLong(info.get("master_repl_offset")) + 1)
                        + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                await("the slow replica is online", () -> infoOf(relay.port()).get("connected_slaves").equals("2"), relay);
                String big = "z".repeat(64 * 1024);
                // it reads nothing: up to 128 MB go by, the kernel's buffers hold a few of them. Every 1 MB
                // the writer waits for the replica that reads to catch up, so that even on a busy machine
                // only the one that does not read can reach the limit.
                for (int i = 0; i < 2000 && !relay.logged("replica 127.0.0.1:1 cut off"); i++) {
                    c.call("SET", "big" + (i % 10), big);
                    if (i % 16 == 15) {
                        long target = Long.parseLong(c.info("replication").get("master_repl_offset"));
                        await("the reading replica catches up", () -> offset(chained) == target, relay);
                    }
                }
                await("the slow replica is cut off", () -> relay.logged("replica 127.0.0.1:1 cut off"), relay);
                assertTrue(relay.logged("hard limit of 16777216 (replica output-buffer limit)"), relay.log.toString());
                assertEquals(1, relay.count("cut off"), "only the one that does not read: " + relay.log);
            }
            runWorkload(new Workloads(c, 61), master, 1);
            awaitInStep(c, relay, chained);
            assertDigestsEqual(c, relay, chained);
            assertEquals("1", infoOf(relay.port()).get("connected_slaves"));
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplicaWithoutCapaEofGetsALengthFramedRdbThatRedisChecks(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client();
             RelayReplica relay = new RelayReplica(master.host(), master.port(), master.version(),
                     ReplicationBacklog.DEFAULT_SIZE, OutputLimit.REDIS_DEFAULT)) {
            Workloads w = new Workloads(c, 71);
            runWorkload(w, master, 0);
            awaitInStep(c, relay);
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", relay.port())) {
                s.getOutputStream().write("PSYNC ? -1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
                String fullresync = line(in);
                Map<String, String> info = infoOf(relay.port());
                assertEquals("+FULLRESYNC " + info.get("master_replid") + " " + info.get("master_repl_offset"), fullresync);
                String header;
                do {
                    header = line(in); // newlines are keepalives
                } while (header.isEmpty());
                assertTrue(header.matches("\\$[0-9]+"), header);
                byte[] rdb = new byte[Integer.parseInt(header.substring(1))];
                in.readFully(rdb);
                java.nio.file.Path file = java.nio.file.Files.createTempFile("chained", ".rdb");
                try {
                    java.nio.file.Files.write(file, rdb);
                    Process p = new ProcessBuilder(master.binary().checkRdb().toString(), file.toString())
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes());
                    assertEquals(0, p.waitFor(), "redis-check-rdb: " + out);
                } finally {
                    java.nio.file.Files.deleteIfExists(file);
                }
                // then the stream: the master's next command, byte for byte
                c.call("SET", "after", "snapshot");
                String first = line(in);
                assertTrue(first.startsWith("*"), first);
            }
        }
    }

    private static String line(java.io.DataInputStream in) throws java.io.IOException {
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

    // ------------------------------------------------------------------ helpers

    static void runWorkload(Workloads w, RedisServer master, int round) {
        boolean seven = master.version().major() >= 7;
        w.mixed(200, seven && round == 0);
        w.strings(150);
        w.keys(80);
        w.lists(150);
        w.sets(100);
        w.zsets(150);
        w.hashes(150);
        w.streams(100);
        w.hyperLogLogs(50);
        w.bitmaps(50);
    }

    /**
     * Lets the master delete the keys that expired during the run (a SCAN deletes what it finds
     * expired, and the DELs are propagated), so no expiry happens between the digests.
     */
    static void expireOnMaster(TestRedisClient c) throws InterruptedException {
        Thread.sleep(100);
        for (int db = 0; db < 16; db++) {
            c.call("SELECT", db);
            String cursor = "0";
            do {
                List<?> page = (List<?>) c.call("SCAN", cursor, "COUNT", 1000);
                cursor = new String((byte[]) page.get(0));
            } while (!cursor.equals("0"));
        }
        c.call("SELECT", 0);
    }

    /** Waits until replkit and every chained server reached the master's offset. */
    static void awaitInStep(TestRedisClient c, RelayReplica relay, RedisServer... chained) throws Exception {
        expireOnMaster(c);
        long target = Long.parseLong(c.info("replication").get("master_repl_offset"));
        await("offsets reach " + target, () -> {
            if (relay.state.offset() != target) {
                return false;
            }
            for (RedisServer s : chained) {
                if (offset(s) != target) {
                    return false;
                }
            }
            return true;
        }, relay);
    }

    static void assertDigestsEqual(TestRedisClient c, RelayReplica relay, RedisServer... chained) {
        String digest = c.callString("DEBUG", "DIGEST");
        try (TestRedisClient r = new TestRedisClient("127.0.0.1", relay.port())) {
            assertEquals(digest, r.callString("DEBUG", "DIGEST"), "replkit's digest");
        }
        for (RedisServer s : chained) {
            try (TestRedisClient cc = s.client()) {
                assertEquals(digest, cc.callString("DEBUG", "DIGEST"), "chained " + s.port() + "'s digest");
            }
        }
        assertTrue(c.callLong("DBSIZE") > 0 || !digest.equals("0".repeat(40)), "the dataset is not empty");
    }

    static long offset(RedisServer s) {
        try (TestRedisClient c = s.client()) {
            Map<String, String> info = c.info("replication");
            return info.get("master_link_status").equals("up") ? Long.parseLong(info.get("master_repl_offset")) : -1;
        }
    }

    static boolean linkUp(RedisServer s) {
        try (TestRedisClient c = s.client()) {
            return "up".equals(c.info("replication").get("master_link_status"));
        }
    }

    static Map<String, String> infoOf(int port) {
        try (TestRedisClient r = new TestRedisClient("127.0.0.1", port)) {
            return r.info("replication");
        }
    }

    static long count(String text, String fragment) {
        return text.lines().filter(l -> l.contains(fragment)).count();
    }

    static void await(String what, BooleanSupplier condition, RelayReplica relay) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (relay.failure != null) {
                throw new AssertionError("the replkit session failed: " + relay.failure + "\n" + relay.log, relay.failure);
            }
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what + "\nreplkit log: " + relay.log);
    }
}
