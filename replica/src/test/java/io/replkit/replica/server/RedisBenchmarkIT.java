package io.replkit.replica.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis-benchmark -t get,lrange_100,hset -P 16} against the replica goes exactly as against
 * a real Redis replica of the same master: GET runs clean, the first write (LRANGE's LPUSH fill,
 * HSET) gets the same -READONLY and stops it the same way, and nothing else errs; LRANGE itself
 * runs clean over a list the master filled. Skipped when redis-benchmark is not on PATH.
 */
@RedisConfig("repl-diskless-sync-delay 0")
class RedisBenchmarkIT {

    private record Run(int exit, List<String> lines) {
        List<String> errors() {
            return lines.stream().filter(l -> l.contains("Error") || l.contains("ERR")).toList();
        }

        boolean reported(String test) {
            return lines.stream().anyMatch(l -> l.startsWith(test + ": ") && l.contains("requests per second"));
        }
    }

    @RedisTest
    void redisBenchmarkRunsAgainstTheReplicaAsAgainstARedisReplica(RedisServer master) throws Exception {
        Path bench = onPath("redis-benchmark");
        assumeTrue(bench != null, "redis-benchmark is not on PATH: skipped");
        try (TestRedisClient m = master.client();
             LiveReplica replkit = new LiveReplica(master, ServerOptions.of("127.0.0.1", 0));
             RedisServer redis = LiveReplica.redisReplica(master)) {
            List<Object> push = new ArrayList<>(List.of("RPUSH", "mylist"));
            for (int i = 0; i < 600; i++) {
                push.add("element-" + i);
            }
            m.call(push.toArray());
            replkit.catchUp(m);
            LiveReplica.catchUp(redis, m);
            for (int port : new int[] {redis.port(), replkit.port()}) {
                String target = port == redis.port() ? "redis replica" : "replkit replica";
                Run get = run(bench, port, "-t", "get", "-P", "16", "-n", "100000", "-q");
                assertEquals(0, get.exit(), target + ": " + get.lines());
                assertEquals(List.of(), get.errors(), target);
                assertTrue(get.reported("GET"), target + ": " + get.lines());
                Run lrange = run(bench, port, "-P", "16", "-n", "20000", "-q", "LRANGE", "mylist", "0", "99");
                assertEquals(0, lrange.exit(), target + ": " + lrange.lines());
                assertEquals(List.of(), lrange.errors(), target);
                assertTrue(lrange.reported("LRANGE mylist 0 99"), target + ": " + lrange.lines());
            }
            Run theirs = run(bench, redis.port(), "-t", "get,lrange_100,hset", "-P", "16", "-n", "100000", "-q");
            Run ours = run(bench, replkit.port(), "-t", "get,lrange_100,hset", "-P", "16", "-n", "100000", "-q");
            assertEquals(theirs.exit(), ours.exit(), ours.lines().toString());
            assertEquals(theirs.errors(), ours.errors());
            assertEquals(List.of("Error from server: READONLY You can't write against a read only replica."), ours.errors());
            assertTrue(ours.reported("GET"), ours.lines().toString());
            Run hset = run(bench, replkit.port(), "-t", "hset", "-P", "16", "-n", "1000", "-q");
            assertEquals(run(bench, redis.port(), "-t", "hset", "-P", "16", "-n", "1000", "-q").errors(), hset.errors());
        }
    }

    private static Run run(Path bench, int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bench.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "redis-benchmark did not finish");
        List<String> lines = new ArrayList<>();
        for (String l : new String(out, StandardCharsets.UTF_8).split("[\r\n]+")) {
            String t = l.strip();
            int error = t.indexOf("Error from server");
            if (error > 0) {
                t = t.substring(error); // printed right after a progress line, without a line break
            }
            if (!t.isEmpty() && !t.contains("rps=")) { // progress lines
                lines.add(t);
            }
        }
        return new Run(p.exitValue(), lines);
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
