package io.replkit.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.protocol.resp.RespEncoder;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

@RedisConfig("repl-diskless-sync-delay 0")
class ReplTailIT {

    private static long masterOffset(TestRedisClient c) {
        return Long.parseLong(c.info("replication").get("master_repl_offset"));
    }

    private static List<String> command(JsonNode line) {
        List<String> out = new ArrayList<>();
        line.get("command").forEach(a -> out.add(a.isTextual() ? a.asText() : "hex:" + a.get("hex").asText()));
        return out;
    }

    /** The command's arguments as bytes, undoing the {"hex": ...} rule. */
    private static byte[][] args(JsonNode line) {
        JsonNode c = line.get("command");
        byte[][] out = new byte[c.size()][];
        for (int i = 0; i < c.size(); i++) {
            JsonNode a = c.get(i);
            out[i] = a.isTextual() ? a.asText().getBytes(StandardCharsets.UTF_8) : HexFormat.of().parseHex(a.get("hex").asText());
        }
        return out;
    }

    private static boolean isInternal(List<String> cmd) {
        return cmd.get(0).equalsIgnoreCase("PING") || cmd.get(0).equalsIgnoreCase("REPLCONF");
    }

    private static int size(byte[][] args) {
        ByteBuf b = Unpooled.buffer();
        RespEncoder.writeCommand(b, args);
        return b.readableBytes();
    }

    /** Each line's start (its end minus its RESP size) is the previous line's end. */
    private static void assertContiguous(List<JsonNode> lines, long start) {
        long prev = start;
        for (JsonNode l : lines) {
            long end = l.get("offset").asLong();
            assertEquals(prev, end - size(args(l)), "gap or duplicate before " + l);
            prev = end;
        }
    }

    private static long startOffset(String stderr) {
        var m = Pattern.compile("full resync: replid \\w+ offset (\\d+)").matcher(stderr);
        if (!m.find()) {
            fail("no full resync reported: " + stderr);
        }
        return Long.parseLong(m.group(1));
    }

