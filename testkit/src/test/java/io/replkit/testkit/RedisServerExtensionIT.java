package io.replkit.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

@RedisConfig("maxmemory 64mb")
class RedisServerExtensionIT {

    /** pid -> dir of every injected server, to check in @AfterAll that the extension cleaned up. */
    private static final Map<Long, Path> INJECTED = new ConcurrentHashMap<>();

    private RedisServer fromBeforeEach;

    @BeforeEach
    void remember(RedisServer redis) {
        fromBeforeEach = redis;
        INJECTED.put(redis.pid(), redis.dir());
    }

    @AfterAll
    static void injectedServersAreStoppedAndDeleted() {
        assertFalse(INJECTED.isEmpty());
        INJECTED.forEach((pid, dir) -> {
            assertFalse(isAlive(pid), "pid " + pid + " still running");
            assertFalse(Files.exists(dir), dir + " still exists");
        });
    }

    @RedisTest
    void reportsTheVersionTheBinaryClaims(RedisServer redis, RedisBinary binary) {
        assertSame(fromBeforeEach, redis, "one server per invocation");
        assertSame(binary, redis.binary());
        assertEquals(binary.version(), redis.version());
        assertEquals("127.0.0.1", redis.host());
        assertEquals("redis://127.0.0.1:" + redis.port(), redis.uri());
        assertTrue(isAlive(redis.pid()));
        try (TestRedisClient c = redis.client()) {
            Map<String, String> info = c.info("server");
            assertEquals(binary.version().toString(), info.get("redis_version"));
            assertEquals(Long.toString(redis.pid()), info.get("process_id"));
            assertEquals(Integer.toString(redis.port()), info.get("tcp_port"));
        }
        assertTrue(redis.log().contains("Ready to accept connections"), redis.log());
    }

    @RedisTest
    void roundTripsBinaryBytes(RedisServer redis) {
        byte[] value = new byte[256 * 3];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        byte[] key = {'k', 0, '\r', '\n', (byte) 0xff, '$', '*'};
        try (TestRedisClient c = redis.client()) {
            assertEquals("OK", c.call("SET", key, value));
            assertArrayEquals(value, (byte[]) c.call("GET", key));
            assertEquals((long) value.length, c.call("STRLEN", key));
            assertEquals("OK", c.call("SET", "empty", new byte[0]));
            assertArrayEquals(new byte[0], (byte[]) c.call("GET", "empty"));
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            c.call("SET", "big", big);
            assertArrayEquals(big, (byte[]) c.call("GET", "big"));
        }
    }

    @RedisTest
    @RedisConfig({"maxmemory-policy allkeys-lfu", "hz 25"})
    void appliesRedisConfigOfClassAndMethod(RedisServer redis) {
        try (TestRedisClient c = redis.client()) {
            assertEquals(List.of("maxmemory-policy", "allkeys-lfu"), strings(c.call("CONFIG", "GET", "maxmemory-policy")));
            assertEquals(List.of("hz", "25"), strings(c.call("CONFIG", "GET", "hz")));
            assertEquals(List.of("maxmemory", Long.toString(64L << 20)), strings(c.call("CONFIG", "GET", "maxmemory")));
            // the defaults
            assertEquals(List.of("save", ""), strings(c.call("CONFIG", "GET", "save")));
            assertEquals(List.of("appendonly", "no"), strings(c.call("CONFIG", "GET", "appendonly")));
            assertEquals(List.of("dir", redis.dir().toString()), strings(c.call("CONFIG", "GET", "dir")));
        }
    }

