package io.replkit.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.testkit.MinRedisVersion;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisErrorReply;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

@RedisConfig("repl-diskless-sync-delay 0")
class DumpIT {

    private static void fill(TestRedisClient c) {
        for (int i = 0; i < 2000; i++) {
            c.send("SET", "s:" + i, "v" + i);
        }
        for (int i = 0; i < 2000; i++) {
            c.readReply();
        }
        c.call("RPUSH", "list", "a", "b", "c");
        c.call("HSET", "hash", "f", "v", "g", "w");
        c.call("ZADD", "zset", "1.5", "m");
        c.call("SADD", "set", "1", "2", "x");
        c.call("XADD", "stream", "1-1", "f", "v");
        c.call("SET", "ttl", "x", "EX", "1000");
        c.call("SELECT", "5");
        c.call("SET", "in5", new byte[] {0, (byte) 0xff});
        c.call("SELECT", "0");
    }

    /** SAVE, once the child that served the dump has exited. */
    private static void save(TestRedisClient c) throws InterruptedException {
        for (int i = 0; ; i++) {
            try {
                c.call("SAVE");
                return;
            } catch (RedisErrorReply e) {
                if (i > 200 || !e.getMessage().contains("in progress")) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** rdb-inspect --values --format jsonl lines, as a set: the content, without aux fields. */
    private static Set<String> values(Path rdb) {
        CliRunner.Result r = CliRunner.run("rdb-inspect", rdb.toString(), "--values", "--format", "jsonl");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        return new HashSet<>(r.stdout().lines().toList());
    }

    private static void assertEndsAtTheChecksum(Path rdb) throws IOException {
        try (RdbReader r = RdbReader.open(rdb)) {
            RdbRecord last = null;
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                last = rec;
            }
            assertEquals(RdbEnd.ChecksumStatus.VERIFIED, ((RdbEnd) last).status());
            assertEquals(Files.size(rdb), r.offset(), "bytes after the checksum (a diskless end mark?)");
        }
    }

    private static void assertCheckRdbAccepts(RedisBinary binary, Path rdb) throws Exception {
        Process p = new ProcessBuilder(binary.checkRdb().toString(), rdb.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private void dumpEqualsTheMastersOwnSave(RedisServer redis, RedisBinary binary, Path dir) throws Exception {
        try (TestRedisClient c = redis.client()) {
            fill(c);
            Path dumped = dir.resolve("dumped.rdb");
            CliRunner.Result r = CliRunner.run("dump", "--master", redis.uri(), "-o", dumped.toString());
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            assertTrue(r.stderr().contains("checksum verified"), r.stderr());
            save(c);
            assertEquals(values(redis.rdbFile()), values(dumped));
            assertEndsAtTheChecksum(dumped);
            assertCheckRdbAccepts(binary, dumped);
            try (var files = Files.list(dir)) {
                assertEquals(List.of(dumped), files.toList(), "no temp file left");
            }
        }
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync yes")
    void disklessDumpEqualsTheMastersOwnSave(RedisServer redis, RedisBinary binary, @TempDir Path dir) throws Exception {
        dumpEqualsTheMastersOwnSave(redis, binary, dir);
    }

    @RedisTest
    @RedisConfig("repl-diskless-sync no")
    void diskDumpEqualsTheMastersOwnSave(RedisServer redis, RedisBinary binary, @TempDir Path dir) throws Exception {
        dumpEqualsTheMastersOwnSave(redis, binary, dir);
    }

    @RedisTest
    void dumpToStdoutIsTheSameRdb(RedisServer redis, @TempDir Path dir) throws Exception {
        try (TestRedisClient c = redis.client()) {
            fill(c);
            CliRunner.Result r = CliRunner.run("dump", "--master", redis.uri(), "-o", "-");
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            Path file = dir.resolve("stdout.rdb");
            Files.write(file, r.stdoutBytes());
            save(c);
            assertEquals(values(redis.rdbFile()), values(file));
            assertEndsAtTheChecksum(file);
        }
    }

    @RedisTest
    @MinRedisVersion("7.0")
    void functionsOnlyKeepsTheLibrariesAndNoKeys(RedisServer redis, RedisBinary binary, @TempDir Path dir) throws Exception {
        try (TestRedisClient c = redis.client()) {
            fill(c);
            String lib = "#!lua name=mylib\nredis.register_function('hello', function() return 'hi' end)";
            c.call("FUNCTION", "LOAD", lib);
            Path out = dir.resolve("functions.rdb");
            CliRunner.Result r = CliRunner.run("dump", "--master", redis.uri(), "--functions-only", "-o", out.toString());
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            assertTrue(r.stderr().matches("(?s).*, no keys \\([1-9][0-9]* keys in the snapshot left out\\), 1 function library,.*"),
                r.stderr());
            int functions = 0;
            try (RdbReader reader = RdbReader.open(out)) {
                for (RdbRecord rec; (rec = reader.next()) != null; ) {
                    assertFalse(rec instanceof KeyEntry, "a key in a functions-only dump");
                    if (rec instanceof FunctionLibrary f) {
                        functions++;
                        assertTrue(Arrays.equals(lib.getBytes(StandardCharsets.UTF_8), f.code()));
                    }
                }
            }
            assertEquals(1, functions);
            assertCheckRdbAccepts(binary, out);
            // and a server loads it
            try (RedisServer loaded = RedisServer.startWithRdb(binary, out); TestRedisClient l = loaded.client()) {
                assertEquals(0L, l.call("DBSIZE"));
                assertEquals("hi", new String((byte[]) l.call("FCALL", "hello", "0"), StandardCharsets.UTF_8));
            }
        }
    }
}