    @RedisTest
    void printsEveryPropagatedFormInOrderWithTheMastersOffsets(RedisServer redis) throws Exception {
        boolean v7 = redis.version().toString().compareTo("7") >= 0;
        try (TestRedisClient c = redis.client(); TailRun tail = new TailRun("--master", redis.uri(), "--format", "jsonl")) {
            tail.await("the snapshot", () -> tail.stderr().contains("snapshot verified"));
            c.call("SET", "k1", "v1", "EX", "100");
            c.call("SET", "k2", "v2", "PX", "100000");
            c.call("SET", "k1", "v1b", "KEEPTTL");
            c.call("EXPIRE", "k2", "200");
            c.call("MULTI");
            c.call("SET", "a", "1");
            c.call("INCR", "n");
            c.call("EXEC");
            c.call("EVAL", "redis.call('SET','e1','x'); redis.call('INCRBYFLOAT','f','1.5'); return 1", "0");
            c.call("SELECT", "3");
            c.call("SET", "d3", "x");
            c.call("INCRBYFLOAT", "fl", "2.5");
            c.call("SADD", "s", "m");
            c.call("SPOP", "s");
            c.call("SET", "short", "1", "PX", "30");
            Thread.sleep(100);
            c.call("GET", "short"); // expired: the master propagates its deletion
            c.call("SELECT", "0");
            c.call("SET", "bin", new byte[] {(byte) 0xff, 0});
            long target = masterOffset(c);
            tail.await("offset " + target, () -> tail.lastOffset() == target);
            // the master lists the tool as a replica that acknowledged everything
            tail.await("the ACK of " + target, () -> {
                String slave = c.info("replication").get("slave0");
                return slave != null && slave.contains("state=online") && slave.contains("offset=" + target + ",");
            });
            assertEquals(ExitCode.OK, tail.stop());

            List<JsonNode> lines = tail.json();
            assertContiguous(lines, startOffset(tail.stderr()));
            List<String> got = new ArrayList<>();
            List<Integer> dbs = new ArrayList<>();
            for (JsonNode l : lines) {
                List<String> cmd = command(l);
                if (!isInternal(cmd)) {
                    got.add(String.join(" ", cmd));
                    dbs.add(l.get("db").isNull() ? -1 : l.get("db").asInt());
                }
                assertTrue(l.get("time").asLong() > 0);
            }
            String ex = v7 ? "PXAT \\d{13}" : "PX \\d+";
            List<String> expected = List.of(
                "SELECT 0",
                "SET k1 v1 " + ex,
                "SET k2 v2 " + ex,
                "SET k1 v1b KEEPTTL",
                v7 ? "PEXPIREAT k2 \\d{13}" : "EXPIRE k2 200",
                "MULTI", "SET a 1", "INCR n", "EXEC",
                "MULTI", "SET e1 x", "SET f 1.5 KEEPTTL", "EXEC",
                "SELECT 3", "SET d3 x",
                "SET fl 2.5 KEEPTTL",
                "SADD s m", "SREM s m",
                "SET short 1 " + ex,
                "(DEL|UNLINK) short",
                "SELECT 0", "SET bin hex:ff00");
            assertEquals(expected.size(), got.size(), got.toString());
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(got.get(i).matches(expected.get(i)), "line " + i + ": " + got.get(i) + " !~ " + expected.get(i) + " in " + got);
            }
            assertEquals(3, dbs.get(expected.indexOf("SET d3 x")));
            assertEquals(0, dbs.get(dbs.size() - 1));
        }
    }

    @RedisTest
    void resumesWithContinueAfterConnectionKillAndReplaysToTheSameDataset(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client(); TestRedisClient killer = redis.client();
             TailRun tail = new TailRun("--master", redis.uri(), "--format", "jsonl", "--retry-delay", "20")) {
            tail.await("the snapshot", () -> tail.stderr().contains("snapshot verified"));
            int n = 4000;
            for (int i = 0; i < n; i++) {
                c.send("SET", "key:" + (i % 500), "value-" + i);
                c.send("RPUSH", "list", Integer.toString(i));
                if (i == n / 2) {
                    killer.call("CLIENT", "KILL", "TYPE", "replica");
                }
            }
            for (int i = 0; i < 2 * n; i++) {
                c.readReply();
            }
            long target = masterOffset(c);
            tail.await("offset " + target, () -> tail.lastOffset() == target);
            assertEquals(ExitCode.OK, tail.stop());
            assertTrue(tail.stderr().contains("continuing at offset"), tail.stderr());
            assertEquals(1, tail.stderr().split("full resync", -1).length - 1, tail.stderr());
            List<JsonNode> lines = tail.json();
            assertContiguous(lines, startOffset(tail.stderr()));

            // replaying what was printed on an empty server gives the master's dataset
            try (RedisServer replay = RedisServer.start(redis.binary()); TestRedisClient r = replay.client()) {
                int sent = 0;
                for (JsonNode l : lines) {
                    if (!isInternal(command(l))) {
                        r.send((Object[]) args(l));
                        sent++;
                    }
                }
                for (int i = 0; i < sent; i++) {
                    r.readReply();
                }
                assertEquals(c.call("DEBUG", "DIGEST"), r.call("DEBUG", "DIGEST"));
            }
        }
    }

    @RedisTest
    @RedisConfig({"repl-backlog-size 16kb"})
    void reportsAFullResyncWhenTheBacklogNoLongerHoldsTheOffset(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client(); TestRedisClient killer = redis.client();
             TailRun tail = new TailRun("--master", redis.uri(), "--format", "jsonl", "--retry-delay", "1500")) {
            tail.await("the snapshot", () -> tail.stderr().contains("snapshot verified"));
            c.call("SET", "before", "1");
            killer.call("CLIENT", "KILL", "TYPE", "replica");
            String big = "x".repeat(10_000);
            for (int i = 0; i < 100; i++) {
                c.call("SET", "big:" + i, big);
            }
            tail.await("a second full resync", () -> tail.stderr().contains("full resync ("));
            c.call("SET", "after", "1");
            long target = masterOffset(c);
            tail.await("offset " + target, () -> tail.lastOffset() == target);
            assertEquals(ExitCode.OK, tail.stop());
            assertTrue(tail.stderr().contains("could not continue from"), tail.stderr());
        }
    }

    @RedisTest
    void resumesFromACheckpointWithoutGapOrDuplicate(RedisServer redis, @TempDir Path dir) throws Exception {
        Path cp = dir.resolve("tail.ckpt");
        try (TestRedisClient c = redis.client()) {
            try (TailRun first = new TailRun("--master", redis.uri(), "--format", "jsonl", "--checkpoint", cp.toString())) {
                first.await("the snapshot", () -> first.stderr().contains("snapshot verified"));
                c.call("SET", "one", "1");
                long t1 = masterOffset(c);
                first.await("offset " + t1, () -> first.lastOffset() == t1);
                assertEquals(ExitCode.OK, first.stop());
            }
            Checkpoint saved = Checkpoint.read(cp);
            c.call("SET", "two", "2");
            long t2 = masterOffset(c);
            CliRunner.Result second = CliRunner.run("repl-tail", "--master", redis.uri(), "--format", "text",
                "--checkpoint", cp.toString(), "--until-offset", Long.toString(t2), "--command", "set");
            assertEquals(ExitCode.OK, second.exitCode(), second.stderr());
            assertTrue(second.stderr().contains("continuing at offset " + saved.position().offset()), second.stderr());
            assertEquals("\"SET\" \"two\" \"2\"\n", second.stdout());
            assertEquals(t2, Checkpoint.read(cp).position().offset());
        }
    }

    @RedisTest
    void wrongPasswordIsOneLineAndExitCode1(RedisServer redis) {
        try (TestRedisClient c = redis.client()) {
            c.call("CONFIG", "SET", "requirepass", "s3cret");
        }
        CliRunner.Result r = CliRunner.run("repl-tail", "--master", "redis://:wrong@" + redis.hostAndPort());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertOneErrorLine(r.stderr());
        CliRunner.Result d = CliRunner.run("dump", "--master", "redis://:wrong@" + redis.hostAndPort(), "-o", "-");
        assertEquals(ExitCode.FAILURE, d.exitCode());
        assertOneErrorLine(d.stderr());
    }

    @RedisTest
    void unreachableHostIsOneLineAndExitCode1(RedisServer redis) {
        CliRunner.Result r = CliRunner.run("repl-tail", "--master", "redis://127.0.0.1:" + RedisServer.freePort());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertOneErrorLine(r.stderr());
    }

    @RedisTest
    void serverSpeakingGarbageIsOneLineAndExitCode1(RedisServer redis) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        in.read(new byte[1024]);
                        OutputStream out = s.getOutputStream();
                        out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        in.read(new byte[1024]);
                    } catch (IOException e) {
                        // next connection, or closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            for (String cmd : List.of("repl-tail", "dump")) {
                CliRunner.Result r = cmd.equals("dump")
                    ? CliRunner.run(cmd, "--master", "redis://127.0.0.1:" + server.getLocalPort(), "-o", "-")
                    : CliRunner.run(cmd, "--master", "redis://127.0.0.1:" + server.getLocalPort());
                assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
                assertOneErrorLine(r.stderr());
            }
        }
    }

    private static void assertOneErrorLine(String stderr) {
        List<String> errors = stderr.lines().filter(l -> !l.startsWith("replkit: connected to")).toList();
        assertEquals(1, errors.size(), stderr);
        assertTrue(errors.get(0).startsWith("replkit: "), stderr);
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
