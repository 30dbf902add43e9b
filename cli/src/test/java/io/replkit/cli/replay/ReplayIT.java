package io.replkit.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.CommandRun;
import io.replkit.cli.ExitCode;
import io.replkit.cli.repl.ReplTailCommand;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay against real servers: every fixture a server can load, replayed into an empty one, gives
 * the digest of loading it; recordings, refusals, fallbacks; and a live replay stopped and
 * restarted with its checkpoint under a write load ends with the master's dataset.
 */
class ReplayIT {
    static final Path FIXTURES = Path.of("..", "rdb", "src", "test", "resources", "fixtures");
    static final String EMPTY_DIGEST = "0".repeat(40);

    @TempDir
    Path dir;

    /** The fixtures a server of this version can load (their RDB version is not newer than its own). */
    static List<Path> loadableFixtures(RedisBinary binary) throws IOException {
        int max = binary.atLeast(7, 0) ? 10 : 9;
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(FIXTURES)) {
            for (Path d : ds) {
                Path dump = d.resolve("dump.rdb");
                if (Files.isRegularFile(dump) && rdbVersion(dump) <= max) {
                    out.add(dump);
                }
            }
        }
        out.sort(null);
        return out;
    }

    static int rdbVersion(Path dump) throws IOException {
        byte[] head = new byte[9];
        try (var in = Files.newInputStream(dump)) {
            in.readNBytes(head, 0, 9);
        }
        return Integer.parseInt(new String(head, 5, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    static String digest(RedisServer s) {
        try (TestRedisClient c = s.client()) {
            return c.callString("DEBUG", "DIGEST");
        }
    }

    static void empty(TestRedisClient c, RedisBinary b) {
        c.call("FLUSHALL");
        if (b.atLeast(7, 0)) {
            c.call("FUNCTION", "FLUSH");
        }
    }

    @RedisTest
    void replayingEachLoadableFixtureGivesTheDigestOfLoadingItInBothModes(RedisBinary binary) throws Exception {
        List<Path> fixtures = loadableFixtures(binary);
        assertTrue(fixtures.size() >= 9, "fixtures: " + fixtures);
        try (RedisServer target = RedisServer.start(binary); TestRedisClient c = target.client()) {
            for (Path dump : fixtures) {
                String name = dump.getParent().getFileName().toString();
                String expected;
                try (RedisServer loaded = RedisServer.startWithRdb(binary, dump)) {
                    expected = digest(loaded);
                }
                assertNotEquals(EMPTY_DIGEST, expected, name);
                for (String mode : List.of("restore", "commands")) {
                    empty(c, binary);
                    CliRunner.Result r = CliRunner.run("replay", dump.toString(), "--to", target.uri(), "--mode", mode);
                    assertEquals(ExitCode.OK, r.exitCode(), name + " " + mode + ": " + r.stderr());
                    assertEquals(expected, c.callString("DEBUG", "DIGEST"), name + " replayed with --mode " + mode);
                }
            }
        }
    }

    @RedisTest
    void valuesOverMaxRestoreBytesGoAsCommandBatchesWithTheSameDigest(RedisBinary binary) throws Exception {
        Path dump = loadableFixtures(binary).stream().filter(p -> p.toString().contains(binary.atLeast(7, 0) ? "redis-7.0.15/" : "redis-6.2.16/"))
            .findFirst().orElseThrow();
        String expected;
        try (RedisServer loaded = RedisServer.startWithRdb(binary, dump)) {
            expected = digest(loaded);
        }
        try (RedisServer target = RedisServer.start(binary)) {
            CliRunner.Result r = CliRunner.run("replay", dump.toString(), "--to", target.uri(), "--max-restore-bytes", "200",
                "--batch", "7", "--pipeline", "3");
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            Matcher m = Pattern.compile("replayed (\\d+) keys \\((\\d+) as commands").matcher(r.stderr());
            assertTrue(m.find(), r.stderr());
            long asCommands = Long.parseLong(m.group(2));
            assertTrue(asCommands > 10 && asCommands < Long.parseLong(m.group(1)), r.stderr());
            assertEquals(expected, digest(target));
        }
    }

    @RedisTest
    void theSummaryCountsEveryRequestTheTargetExecuted(RedisServer target) throws Exception {
        Path dump = loadableFixtures(target.binary()).get(0);
        try (TestRedisClient c = target.client()) {
            c.call("CONFIG", "RESETSTAT");
            CliRunner.Result r = CliRunner.run("replay", dump.toString(), "--to", target.uri());
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            Matcher m = Pattern.compile("; ([0-9,]+) requests, 0 refused").matcher(r.stderr());
            assertTrue(m.find(), r.stderr());
            // the target's own count, less the connection's PING, the probe (INFO, CONFIG GET) and this client's CONFIG RESETSTAT
            long executed = 0;
            Matcher stat = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(c.callString("INFO", "commandstats"));
            while (stat.find()) {
                if (!stat.group(1).equals("info") && !stat.group(1).equals("ping") && !stat.group(1).startsWith("config")) {
                    executed += Long.parseLong(stat.group(2));
                }
            }
            assertTrue(executed > 1, "nothing replayed");
            assertEquals(executed, Long.parseLong(m.group(1).replace(",", "")), r.stderr());
        }
    }

    @RedisTest
    void aTargetThatRefusesRestoreGetsOrdinaryCommands(RedisBinary binary) throws Exception {
        Path dump = loadableFixtures(binary).get(0);
        String expected;
        try (RedisServer loaded = RedisServer.startWithRdb(binary, dump)) {
            expected = digest(loaded);
        }
        try (RedisServer target = RedisServer.start(binary); TestRedisClient c = target.client()) {
            c.call("ACL", "SETUSER", "loader", "on", ">pw", "~*", "+@all", "-restore");
            CliRunner.Result r = CliRunner.run("replay", dump.toString(), "--to", "redis://loader:pw@" + target.hostAndPort());
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            assertTrue(r.stderr().contains("does not take RESTORE (NOPERM"), r.stderr());
            assertEquals(expected, c.callString("DEBUG", "DIGEST"));
        }
    }

    @RedisTest
    @RedisConfig({"maxmemory 1", "maxmemory-policy noeviction"})
    void aRefusedCommandStopsTheReplayNamingTheKeyOrIsLoggedWhenAsked(RedisServer target) throws Exception {
        Path dump = loadableFixtures(target.binary()).get(0);
        CliRunner.Result stop = CliRunner.run("replay", dump.toString(), "--to", target.uri());
        assertEquals(ExitCode.FAILURE, stop.exitCode());
        assertTrue(stop.stderr().matches("(?s)replkit: " + Pattern.quote(target.hostAndPort())
            + " refused RESTORE of key \"[^\"]+\" \\(db \\d+\\): OOM .*"), stop.stderr());

        CliRunner.Result log = CliRunner.run("replay", dump.toString(), "--to", target.uri(), "--on-error", "log");
        assertEquals(ExitCode.OK, log.exitCode(), log.stderr());
        long logged = log.stderr().lines().filter(l -> l.contains(" refused ") && l.contains("OOM")).count();
        assertTrue(logged > 10, log.stderr());
        assertTrue(log.stderr().contains(", " + logged + " refused"), log.stderr());
    }

    @RedisTest
    @RedisConfig({"repl-diskless-sync-delay 0"})
    void aRecordedStreamReplayedAfterItsSnapshotGivesTheMastersDataset(RedisServer master) throws Exception {
        Path snapshot = dir.resolve("snap.rdb");
        Path recording = dir.resolve("stream.resp");
        try (TestRedisClient c = master.client()) {
            c.call("SET", "before", "1");
            c.call("RPUSH", "list", "a", "b");
            CommandRun tail = new CommandRun("repl-tail", "--master", master.uri(), "--format", "resp", "--snapshot", snapshot.toString());
            try {
                tail.await("the snapshot", () -> tail.stderr().contains("snapshot verified"));
                writeMixedLoad(c, 0, 300);
                long offset = Long.parseLong(c.info("replication").get("master_repl_offset"));
                tail.await("offset " + offset, () -> tailReached(c, offset));
            } finally {
                ((ReplTailCommand) tail.command()).stop();
            }
            assertEquals(ExitCode.OK, tail.waitFor(), tail.stderr());
            Files.write(recording, tail.stdoutBytes());
            try (RedisServer target = RedisServer.start(master.binary())) {
                CliRunner.Result r = CliRunner.run("replay", recording.toString(), "--snapshot", snapshot.toString(), "--to", target.uri());
                assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
                assertEquals(c.callString("DEBUG", "DIGEST"), digest(target));
            }
        }
    }

    /** Whether the master lists a replica that acknowledged {@code offset}. */
    private static boolean tailReached(TestRedisClient c, long offset) {
        String slave = c.info("replication").get("slave0");
        return slave != null && slave.contains("offset=" + offset + ",");
    }

    @RedisTest
    @RedisConfig({"repl-diskless-sync-delay 0", "repl-backlog-size 64mb"})
    void aLiveReplayStoppedAndRestartedWithItsCheckpointUnderLoadEndsWithTheMastersDataset(RedisServer master) throws Exception {
        Path checkpoint = dir.resolve("replay.ckpt");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        try (RedisServer target = RedisServer.start(master.binary()); TestRedisClient m = master.client()) {
            for (int i = 0; i < 200; i++) {
                m.call("SET", "seed:" + i, "v" + i);
            }
            Thread load = new Thread(() -> {
                try (TestRedisClient w = master.client()) {
                    for (int round = 0; writing.get(); round++) {
                        writeMixedLoad(w, round, 50);
                        written.addAndGet(50);
                    }
                }
            }, "write-load");
            load.start();
            try {
                String[] args = {"replay", "--master", master.uri(), "--to", target.uri(), "--checkpoint", checkpoint.toString()};
                CommandRun first = new CommandRun(args);
                first.await("the snapshot", () -> first.stderr().contains("snapshot written"));
                first.await("more writes", () -> written.get() > 2000);
                first.await("a checkpoint", () -> Files.exists(checkpoint));
                ((ReplayCommand) first.command()).stop();
                assertEquals(ExitCode.OK, first.waitFor(), first.stderr());

                long mid = written.get();
                Thread.sleep(300); // the load goes on while no replay runs
                assertTrue(written.get() > mid, "the load kept writing");
                CommandRun second = new CommandRun(args);
                try {
                    second.await("the continuation", () -> second.stderr().contains("continuing at offset"));
                    long restart = written.get();
                    second.await("more writes", () -> written.get() > restart + 2000);
                    writing.set(false);
                    load.join();
                    String expected = m.callString("DEBUG", "DIGEST");
                    second.await("the target's digest to equal the master's", () -> digest(target).equals(expected));
                } finally {
                    ((ReplayCommand) second.command()).stop();
                }
                assertEquals(ExitCode.OK, second.waitFor(), second.stderr());
                assertTrue(!second.stderr().contains("full resync"), second.stderr());
                assertTrue(!first.stderr().contains("refused") || first.stderr().contains(", 0 refused"), first.stderr());

                CliRunner.Result verify = CliRunner.run("verify-data", "--source", master.uri(), "--target", target.uri());
                assertEquals(ExitCode.OK, verify.exitCode(), verify.stdout() + verify.stderr());
                assertTrue(verify.stderr().contains("0 differ, 0 missing in target, 0 extra in target"), verify.stderr());
                assertEquals(m.callString("DEBUG", "DIGEST"), digest(target));
                assertNotEquals(EMPTY_DIGEST, digest(target));
            } finally {
                writing.set(false);
                load.join();
            }
        }
    }

    /** Writes of every type, across two databases, with expiries, transactions and deletions. */
    static void writeMixedLoad(TestRedisClient w, int round, int n) {
        for (int j = 0; j < n; j++) {
            int i = round * n + j;
            switch (i % 10) {
                case 0 -> w.call("INCR", "counter:" + (i % 13));
                case 1 -> w.call("RPUSH", "list:" + (i % 7), "e" + i);
                case 2 -> w.call("HSET", "hash:" + (i % 11), "f" + (i % 50), "v" + i);
                case 3 -> w.call("SADD", "set:" + (i % 5), "m" + (i % 300));
                case 4 -> w.call("ZINCRBY", "zset:" + (i % 3), "1.5", "m" + (i % 40));
                case 5 -> w.call("SET", "str:" + (i % 97), "x" + i, "EX", "3600");
                case 6 -> w.call("DEL", "str:" + ((i + 40) % 97));
                case 7 -> {
                    w.call("MULTI");
                    w.call("INCRBYFLOAT", "float", "0.25");
                    w.call("LPOP", "list:" + (i % 7));
                    w.call("EXEC");
                }
                case 8 -> {
                    w.call("SELECT", "1");
                    w.call("SET", "db1:" + (i % 31), "y" + i);
                    w.call("SELECT", "0");
                }
                default -> w.call("XADD", "stream", "*", "i", Integer.toString(i));
            }
        }
    }
}
