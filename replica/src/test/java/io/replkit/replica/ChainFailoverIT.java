package io.replkit.replica;

import static io.replkit.replica.ChainedReplicaIT.assertDigestsEqual;
import static io.replkit.replica.ChainedReplicaIT.await;
import static io.replkit.replica.ChainedReplicaIT.awaitInStep;
import static io.replkit.replica.ChainedReplicaIT.count;
import static io.replkit.replica.ChainedReplicaIT.infoOf;
import static io.replkit.replica.ChainedReplicaIT.linkUp;
import static io.replkit.replica.ChainedReplicaIT.runWorkload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.replica.chain.OutputLimit;
import io.replkit.replica.chain.ReplicationBacklog;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.util.List;

/**
 * A failover above replkit in a chain of real servers: Redis A (master) → Redis B → replkit →
 * Redis C. When B is promoted, replkit continues from B with {@code +CONTINUE <B's new id>} and
 * makes C re-PSYNC, so C continues too and takes B's new id, as with a Redis in replkit's place;
 * when B cannot continue replkit (its backlog lost the offset), replkit and then C are full-synced.
 */
class ChainFailoverIT {

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aPromotionAboveContinuesDownTheChainAndABacklogTooSmallFullSyncsIt(RedisServer a) throws Exception {
        try (TestRedisClient ac = a.client();
             RedisServer b = RedisServer.start(a.binary(), "replicaof " + a.host() + " " + a.port(),
                     "repl-diskless-sync-delay 0");
             RelayReplica relay = new RelayReplica(b.host(), b.port(), a.version(), ReplicationBacklog.DEFAULT_SIZE,
                     OutputLimit.REDIS_DEFAULT);
             RedisServer c = RedisServer.start(a.binary(), "replicaof 127.0.0.1 " + relay.port());
             TestRedisClient bc = b.client()) {
            Workloads w = new Workloads(ac, 121);
            runWorkload(w, a, 0);
            await("B is in step", () -> ChainedReplicaIT.offset(b) == DownstreamSyncIT.masterOffset(ac), relay);
            awaitInStep(ac, relay, c);
            assertDigestsEqual(ac, relay, b, c);
            String oldId = bc.info("replication").get("master_replid");
            long partialOkOfB = Long.parseLong(bc.info("stats").get("sync_partial_ok"));

            bc.call("REPLICAOF", "NO", "ONE");
            String newId = bc.info("replication").get("master_replid");
            assertNotEquals(oldId, newId);
            Workloads onB = new Workloads(bc, 122);
            runWorkload(onB, b, 1);
            awaitInStep(bc, relay, c);
            assertDigestsEqual(bc, relay, c);

            assertTrue(relay.logged("partial resync: continuing " + newId), relay.log.toString());
            assertEquals(1, fullResyncs(relay), "only the first sync: " + relay.log);
            assertEquals(partialOkOfB + 1, Long.parseLong(bc.info("stats").get("sync_partial_ok")),
                    "replkit continued from B");
            assertEquals(1, count(c.log(), "MASTER <-> REPLICA sync: Finished with success"), c.log());
            assertTrue(count(c.log(), "Successful partial resynchronization with master") >= 1, c.log());
            try (TestRedisClient cc = c.client()) {
                assertEquals(newId, cc.info("replication").get("master_replid"), "C has B's new id");
            }
            assertEquals(newId, infoOf(relay.port()).get("master_replid"));
            assertEquals(oldId, infoOf(relay.port()).get("master_replid2"));

            // B drops replkit and, in the same transaction, writes more than its (now) 16 KB backlog holds
            bc.call("CONFIG", "SET", "repl-backlog-size", "16kb");
            bc.call("MULTI");
            bc.call("CLIENT", "KILL", "TYPE", "replica");
            bc.call("SET", "big", "b".repeat(64 * 1024));
            List<?> exec = (List<?>) bc.call("EXEC");
            assertEquals(1L, exec.get(0));
            await("replkit synced again", () -> fullResyncs(relay) == 2, relay);
            runWorkload(onB, b, 2);
            awaitInStep(bc, relay, c);
            assertDigestsEqual(bc, relay, c);
            assertEquals(2, count(c.log(), "MASTER <-> REPLICA sync: Finished with success"), c.log());
            assertTrue(linkUp(c));
        }
    }

    /** How many full resyncs replkit's own link did. */
    private static long fullResyncs(RelayReplica relay) {
        synchronized (relay.log) {
            return relay.log.stream().filter(l -> l.startsWith("full resync from")).count();
        }
    }
}
