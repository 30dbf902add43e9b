package io.replkit.replica;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.RdbReader;
import io.replkit.replica.data.Dataset;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.EncodingRules;
import io.replkit.replica.load.SnapshotLoader;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A dataset loaded from each fixture digests like a real server that loaded the same file. */
class SnapshotLoaderIT {

    @RedisTest
    void loadedFixturesDigestLikeTheServerThatLoadedThem(RedisBinary binary) throws Exception {
        int maxRdb = binary.atLeast(7, 0) ? 10 : 9;
        int checked = 0;
        for (Path rdb : Fixtures.dumps()) {
            if (Fixtures.rdbVersion(rdb) > maxRdb || rdb.toString().contains("cluster")) {
                continue;
            }
            Dataset ds = new Dataset();
            try (RdbReader r = RdbReader.open(rdb)) {
                SnapshotLoader.load(r, ds, EncodingRules.forVersion(binary.version().major(), binary.version().minor()));
            }
            try (RedisServer s = RedisServer.startWithRdb(binary, rdb); TestRedisClient c = s.client()) {
                dropKeysTheMasterSkippedAsExpired(ds, c);
                DigestOracle.assertSameAsServer(ds, c, false);
            } catch (AssertionError e) {
                throw new AssertionError(rdb + ": " + e.getMessage(), e);
            }
            checked++;
        }
        assertTrue(checked >= 4, "only " + checked + " fixtures were readable");
    }

    /**
     * A master loading an RDB skips keys already expired (a replica keeps them until the master's
     * DEL); so keys missing on the server are removed here, after checking each had expired.
     */
    static void dropKeysTheMasterSkippedAsExpired(Dataset ds, TestRedisClient c) {
        long now = System.currentTimeMillis();
        for (int db = 0; db < ds.databases(); db++) {
            Db d = ds.db(db);
            if (d.size() == 0) {
                continue;
            }
            c.call("SELECT", db);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) c.call("KEYS", "*");
            List<byte[]> drop = new ArrayList<>();
            for (byte[] k : d.keys()) {
                if (keys.stream().noneMatch(x -> Arrays.equals((byte[]) x, k))) {
                    assertTrue(d.isLogicallyExpired(k, now), "key " + new String(k) + " missing on the server but not expired");
                    drop.add(k);
                }
            }
            drop.forEach(d::remove);
        }
        c.call("SELECT", 0);
    }

    @RedisTest
    void snapshotOfAServerThatRanEveryWorkloadDigestsLikeIt(RedisServer redis) throws Exception {
        EncodingRules rules = EncodingRules.forVersion(redis.version().major(), redis.version().minor());
        try (TestRedisClient c = redis.client()) {
            Workloads w = new Workloads(c, 11);
            w.strings(500);
            w.lists(1000);
            w.sets(1000);
            w.zsets(1000);
            w.hashes(1000);
            w.streams(500);
            w.hyperLogLogs(300);
            w.bitmaps(300);
            w.keys(300);
            c.call("SAVE");
            Dataset ds = new Dataset();
            try (RdbReader r = RdbReader.open(redis.rdbFile())) {
                SnapshotLoader.load(r, ds, rules);
            }
            assertTrue(ds.keyCount() > 50, "only " + ds.keyCount() + " keys");
            DigestOracle.assertSameAsServer(ds, c, false);
        }
    }
}
