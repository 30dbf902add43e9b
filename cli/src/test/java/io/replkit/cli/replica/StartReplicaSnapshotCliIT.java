package io.replkit.cli.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Snapshots of {@code replkit start-replica} run as a user runs it (the shaded jar in its own
 * JVM): the final snapshot on SIGTERM, and a replica killed hard and restarted with --load that
 * continues with a partial resync and ends equal to the master.
 */
class StartReplicaSnapshotCliIT {
    private static final Path JAR = Paths.get("target", "replkit.jar");

    private static Process startReplica(RedisServer master, int port, Path log, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", JAR.toString(), "start-replica", "--master", master.uri(), "--port", Integer.toString(port)));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the replica on {@code port} has applied everything the master has sent. */
    private static void awaitInStep(TestRedisClient master, int port, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            String target = master.info("replication").get("master_repl_offset");
            try (TestRedisClient r = new TestRedisClient("127.0.0.1", port)) {
                if (target.equals(r.info("replication").get("slave_repl_offset"))) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("replica never caught up; log:\n" + Files.readString(log));
    }

    /** Writes to db 0, then leaves the connection (and the master's stream) in db 2. */
    private static void write(TestRedisClient c, String prefix, int n) {
        c.call("SELECT", 0);
        for (int i = 0; i < n; i++) {
            c.call("SET", prefix + i, "v" + i);
            c.call("RPUSH", "list", prefix + i);
            c.call("HSET", "hash", prefix + (i % 50), Integer.toString(i));
            c.call("INCR", "counter");
        }
        c.call("SELECT", 2);
        c.call("SADD", "set-in-db2", prefix);
    }

    private static long auxOffset(Path rdb) throws Exception {
        try (RdbReader r = RdbReader.open(rdb)) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof AuxField a && a.name().equals("repl-offset")) {
                    return Long.parseLong(a.valueAsString());
                }
            }
        }
        return -1;
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void sigtermWritesAFinalSnapshotOfEverythingApplied(RedisServer master) throws Exception {
        Assumptions.assumeTrue(Files.exists(JAR), "the shaded jar is built by mvn package");
        Path dir = Files.createTempDirectory("replica-sigterm");
        Path rdb = dir.resolve("final.rdb");
        Path log = dir.resolve("replica.log");
        int port = RedisServer.freePort();
        Process p = startReplica(master, port, log, "--save", rdb.toString());
        try (TestRedisClient c = master.client()) {
            awaitInStep(c, port, log);
            write(c, "a", 300);
            awaitInStep(c, port, log);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the replica exits");
            String out = Files.readString(log);
            assertTrue(Files.exists(rdb), out);
            assertTrue(out.contains("saved "), out);
            Process check = new ProcessBuilder(master.binary().checkRdb().toString(), rdb.toString())
                .redirectErrorStream(true).start();
            String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), checked);
            assertEquals(Long.parseLong(c.info("replication").get("master_repl_offset")), auxOffset(rdb));
            try (RedisServer loaded = RedisServer.startWithRdb(master.binary(), rdb); TestRedisClient l = loaded.client()) {
                assertEquals(c.callString("DEBUG", "DIGEST"), l.callString("DEBUG", "DIGEST"));
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync-delay 0")
    void aReplicaKilledAndRestartedWithLoadContinuesWithPartialResync(RedisServer master) throws Exception {
        Assumptions.assumeTrue(Files.exists(JAR), "the shaded jar is built by mvn package");
        Path dir = Files.createTempDirectory("replica-load");
        Path rdb = dir.resolve("dump.rdb");
        Path log1 = dir.resolve("first.log");
        Path log2 = dir.resolve("second.log");
        int port = RedisServer.freePort();
        Process first = startReplica(master, port, log1, "--save", rdb.toString());
        Process second = null;
        try (TestRedisClient c = master.client()) {
            awaitInStep(c, port, log1);
            write(c, "a", 200);
            awaitInStep(c, port, log1);
            try (TestRedisClient r = new TestRedisClient("127.0.0.1", port)) {
                assertEquals("OK", r.callString("SAVE"));
            }
            // the stream is in db 2 and the master sends no SELECT before this: the snapshot's
            // repl-stream-db must put the restarted replica there
            c.call("SADD", "set-in-db2", "after-save");
            write(c, "b", 200); // after the snapshot: comes back through the backlog
            awaitInStep(c, port, log1);
            first.destroyForcibly(); // SIGKILL: no final snapshot
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            write(c, "c", 200); // while it is down
            long partialBefore = Long.parseLong(c.info("stats").get("sync_partial_ok"));
            long fullBefore = Long.parseLong(c.info("stats").get("sync_full"));

            second = startReplica(master, port, log2, "--load", rdb.toString(), "--save", rdb.toString());
            awaitInStep(c, port, log2);
            write(c, "d", 50);
            awaitInStep(c, port, log2);
            String out = Files.readString(log2);
            assertTrue(out.contains("partial resync: continuing"), out);
            assertEquals(partialBefore + 1, Long.parseLong(c.info("stats").get("sync_partial_ok")), out);
            assertEquals(fullBefore, Long.parseLong(c.info("stats").get("sync_full")), out);
            try (TestRedisClient r = new TestRedisClient("127.0.0.1", port)) {
                assertEquals(c.callString("DEBUG", "DIGEST"), r.callString("DEBUG", "DIGEST"));
            }
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @RedisTest
    void loadOfACorruptFileFailsWithOneClearError(RedisServer master) throws Exception {
        Path bad = Files.createTempFile("corrupt", ".rdb");
        Files.write(bad, "REDIS0010\u00fa\u0009redis-ver\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1));
        CliRunner.Result r = CliRunner.run("start-replica", "--master", master.uri(), "--port", "0",
            "--load", bad.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("cannot load " + bad), r.stderr());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("cannot load")).count(), r.stderr());
    }
}
