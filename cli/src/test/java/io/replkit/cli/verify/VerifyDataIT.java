package io.replkit.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** verify-data between real servers: equal datasets in different encodings, and each kind of difference. */
class VerifyDataIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path fixture(RedisBinary b) {
        return Path.of("..", "rdb", "src", "test", "resources", "fixtures", b.atLeast(7, 0) ? "redis-7.0.15" : "redis-6.2.16", "dump.rdb");
    }

    @RedisTest
    void aFixtureAndItsReplayIntoOtherEncodingsAreEqual(RedisBinary binary) {
        // the target keeps every hash, set, zset and list in its big encoding: the payloads differ, the values do not
        String[] big = binary.atLeast(7, 0)
            ? new String[] {"hash-max-listpack-entries 0", "zset-max-listpack-entries 0", "set-max-intset-entries 0", "list-max-listpack-size 1"}
            : new String[] {"hash-max-ziplist-entries 0", "zset-max-ziplist-entries 0", "set-max-intset-entries 0", "list-max-ziplist-size 1"};
        try (RedisServer source = RedisServer.startWithRdb(binary, fixture(binary));
             RedisServer target = RedisServer.start(binary, big);
             TestRedisClient t = target.client()) {
            CliRunner.Result replay = CliRunner.run("replay", fixture(binary).toString(), "--to", target.uri());
            assertEquals(ExitCode.OK, replay.exitCode(), replay.stderr());
            assertEquals("hashtable", t.callString("OBJECT", "ENCODING", "hash:small"));
            try (TestRedisClient s = source.client()) {
                assertTrue(!s.callString("OBJECT", "ENCODING", "hash:small").equals("hashtable"));
                CliRunner.Result r = CliRunner.run("verify-data", "--source", source.uri(), "--target", target.uri());
                assertEquals(ExitCode.OK, r.exitCode(), r.stdout() + r.stderr());
                assertEquals("", r.stdout());
                long keys = 0;
                for (String db : List.of("db0", "db1", "db5")) {
                    String line = s.info("keyspace").get(db);
                    keys += Long.parseLong(line.substring(5, line.indexOf(',')));
                }
                assertTrue(r.stderr().contains(String.format("%,d keys compared in databases [0, 1, 5]: 0 differ", keys)), r.stderr());

                CliRunner.Result sample = CliRunner.run("verify-data", "--source", source.uri(), "--target", target.uri(), "--sample", "20");
                assertEquals(ExitCode.OK, sample.exitCode(), sample.stderr());
            }
        }
    }

    @RedisTest
    void reportsMissingExtraAndDifferingKeysAsJsonLinesAndExitsWithOne(RedisBinary binary) throws Exception {
        try (RedisServer source = RedisServer.start(binary); RedisServer target = RedisServer.start(binary);
             TestRedisClient s = source.client(); TestRedisClient t = target.client()) {
            for (TestRedisClient c : List.of(s, t)) {
                c.call("SET", "same", "1");
                c.call("HSET", "hash", "a", "1", "b", "2");
                c.call("RPUSH", "list", "x", "y", "z");
                c.call("SET", "ttl", "v");
                c.call("SELECT", "2");
                c.call("ZADD", "z", "1", "m");
                c.call("SELECT", "0");
            }
            s.call("SET", "only-source", "1");
            t.call("SET", "only-target", "1");
            t.call("HSET", "hash", "b", "3");
            t.call("LSET", "list", "1", "Y");
            s.call("PEXPIRE", "ttl", "100000");
            t.call("SELECT", "2");
            t.call("ZADD", "z", "2", "m");

            CliRunner.Result r = CliRunner.run("verify-data", "--source", source.uri(), "--target", target.uri(), "--format", "jsonl");
            assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
            Map<String, JsonNode> byKey = new HashMap<>();
            for (String line : r.stdout().split("\n")) {
                JsonNode n = JSON.readTree(line);
                byKey.put(n.get("db").asInt() + "/" + n.get("key").asText(), n);
            }
            assertEquals(6, byKey.size(), r.stdout());
            assertEquals("missing", byKey.get("0/only-source").get("status").asText());
            assertEquals("extra", byKey.get("0/only-target").get("status").asText());
            assertEquals(List.of("value field b: 2 vs 3"), details(byKey.get("0/hash")));
            assertEquals(List.of("element index 1: y vs Y"), details(byKey.get("0/list")));
            assertEquals(List.of("ttl_ms"), whats(byKey.get("0/ttl")));
            assertEquals(List.of("score member m: 1 vs 2"), details(byKey.get("2/z")));
            assertTrue(r.stderr().contains("4 differ, 1 missing in target, 1 extra in target"), r.stderr());

            CliRunner.Result text = CliRunner.run("verify-data", "--source", source.uri(), "--target", target.uri(), "--db", "0",
                "--match", "h*");
            assertEquals(ExitCode.FAILURE, text.exitCode());
            assertEquals("differs  db 0  \"hash\"\n    value of field \"b\": \"2\" vs \"3\"\n", text.stdout());
        }
    }

    private static List<String> whats(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.get("differences").forEach(d -> out.add(d.get("what").asText()));
        return out;
    }

    /** "what where at: a vs b" of each difference. */
    private static List<String> details(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.get("differences").forEach(d -> {
            String where = "";
            for (String w : List.of("field", "index", "member")) {
                if (d.has(w)) {
                    where = " " + w + " " + d.get(w).asText();
                }
            }
            out.add(d.get("what").asText() + where + ": " + d.get("a").asText() + " vs " + d.get("b").asText());
        });
        return out;
    }
}
