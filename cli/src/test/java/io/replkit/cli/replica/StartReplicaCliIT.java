package io.replkit.cli.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code replkit start-replica} as a user runs it (the shaded jar in its own JVM), checked with the
 * real {@code redis-cli}: GET, --scan, INFO replication, and a DEBUG DIGEST equal to the master's.
 */
class StartReplicaCliIT {
    private static final Path REDIS_CLI = Paths.get("/usr/bin/redis-cli");

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void redisCliWorksAgainstTheReplica(RedisServer master) throws Exception {
        assumeJarAndRedisCli();
        try (TestRedisClient c = master.client()) {
            for (int i = 0; i < 200; i++) {
                c.call("SET", "k" + i, "v" + i);
            }
            c.call("RPUSH", "list", "a", "b");
        }
        int port = RedisServer.freePort();
        Path log = Files.createTempFile("start-replica", ".log");
        Process p = startReplica(log, Map.of(), "--master", master.uri(), "--port", Integer.toString(port));
        try {
            waitFor(() -> cli(port, "info", "replication").contains("master_link_status:up"), log);
            try (TestRedisClient c = master.client()) {
                c.call("SET", "late", "after the sync");
            }
            waitFor(() -> cli(port, "get", "late").equals("after the sync\n"), log);
            assertEquals("v7\n", cli(port, "get", "k7"));
            String scan = cli(port, "--scan");
            assertEquals(202, scan.lines().count(), scan);
            String info = cli(port, "info", "replication");
            assertTrue(info.contains("role:slave") && info.contains("master_port:" + master.port()), info);
            String digest;
            try (TestRedisClient c = master.client()) {
                digest = c.callString("DEBUG", "DIGEST");
            }
            assertEquals(digest + "\n", cli(port, "debug", "digest"));
            assertTrue(cli(port, "set", "x", "y").startsWith("READONLY"), "writes are refused");
        } finally {
            stop(p);
            Files.deleteIfExists(log);
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void authenticatesToTheMasterWithUserFlagAndPasswordFromTheEnvironment(RedisServer master) throws Exception {
        assumeJarAndRedisCli();
        try (TestRedisClient c = master.client()) {
            c.call("ACL", "SETUSER", "replicator", "on", ">s3cret", "+@all", "~*");
            c.call("SET", "k", "v");
        }
        int port = RedisServer.freePort();
        Path log = Files.createTempFile("start-replica", ".log");
        Process p = startReplica(log, Map.of("REDISCLI_AUTH", "s3cret"),
                "--master", "redis://" + master.host() + ":" + master.port(), "--user", "replicator",
                "--port", Integer.toString(port));
        try {
            waitFor(() -> cli(port, "info", "replication").contains("master_link_status:up"), log);
            assertEquals("v\n", cli(port, "get", "k"));
            try (TestRedisClient c = master.client()) {
                String clients = c.callString("CLIENT", "LIST", "TYPE", "replica");
                assertTrue(clients.contains("user=replicator"), clients);
            }
        } finally {
            stop(p);
            Files.deleteIfExists(log);
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void servesSubscribersBehindThePasswordsGivenOnTheCommandLine(RedisServer master) throws Exception {
        assumeJarAndRedisCli();
        int port = RedisServer.freePort();
        Path log = Files.createTempFile("start-replica", ".log");
        Process p = startReplica(log, Map.of(ServingOptions.REQUIREPASS_ENV, "pw"),
                "--master", master.uri(), "--port", Integer.toString(port), "--acl-user", "app:apw",
                "--maxclients", "50", "--timeout", "300", "--client-output-buffer-limit-pubsub", "64mb 16mb 60");
        try {
            waitFor(() -> cli(port, "-a", "pw", "--no-auth-warning", "info", "replication")
                    .contains("master_link_status:up"), log);
            assertTrue(cli(port, "ping").startsWith("NOAUTH"), "no password, no service");
            assertEquals("PONG\n", cli(port, "--user", "app", "--pass", "apw", "--no-auth-warning", "ping"));
            assertEquals("maxclients\n50\n", cli(port, "-a", "pw", "--no-auth-warning", "config", "get", "maxclients"));
            try (TestRedisClient sub = new TestRedisClient("127.0.0.1", port); TestRedisClient m = master.client()) {
                sub.call("AUTH", "app", "apw");
                sub.send("SUBSCRIBE", "news");
                sub.readReply();
                m.call("PUBLISH", "news", "from the master");
                List<?> message = (List<?>) sub.readReply();
                assertEquals("message news from the master", message.stream()
                        .map(o -> new String((byte[]) o, StandardCharsets.UTF_8)).reduce((a, b) -> a + " " + b).get());
            }
        } finally {
            stop(p);
            Files.deleteIfExists(log);
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aRealRedisReplicatesFromTheReplicaBehindItsPasswordAndEndsEqual(RedisServer master) throws Exception {
        assumeJarAndRedisCli();
        try (TestRedisClient c = master.client()) {
            for (int i = 0; i < 500; i++) {
                c.call("SET", "k" + i, "v" + i);
                c.call("SADD", "set", "m" + i);
            }
        }
        int port = RedisServer.freePort();
        Path dir = Files.createTempDirectory("start-replica");
        Path log = dir.resolve("replica.log");
        Process p = startReplica(log, Map.of(ServingOptions.REQUIREPASS_ENV, "pw"),
                "--master", master.uri(), "--port", Integer.toString(port), "--backlog-size", "4mb",
                "--save", dir.resolve("dump.rdb").toString());
        try {
            waitFor(() -> cli(port, "-a", "pw", "--no-auth-warning", "info", "replication")
                    .contains("master_link_status:up"), log);
            try (RedisServer chained = RedisServer.start(master.binary(), "masterauth pw",
                    "replicaof 127.0.0.1 " + port);
                 TestRedisClient m = master.client(); TestRedisClient down = chained.client()) {
                for (int i = 0; i < 500; i++) {
                    m.call("INCR", "counter");
                    m.call("LPUSH", "list", "e" + i);
                }
                String masterDigest = m.callString("DEBUG", "DIGEST");
                waitFor(() -> down.callString("DEBUG", "DIGEST").equals(masterDigest)
                        && cli(port, "-a", "pw", "--no-auth-warning", "debug", "digest").equals(masterDigest + "\n"), log);
                String info = cli(port, "-a", "pw", "--no-auth-warning", "info", "replication");
                assertTrue(info.contains("connected_slaves:1") && info.contains("port=" + chained.port()), info);
                assertTrue(info.contains("master_replid:" + m.callString("INFO", "replication")
                        .lines().filter(l -> l.startsWith("master_replid:")).findFirst().orElseThrow()
                        .substring("master_replid:".length())), "the master's replication id is passed on: " + info);
                assertTrue(cli(port, "-a", "pw", "--no-auth-warning", "bgsave").startsWith("Background saving started"));
                waitFor(() -> Files.exists(dir.resolve("dump.rdb")), log);
            }
        } finally {
            stop(p);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static final Path JAR = Paths.get("target", "replkit.jar");

    private static void assumeJarAndRedisCli() {
        Assumptions.assumeTrue(Files.exists(JAR), "the shaded jar is built by mvn package");
        Assumptions.assumeTrue(Files.isExecutable(REDIS_CLI), "redis-cli is not installed");
    }

    /** {@code java -jar replkit.jar start-replica ARGS} in its own JVM, output to {@code log}. */
    private static Process startReplica(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString(), "start-replica"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String javaBin() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String cli(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of(REDIS_CLI.toString(), "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private interface Check {
        boolean ok();
    }

    private static void waitFor(Check check, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out; replica log:\n" + Files.readString(log));
    }
}
