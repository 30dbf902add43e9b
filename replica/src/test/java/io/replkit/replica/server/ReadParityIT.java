package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbReader;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.load.SnapshotLoader;
import io.replkit.testkit.MinRedisVersion;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica answers reads exactly as Redis 7.0 does: the same data goes into a real server and,
 * through a SAVE of that server, into the replica's dataset; then hundreds of read commands (and
 * errors) go to both, and the raw reply bytes must be equal, in RESP2 and in RESP3.
 */
class ReadParityIT {

    @RedisTest
    @MinRedisVersion("7.0")
    void readsReplyByteForByteLikeRedis(RedisServer server) throws Exception {
        ParityWorkload w = new ParityWorkload(20261121L);
        try (TestRedisClient c = server.client()) {
            w.populate(c);
            c.call("DEBUG", "RELOAD"); // encodings as after a load, like the replica's snapshot
            w.populateExpiringSoon(c);
            c.call("SAVE");
            // a replica of a master that is not there: read-only, keeps expired keys, answers like one
            c.call("REPLICAOF", "127.0.0.1", Integer.toString(RedisServer.freePort()));
        }
        Dataset ds = new Dataset();
        try (RdbReader r = RdbReader.open(server.rdbFile())) {
            SnapshotLoader.load(r, ds);
        }
        Thread.sleep(400); // the soon:* keys have expired on both sides now
        w.connectionCases();
        w.writeCases();
        w.keyCases();
        w.stringCases();
        w.listCases();
        w.setCases();
        w.zsetCases();
        w.hashCases();
        w.serverCases();
        w.streamCases();
        w.geoCases();
        w.sortCases();
        w.memoryCases();
        w.streamFullCases();
        w.geoRadiusCases();
        w.bitfieldAndLcsCases();
        try (ReplicaServer replica = ReplicaServer.start(new ServedDataset(ds), new ReplicationState(),
                ServerOptions.of("127.0.0.1", 0))) {
            List<String> mismatches = new ArrayList<>();
            int compared = compare(server.port(), replica.port(), w.cases(), 2, mismatches)
                    + compare(server.port(), replica.port(), w.cases(), 3, mismatches);
            assertDumpsRestoreToTheSameValues(server, replica.port());
            assertMemoryUsageIsClose(server, replica.port());
            // PFCOUNT last: a Redis replica writes a stale cached cardinality into the string (its
            // digest changes), this replica never writes from a read; the replies are the same
            ParityWorkload hll = new ParityWorkload(1);
            hll.hllCases();
            compared += compare(server.port(), replica.port(), hll.cases(), 2, mismatches)
                    + compare(server.port(), replica.port(), hll.cases(), 3, mismatches);
            assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + compared + " replies differ:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(40, mismatches.size()))));
            assertEquals(2 * (w.cases().size() + hll.cases().size()), compared);
        }
    }

    /**
     * DUMP payloads need not be byte-identical (the writer may choose another valid encoding), but
     * a second real server must RESTORE each one to a value that digests like the original.
     */
    private static void assertDumpsRestoreToTheSameValues(RedisServer server, int replicaPort) {
        int restored = 0;
        try (RedisServer other = RedisServer.start(server.binary()); TestRedisClient target = other.client();
             TestRedisClient source = server.client();
             TestRedisClient replica = new TestRedisClient("127.0.0.1", replicaPort)) {
            for (String k : ParityWorkload.allKeys()) {
                Object payload = replica.call("DUMP", k);
                Object original = ((List<?>) source.call("DEBUG", "DIGEST-VALUE", k)).get(0);
                if (payload == null) {
                    assertEquals(0L, source.call("EXISTS", k), k + " has no DUMP");
                    continue;
                }
                long at = (Long) source.call("PEXPIRETIME", k);
                target.call("RESTORE", k, Long.toString(Math.max(0, at)), payload, "REPLACE", "ABSTTL");
                assertEquals(original, ((List<?>) target.call("DEBUG", "DIGEST-VALUE", k)).get(0), "DUMP of " + k);
                restored++;
            }
        }
        assertTrue(restored > 20, "only " + restored + " DUMPs restored");
    }

    /**
     * MEMORY USAGE is an estimate from the value's content, in Redis's own accounting: within 15%
     * of what Redis says with SAMPLES 0 (this server's jemalloc rounds to 16-byte classes, the
     * estimate to Redis's bundled jemalloc's 8).
     */
    private static void assertMemoryUsageIsClose(RedisServer server, int replicaPort) {
        try (TestRedisClient redis = server.client(); TestRedisClient replica = new TestRedisClient("127.0.0.1", replicaPort)) {
            for (String k : ParityWorkload.allKeys()) {
                Object expected = redis.call("MEMORY", "USAGE", k, "SAMPLES", "0");
                Object actual = replica.call("MEMORY", "USAGE", k, "SAMPLES", "0");
                if (expected == null) {
                    assertEquals(null, actual, k);
                    continue;
                }
                double ratio = ((Long) actual).doubleValue() / (Long) expected;
                assertTrue(ratio > 0.85 && ratio < 1.15, "MEMORY USAGE " + k + ": redis " + expected + ", replica " + actual);
            }
        }
    }

    private static int compare(int redisPort, int replicaPort, List<ParityCase> cases, int resp, List<String> mismatches) {
        int n = 0;
        try (RawRespClient redis = new RawRespClient(redisPort); RawRespClient replica = new RawRespClient(replicaPort)) {
            if (resp == 3) {
                redis.call("HELLO", "3");
                replica.call("HELLO", "3");
            }
            for (ParityCase c : cases) {
                RawRespClient.Raw expected = redis.call(c.args());
                RawRespClient.Raw actual = replica.call(c.args());
                n++;
                if (!ReplyComparison.same(c.mode(), expected, actual)) {
                    mismatches.add("RESP" + resp + " " + c + "\n    redis:   " + clip(expected.text())
                            + "\n    replica: " + clip(actual.text()));
                }
            }
        }
        return n;
    }

    private static String clip(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "... (" + s.length() + " chars)" : s + " (" + s.length() + ")";
    }
}
