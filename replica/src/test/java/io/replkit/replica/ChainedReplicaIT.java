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
