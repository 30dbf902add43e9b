package io.replkit.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replkit.cli.CliRunner;
import io.replkit.cli.CommandRun;
import io.replkit.cli.ExitCode;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * verify-offsets against a real master with real replicas: the figures are the servers' own,
 * --wait returns once replicas catch up and times out while one is stopped (SIGSTOP), lag limits
 * name the replica, chains, and --rdb against the master's history.
 */
@RedisConfig({"repl-diskless-sync-delay 0", "repl-ping-replica-period 3600"})
class VerifyOffsetsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RedisServer replicaOf(RedisServer master) {
        return RedisServer.start(master.binary(), "replicaof 127.0.0.1 " + master.port(), "repl-ping-replica-period 3600");
    }

    static long offset(TestRedisClient c) {
        return Long.parseLong(c.info("replication").get("master_repl_offset"));
    }

    /** Waits until the master lists {@code n} online replicas that acknowledged its current offset. */
    static void awaitCaughtUp(TestRedisClient master, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, String> info = master.info("replication");
            String goal = "offset=" + info.get("master_repl_offset") + ",";
            int ok = 0;
            for (int i = 0; i < n; i++) {
                String line = info.get("slave" + i);
                if (line != null && line.contains("state=online") && line.contains(goal)) {
                    ok++;
                }
            }
            if (ok == n) {
                return;
            }
            Thread.sleep(50);
        }
        fail("replicas did not catch up: " + master.info("replication"));
    }

    static void signal(RedisServer s, String sig) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(s.pid())).inheritIO().start().waitFor());
    }

    @RedisTest
    void reportsTheOffsetsTheServersReportThemselves(RedisServer master) throws Exception {
        try (RedisServer r1 = replicaOf(master); RedisServer r2 = replicaOf(master);
             TestRedisClient m = master.client(); TestRedisClient c1 = r1.client(); TestRedisClient c2 = r2.client()) {
            for (int i = 0; i < 100; i++) {
                m.call("SET", "k" + i, "v" + i);
            }
            awaitCaughtUp(m, 2);
            CliRunner.Result r = CliRunner.run("verify-offsets", "--master", master.uri(), "--format", "json");
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            JsonNode j = JSON.readTree(r.stdout());
            Map<String, String> info = m.info("replication");
            assertEquals(Long.parseLong(info.get("master_repl_offset")), j.get("master").get("master_repl_offset").asLong());
            assertEquals(info.get("master_replid"), j.get("master").get("replid").asText());
            assertEquals("master", j.get("master").get("role").asText());
            assertEquals(2, j.get("replicas").size());
            for (JsonNode rep : j.get("replicas")) {
                String addr = rep.get("address").asText();
                TestRedisClient own = addr.endsWith(":" + r1.port()) ? c1 : c2;
                String line = info.get("slave0").contains("port=" + addr.substring(addr.lastIndexOf(':') + 1) + ",")
                    ? info.get("slave0") : info.get("slave1");
                assertTrue(line.contains("offset=" + rep.get("acked_offset").asLong() + ","), line + " vs " + rep);
                assertEquals("online", rep.get("state").asText());
                assertEquals(0, rep.get("lag_bytes").asLong());
                Map<String, String> ri = own.info("replication");
                assertEquals(Long.parseLong(ri.get("slave_repl_offset")), rep.get("own").get("slave_repl_offset").asLong());
                assertEquals(ri.get("master_link_status"), rep.get("own").get("master_link_status").asText());
            }

            CliRunner.Result text = CliRunner.run("verify-offsets", "-p", Integer.toString(master.port()));
            assertEquals(ExitCode.OK, text.exitCode(), text.stderr());
            assertTrue(text.stdout().contains("127.0.0.1:" + r1.port() + "  online"), text.stdout());
            assertTrue(text.stdout().contains("offset " + info.get("master_repl_offset") + "  replicas 2"), text.stdout());
        }
    }

    @RedisTest
    void waitReturnsOnceReplicasCatchUpAndTimesOutWhileOneIsStopped(RedisServer master) throws Exception {
        try (RedisServer r1 = replicaOf(master); RedisServer r2 = replicaOf(master); TestRedisClient m = master.client()) {
            m.call("SET", "a", "1");
            awaitCaughtUp(m, 2);
            signal(r2, "STOP");
            try {
                m.call("SET", "b", "2");
                long goal = offset(m);
                CliRunner.Result timeout = CliRunner.run("verify-offsets", "--master", master.uri(), "--wait", "--wait-timeout", "1.5");
                assertEquals(ExitCode.FAILURE, timeout.exitCode(), timeout.stdout() + timeout.stderr());
                assertTrue(timeout.stderr().contains("not every replica reached offset " + goal + " within 1.5 s: 127.0.0.1:" + r2.port()),
                    timeout.stderr());
                assertFalse(timeout.stderr().contains("127.0.0.1:" + r1.port()), timeout.stderr());

                CliRunner.Result lag = CliRunner.run("verify-offsets", "--master", master.uri(), "--max-lag-bytes", "0");
                assertEquals(ExitCode.FAILURE, lag.exitCode());
                assertTrue(lag.stderr().contains("replica 127.0.0.1:" + r2.port() + " is "), lag.stderr());

                CommandRun waiting = new CommandRun("verify-offsets", "--master", master.uri(), "--wait", "--wait-timeout", "30");
                Thread.sleep(500);
                assertTrue(waiting.isRunning(), "--wait returned while a replica was stopped: " + waiting.stdout());
                signal(r2, "CONT");
                assertEquals(ExitCode.OK, waiting.waitFor(), waiting.stderr());
                assertTrue(waiting.stdout().contains("offset " + goal), waiting.stdout());
            } finally {
                signal(r2, "CONT");
            }
            CliRunner.Result ok = CliRunner.run("verify-offsets", "--master", master.uri(), "--wait", "--max-lag-bytes", "0",
                "--max-lag-seconds", "5");
            assertEquals(ExitCode.OK, ok.exitCode(), ok.stdout() + ok.stderr());

            // a replica that is gone is not connected
            int port = r2.port();
            r2.close();
            CliRunner.Result gone = CliRunner.run("verify-offsets", "--master", master.uri(), "--replica", "127.0.0.1:" + port,
                "--wait", "--wait-timeout", "0.5");
            assertEquals(ExitCode.FAILURE, gone.exitCode());
            assertTrue(gone.stderr().contains("127.0.0.1:" + port + " (not connected)"), gone.stderr());
        }
    }

    @RedisTest
    void aMasterThatIsItselfAReplicaShowsItsOwnMasterAndItsReplicas(RedisServer top) throws Exception {
        try (RedisServer middle = replicaOf(top);
             RedisServer bottom = RedisServer.start(top.binary(), "replicaof 127.0.0.1 " + middle.port());
             TestRedisClient t = top.client(); TestRedisClient mid = middle.client()) {
            t.call("SET", "x", "1");
            awaitCaughtUp(t, 1);
            awaitCaughtUp(mid, 1);
            CliRunner.Result r = CliRunner.run("verify-offsets", "--master", middle.uri(), "--format", "json");
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            JsonNode j = JSON.readTree(r.stdout());
            assertEquals("slave", j.get("master").get("role").asText());
            assertEquals("127.0.0.1:" + top.port(), j.get("master").get("master").asText());
            assertEquals("up", j.get("master").get("master_link_status").asText());
            assertEquals(1, j.get("replicas").size());
            assertEquals("127.0.0.1:" + bottom.port(), j.get("replicas").get(0).get("address").asText());

            CliRunner.Result chain = CliRunner.run("verify-offsets", "--master", top.uri(), "--replica", "127.0.0.1:" + bottom.port(),
                "--wait", "--wait-timeout", "10");
            assertEquals(ExitCode.OK, chain.exitCode(), chain.stdout() + chain.stderr());
            assertTrue(chain.stdout().contains("via 127.0.0.1:" + middle.port()), chain.stdout());
        }
    }

    @RedisTest
    void comparesAnRdbFilesReplicationIdWithTheMastersHistory(RedisServer master) throws Exception {
        try (RedisServer r1 = replicaOf(master); TestRedisClient m = master.client()) {
            m.call("SET", "a", "1");
            awaitCaughtUp(m, 1);
            assertEquals("OK", m.callString("SAVE"));
            Path saved = master.rdbFile();
            CliRunner.Result r = CliRunner.run("verify-offsets", "--master", master.uri(), "--rdb", saved.toString());
            assertEquals(ExitCode.OK, r.exitCode(), r.stdout() + r.stderr());
            assertTrue(r.stdout().contains("is in the master's current history, 0 bytes behind; a replica loaded with it can continue"),
                r.stdout());

            Path other = VerifyDataIT.fixture(master.binary());
            CliRunner.Result foreign = CliRunner.run("verify-offsets", "--master", master.uri(), "--rdb", other.toString(), "--format", "json");
            assertEquals(ExitCode.FAILURE, foreign.exitCode(), foreign.stdout());
            JsonNode j = JSON.readTree(foreign.stdout());
            assertFalse(j.get("rdb").get("in_history").asBoolean());
            assertEquals(1, j.get("problems").size());
        }
    }
}
