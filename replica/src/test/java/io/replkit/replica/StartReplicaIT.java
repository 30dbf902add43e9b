package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.protocol.client.ConnectionSettings;
import io.replkit.protocol.repl.ConnectionLink;
import io.replkit.protocol.repl.ReplicationSession;
import io.replkit.protocol.repl.SessionSettings;
import io.replkit.replica.apply.ApplierOptions;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.server.ReplicaServer;
import io.replkit.replica.server.ReplicationState;
import io.replkit.replica.server.ServedDataset;
import io.replkit.replica.server.ServerOptions;
import io.replkit.replica.sync.ReplicaLink;
import io.replkit.replica.sync.UnknownCommandPolicy;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A replica fed by a real master through the replication session, serving on its own port: after
 * a mixed workload its DEBUG DIGEST (asked through its port) equals the master's and every key
 * reads the same; also across a killed link (partial resync) and a forced full resync.
 */
class StartReplicaIT {

    /** A running replica: server, session thread, and what it logged. */
    static final class Running implements AutoCloseable {
        final ReplicaServer server;
        final ReplicationSession session;
        final ReplicationState state = new ReplicationState();
        // copy on write: tests stream over it while server threads add lines
        final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Thread thread;
        volatile Throwable failure;

        Running(RedisServer master) throws Exception {
            ServedDataset served = new ServedDataset(new Dataset());
            state.master(master.host(), master.port());
            state.masterVersion(master.version().major(), master.version().minor());
            server = ReplicaServer.start(served, state, ServerOptions.of("127.0.0.1", 0));
            ApplierOptions options = ApplierOptions.forVersion(master.version().major(), master.version().minor(), master.version().patch());
            ReplicaLink link = new ReplicaLink(served, state, options, 16, UnknownCommandPolicy.STOP, log::add);
            ConnectionSettings cs = ConnectionSettings.of(master.uri());
            session = new ReplicationSession(() -> ConnectionLink.open(cs), SessionSettings.defaults()
                    .withListeningPort(server.port()).withRetries(10, true)
                    .withBackoff(Duration.ofMillis(300), Duration.ofSeconds(1)), link);
            thread = new Thread(() -> {
                try {
                    session.run();
                } catch (Throwable t) {
                    failure = t;
                }
            }, "replica-session");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            session.stopNow();
            thread.join(5000);
            server.close();
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void replicaDigestEqualsTheMastersAfterAMixedWorkload(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client(); Running replica = new Running(master)) {
            Workloads w = new Workloads(c, 11);
            runWorkload(w, master, 0);
            assertInStep(master, c, replica);
            assertTrue(c.info("replication").get("slave0").contains("port=" + replica.server.port()),
                    "the master lists the replica: " + c.info("replication"));
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void resumesWithContinueAfterTheMasterKillsTheLink(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client(); Running replica = new Running(master)) {
            Workloads w = new Workloads(c, 12);
            runWorkload(w, master, 0);
            c.call("CLIENT", "KILL", "TYPE", "replica");
            runWorkload(w, master, 1);
            assertInStep(master, c, replica);
            assertTrue(replica.log.stream().anyMatch(l -> l.startsWith("partial resync")), replica.log.toString());
        }
    }

    @RedisTest
    @RedisConfig({"repl-diskless-sync-delay 0", "repl-backlog-size 16kb"})
    void loadsANewSnapshotWhenTheBacklogNoLongerCoversTheGap(RedisServer master) throws Exception {
        try (TestRedisClient c = master.client(); Running replica = new Running(master)) {
            Workloads w = new Workloads(c, 13);
            runWorkload(w, master, 0);
            waitInStep(master, c, replica);
            c.call("CLIENT", "KILL", "TYPE", "replica");
            for (int i = 0; i < 64; i++) {
                c.call("SET", "filler" + i, "f".repeat(1024)); // 64 KB: beyond the 16 KB backlog
            }
            runWorkload(w, master, 1);
            assertInStep(master, c, replica);
            long fullSyncs = replica.log.stream().filter(l -> l.startsWith("full resync")).count();
            assertEquals(2, fullSyncs, replica.log.toString());
        }
    }

    private static void runWorkload(Workloads w, RedisServer master, int round) {
        boolean seven = master.version().major() >= 7;
        w.mixed(300, seven && round == 0);
        w.strings(300);
        w.keys(150);
        w.lists(300);
        w.sets(200);
        w.zsets(300);
        w.hashes(300);
        w.streams(200);
        w.hyperLogLogs(100);
        w.bitmaps(100);
    }

    /**
     * Lets the master delete the keys that expired during the run (a SCAN deletes what it finds
     * expired, and the DELs are propagated), so no expiry happens between the two digests.
     */
    private static void expireOnMaster(TestRedisClient c) throws InterruptedException {
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

    private static void waitInStep(RedisServer master, TestRedisClient c, Running replica) throws Exception {
        expireOnMaster(c);
        long deadline = System.currentTimeMillis() + 30_000;
        long target = -1;
        while (System.currentTimeMillis() < deadline) {
            if (replica.failure != null) {
                throw new AssertionError("the session failed: " + replica.failure + "\n" + replica.log, replica.failure);
            }
            target = Long.parseLong(c.info("replication").get("master_repl_offset"));
            if (replica.state.offset() == target) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("replica offset " + replica.state.offset() + " never reached " + target + "\n"
                + replica.log);
    }

    /** Offsets equal, DEBUG DIGEST equal through the replica's port, and every key digests and reads the same. */
    private static void assertInStep(RedisServer master, TestRedisClient c, Running replica) throws Exception {
        waitInStep(master, c, replica);
        try (TestRedisClient r = new TestRedisClient("127.0.0.1", replica.server.port())) {
            int keys = 0;
            List<String> differences = new ArrayList<>();
            for (int db = 0; db < 16; db++) {
                c.call("SELECT", db);
                r.call("SELECT", db);
                assertEquals(c.callLong("DBSIZE"), r.callLong("DBSIZE"), "dbsize of db " + db);
                @SuppressWarnings("unchecked")
                List<Object> all = (List<Object>) c.call("KEYS", "*");
                for (Object k : all) {
                    byte[] key = (byte[]) k;
                    String name = "db" + db + " key " + new String(key);
                    String type = c.callString("TYPE", key);
                    if (!type.equals(r.callString("TYPE", key))) {
                        differences.add(name + ": type " + type + " vs " + r.callString("TYPE", key));
                    }
                    for (Object[] read : reads(type, key)) {
                        String expected = render(c.call(read));
                        String actual = render(r.call(read));
                        if (read[0].equals("SMEMBERS")) { // hash-table order differs
                            expected = sortedRender(c.call(read));
                            actual = sortedRender(r.call(read));
                        }
                        if (!expected.equals(actual)) {
                            differences.add(name + " " + read[0] + ": " + expected + "\n   vs " + actual);
                        }
                    }
                    if (!digest(c, key).equals(digest(r, key))) {
                        differences.add(name + ": DEBUG DIGEST-VALUE differs");
                    }
                    keys++;
                }
            }
            assertTrue(differences.isEmpty(), String.join("\n", differences));
            c.call("SELECT", 0);
            r.call("SELECT", 0);
            assertEquals(c.callString("DEBUG", "DIGEST"), r.callString("DEBUG", "DIGEST"), "dataset digest");
            Map<String, String> info = c.info("replication");
            long deadline = System.currentTimeMillis() + 5000; // the replica acknowledges every second
            while (!info.get("slave0").contains("offset=" + info.get("master_repl_offset") + ",")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                info = c.info("replication");
            }
            assertTrue(info.get("slave0").contains("offset=" + info.get("master_repl_offset") + ","),
                    "acknowledged offset in the master's INFO: " + info);
            assertTrue(keys > 50, "only " + keys + " keys compared");
        }
    }

    private static String digest(TestRedisClient c, byte[] key) {
        return String.valueOf(((List<?>) c.call("DEBUG", "DIGEST-VALUE", key)).get(0));
    }

    private static List<Object[]> reads(String type, byte[] key) {
        return switch (type) {
            case "string" -> List.<Object[]>of(new Object[] {"GET", key}, new Object[] {"STRLEN", key});
            case "list" -> List.<Object[]>of(new Object[] {"LRANGE", key, 0, -1});
            case "set" -> List.<Object[]>of(new Object[] {"SMEMBERS", key});
            case "zset" -> List.<Object[]>of(new Object[] {"ZRANGE", key, 0, -1, "WITHSCORES"},
                    new Object[] {"ZCARD", key});
            case "hash" -> List.<Object[]>of(new Object[] {"HLEN", key});

            default -> List.<Object[]>of(new Object[] {"EXISTS", key});
        };
    }

    private static String sortedRender(Object reply) {
        List<String> parts = new ArrayList<>();
        ((List<?>) reply).forEach(x -> parts.add(render(x)));
        Collections.sort(parts);
        return parts.toString();
    }

    private static String render(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (reply instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(render(x)));
            return parts.toString();
        }
        return String.valueOf(reply);
    }
}