    @RedisTest
    void clientMapsEveryReplyType(RedisServer redis) {
        try (TestRedisClient c = redis.client()) {
            assertEquals("PONG", c.call("PING"));
            assertEquals(1L, c.call("INCR", "n"));
            assertEquals(42L, c.callLong("INCRBY", "n", 41));
            assertEquals("42", c.callString("GET", "n"));
            assertNull(c.call("GET", "missing"));
            assertNull(c.callString("GET", "missing"));
            c.call("RPUSH", "list", "a", "b", "c");
            assertEquals(List.of("a", "b", "c"), strings(c.call("LRANGE", "list", 0, -1)));
            assertEquals(List.of(), c.call("LRANGE", "nolist", 0, -1));
            RedisErrorReply err = assertThrows(RedisErrorReply.class, () -> c.call("INCR", "list"));
            assertEquals("WRONGTYPE", err.code());
            assertTrue(err.getMessage().startsWith("WRONGTYPE "), err.getMessage());
            // the connection stays usable after an error; errors inside arrays are elements
            assertEquals("OK", c.call("MULTI"));
            assertEquals("QUEUED", c.call("INCR", "list"));
            assertEquals("QUEUED", c.call("INCR", "n"));
            List<?> exec = (List<?>) c.call("EXEC");
            assertInstanceOf(RedisErrorReply.class, exec.get(0));
            assertEquals(43L, exec.get(1));
            // nested arrays
            c.call("XADD", "s", "1-1", "f", "v");
            List<?> entries = (List<?>) c.call("XRANGE", "s", "-", "+");
            List<?> entry = (List<?>) entries.get(0);
            assertEquals("1-1", new String((byte[]) entry.get(0), StandardCharsets.UTF_8));
            assertEquals(List.of("f", "v"), strings(entry.get(1)));
            // pipelining
            c.send("SET", "p", "1");
            c.send("GET", "p");
            assertEquals("OK", c.readReply());
            assertEquals("1", new String((byte[]) c.readReply(), StandardCharsets.UTF_8));
            assertTrue(c.info().containsKey("redis_version"));
        }
    }

    @RedisTest
    @MinRedisVersion("7.0")
    void minVersionRunsOnlyOnNewEnoughServers(RedisServer redis, RedisBinary binary) {
        assertTrue(binary.atLeast(7, 0), binary.toString());
        try (TestRedisClient c = redis.client()) {
            assertEquals("OK", c.call("DEBUG", "SLEEP", "0")); // enable-debug-command yes
        }
    }

    @RedisTest
    @MinRedisVersion("99.0")
    void minVersionSkipsOlderServers(RedisServer redis) {
        fail("should have been skipped on " + redis.version());
    }

    @RedisTest
    void closeStopsTheProcessAndDeletesTheDir(RedisBinary binary) throws Exception {
        RedisServer server = RedisServer.start(binary, "databases 4");
        long pid = server.pid();
        Path dir = server.dir();
        assertTrue(isAlive(pid));
        try (TestRedisClient c = server.client()) {
            assertEquals(List.of("databases", "4"), strings(c.call("CONFIG", "GET", "databases")));
        }
        server.close();
        assertFalse(isAlive(pid), "pid " + pid + " still running after close");
        assertFalse(server.isRunning());
        assertFalse(Files.exists(dir));
        server.close(); // idempotent
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0") // else 7.0+ waits 5 s before a diskless full sync
    void secondServerReplicatesFromTheFirst(RedisServer primary, RedisBinary binary) throws Exception {
        try (TestRedisClient p = primary.client()) {
            p.call("SET", "before", "1");
            try (RedisServer replica = RedisServer.start(binary, "replicaof 127.0.0.1 " + primary.port());
                 TestRedisClient r = replica.client()) {
                p.call("SET", "after", "2");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!"2".equals(r.callString("GET", "after"))) {
                    assertTrue(System.nanoTime() < deadline, "replica never got the key: " + r.info("replication"));
                    Thread.sleep(20);
                }
                assertEquals("1", r.callString("GET", "before"));
                assertEquals("up", r.info("replication").get("master_link_status"));
            }
        }
    }

    @RedisTest
    void savedRdbLoadsIntoANewServerAndPassesCheckRdb(RedisServer redis, RedisBinary binary) throws Exception {
        try (TestRedisClient c = redis.client()) {
            c.call("SET", "k", "v");
            c.call("HSET", "h", "f", "1");
            assertEquals("OK", c.call("SAVE"));
        }
        Path rdb = redis.rdbFile();
        assertTrue(Files.size(rdb) > 0);

        Process check = new ProcessBuilder(binary.checkRdb().toString(), rdb.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
        assertTrue(out.contains("RDB looks OK"), out);

        try (RedisServer loaded = RedisServer.startWithRdb(binary, rdb);
             TestRedisClient c = loaded.client()) {
            assertEquals("v", c.callString("GET", "k"));
            assertEquals("1", c.callString("HGET", "h", "f"));
            assertEquals(2L, c.call("DBSIZE"));
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<String> strings(Object reply) {
        return ((List<?>) reply).stream()
                .map(o -> o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o))
                .toList();
    }
}
