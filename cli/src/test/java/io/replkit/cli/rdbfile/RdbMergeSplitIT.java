package io.replkit.cli.rdbfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** rdb-split and rdb-merge output loaded by real servers. */
class RdbMergeSplitIT {

    @TempDir
    Path dir;

    static Set<String> keys(TestRedisClient c, int db) {
        c.call("SELECT", db);
        Set<String> out = new TreeSet<>();
        for (Object k : (List<?>) c.call("KEYS", "*")) {
            out.add(db + ":" + (k instanceof byte[] b ? new String(b) : String.valueOf(k)));
        }
        return out;
    }

    static void fill(TestRedisClient c, String prefix, String value) {
        for (int i = 0; i < 200; i++) {
            c.call("SET", prefix + "str:" + i, value + i);
        }
        c.call("SET", "{user:7}:name", value);
        c.call("SET", "{user:7}:mail", value + "@example.com");
        c.call("DEL", "shared:list", "shared:hash", "shared:zset");
        c.call("RPUSH", "shared:list", value, "x", "y");
        c.call("HSET", "shared:hash", "f", value, "g", "2");
        c.call("ZADD", "shared:zset", "1", value, "2", "b");
        c.call("XADD", "stream:" + prefix, "1-1", "f", value);
        c.call("SET", prefix + "ttl", value, "PXAT", "4102444800000");
    }

    @RedisTest
    void slotSplitFilesLoadAndTogetherHoldEveryKey(RedisServer redis) throws Exception {
        Set<String> original;
        try (TestRedisClient c = redis.client()) {
            fill(c, "a:", "v");
            original = keys(c, 0);
            c.call("SAVE");
        }
        Path parts = dir.resolve("shards");
        CliRunner.Result r = CliRunner.run("rdb-split", redis.rdbFile().toString(), "--by", "slot", "--nodes", "3", "--out", parts.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        Set<String> union = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(parts)) {
            files = s.sorted().toList();
        }
        assertEquals(3, files.size());
        for (Path f : files) {
            try (RedisServer s = RedisServer.startWithRdb(redis.binary(), f); TestRedisClient c = s.client()) {
                Set<String> here = keys(c, 0);
                for (String k : here) {
                    assertEquals(true, union.add(k), k + " is in two files");
                }
                if (here.contains("0:{user:7}:name")) {
                    assertEquals(true, here.contains("0:{user:7}:mail"), "a hash tag's keys stay together");
                }
            }
        }
        assertEquals(original, union);
    }

    @RedisTest
    void databaseSplitFilesLoadIntoTheirDatabases(RedisServer redis) throws Exception {
        Set<String> original = new TreeSet<>();
        try (TestRedisClient c = redis.client()) {
            for (int db : new int[] {0, 3, 9}) {
                c.call("SELECT", db);
                fill(c, "db" + db + ":", "v");
                original.addAll(keys(c, db));
            }
            c.call("SAVE");
        }
        Path parts = dir.resolve("dbs");
        assertEquals(ExitCode.OK, CliRunner.run("rdb-split", redis.rdbFile().toString(), "--by", "db", "--out", parts.toString()).exitCode());
        Set<String> union = new TreeSet<>();
        for (int db : new int[] {0, 3, 9}) {
            try (RedisServer s = RedisServer.startWithRdb(redis.binary(), parts.resolve("db-" + db + ".rdb")); TestRedisClient c = s.client()) {
                for (int other : new int[] {0, 3, 9}) {
                    Set<String> k = keys(c, other);
                    assertEquals(other == db, !k.isEmpty(), "db-" + db + ".rdb has keys in db " + other);
                    union.addAll(k);
                }
            }
        }
        assertEquals(original, union);
    }

    @RedisTest
    void aMergeOfTwoSavesLoadsAsIfTheSecondWereAppliedOverTheFirst(RedisServer redis) throws Exception {
        Path a = dir.resolve("a.rdb");
        Path b = dir.resolve("b.rdb");
        String expected;
        try (TestRedisClient c = redis.client()) {
            fill(c, "a:", "first");
            c.call("SAVE");
            Files.copy(redis.rdbFile(), a);
            c.call("FLUSHALL");
            fill(c, "b:", "second");
            c.call("SAVE");
            Files.copy(redis.rdbFile(), b);
            // the expected merge, made by the server itself: a's data, then b's written over it
            c.call("FLUSHALL");
            fill(c, "a:", "first");
            fill(c, "b:", "second");
            expected = c.callString("DEBUG", "DIGEST");
        }
        assertNotEquals("0".repeat(40), expected);
        Path merged = dir.resolve("merged.rdb");
        CliRunner.Result r = CliRunner.run("rdb-merge", merged.toString(), a.toString(), b.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        try (RedisServer s = RedisServer.startWithRdb(redis.binary(), merged); TestRedisClient c = s.client()) {
            assertEquals(expected, c.callString("DEBUG", "DIGEST"));
            assertEquals("second", c.callString("HGET", "shared:hash", "f"));
            assertEquals("second", c.callString("GET", "{user:7}:name"));
            assertEquals("first5", c.callString("GET", "a:str:5"));
        }
    }
}
