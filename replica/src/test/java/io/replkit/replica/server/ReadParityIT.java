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
        try (ReplicaServer replica = ReplicaServer.start(new ServedDataset(ds), new ReplicationState(),
                ServerOptions.of("127.0.0.1", 0))) {
            List<String> mismatches = new ArrayList<>();
            int compared = compare(server.port(), replica.port(), w.cases(), 2, mismatches)
                    + compare(server.port(), replica.port(), w.cases(), 3, mismatches);
            assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + compared + " replies differ:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(40, mismatches.size()))));
            assertEquals(2 * w.cases().size(), compared);
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
