package io.replkit.cli.rdbfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;

/** Two SAVEs of a real server with a few changes between them: the diff lists exactly those keys. */
class RdbDiffIT {
    static final long FAR = 4102444800000L;

    @TempDir
    Path dir;

    @RedisTest
    void listsExactlyTheKeysChangedBetweenTwoSaves(RedisServer redis) throws Exception {
        Path before = dir.resolve("before.rdb");
        Path after = dir.resolve("after.rdb");
        try (TestRedisClient c = redis.client()) {
            for (int db : new int[] {0, 2}) {
                c.call("SELECT", db);
                for (int i = 0; i < 300; i++) {
                    c.call("SET", "filler:" + i, "value " + i);
                }
                c.call("SET", "str:mod", "old");
                c.call("SET", "str:del", "going");
                c.call("SET", "str:ttl", "v", "PXAT", FAR);
                c.call("SET", "str:persist", "v", "PXAT", FAR);
                c.call("RPUSH", "list:mod", "a", "b", "c");
                c.call("SADD", "set:mod", "1", "2", "3");
                c.call("ZADD", "zset:mod", "1", "a", "2", "b");
                c.call("HSET", "hash:mod", "f1", "v1", "f2", "v2");
                c.call("HSET", "hash:same", "f1", "v1");
                c.call("XADD", "stream:mod", "1-1", "f", "v");
                c.call("XGROUP", "CREATE", "stream:mod", "g", "0");
            }
            c.call("SELECT", 0);
            assertEquals("OK", c.call("SAVE"));
            Files.copy(redis.rdbFile(), before);

            c.call("SET", "str:mod", "new");
            c.call("DEL", "str:del");
            c.call("SET", "str:add", "born");
            c.call("PEXPIREAT", "str:ttl", FAR + 1000);
            c.call("PERSIST", "str:persist");
            c.call("LSET", "list:mod", "1", "B");
            c.call("SELECT", 2);
            c.call("SREM", "set:mod", "2");
            c.call("ZADD", "zset:mod", "5", "b");
            c.call("HSET", "hash:mod", "f3", "v3");
            c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "stream:mod", ">");
            assertEquals("OK", c.call("SAVE"));
            Files.copy(redis.rdbFile(), after);
        }

        assertEquals(ExitCode.OK, CliRunner.run("rdb-diff", before.toString(), before.toString()).exitCode());

        CliRunner.Result r = CliRunner.run("rdb-diff", before.toString(), after.toString(), "--format", "jsonl");
        assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
        Map<String, String> expected = new TreeMap<>(Map.of(
            "0 str:mod", "differs value", "0 str:del", "only_in_a", "0 str:add", "only_in_b",
            "0 str:ttl", "differs expire_ms", "0 str:persist", "differs expire_ms", "0 list:mod", "differs element",
            "2 set:mod", "differs member", "2 zset:mod", "differs score", "2 hash:mod", "differs field"));
        expected.put("2 stream:mod", "differs last_delivered_id");
        Map<String, String> found = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : r.stdout().lines().toList()) {
            JsonNode n = json.readTree(line);
            String what = n.has("differences") ? " " + n.get("differences").get(0).get("what").asText() : "";
            found.put(n.get("db").asInt() + " " + n.get("key").asText(), n.get("status").asText() + what);
        }
        assertEquals(expected, found, r.stdout());
        assertTrue(r.stderr().contains(": 611 equal, 1 only in A, 1 only in B, 8 differ"), r.stderr());

        // the same change seen from the other side
        CliRunner.Result back = CliRunner.run("rdb-diff", after.toString(), before.toString());
        assertEquals(ExitCode.FAILURE, back.exitCode());
        assertTrue(back.stderr().contains(": 611 equal, 1 only in A, 1 only in B, 8 differ"), back.stderr());
    }
}
