package io.replkit.cli.rdbfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import io.replkit.testkit.RedisBinaries;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.TestRedisClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rdb-convert against real servers: a dataset Redis 7.0 wrote, converted down to RDB 9, loads into
 * Redis 6.2 with the DEBUG DIGEST 7.0 gives for the original, and redis-check-rdb accepts it.
 */
class RdbConvertIT {
    /** What DEBUG DIGEST answers for an empty dataset. */
    static final String EMPTY_DIGEST = "0".repeat(40);
    static final Path FIXTURE = RdbConvertCommandTest.fixture("redis-7.0.15");

    @TempDir
    Path dir;

    static Optional<RedisBinary> server(int major, int minor) {
        return RedisBinaries.all().stream().filter(b -> b.version().major() == major && b.version().minor() == minor).findFirst();
    }

    static String digest(RedisBinary binary, Path rdb) {
        try (RedisServer s = RedisServer.startWithRdb(binary, rdb); TestRedisClient c = s.client()) {
            return c.callString("DEBUG", "DIGEST");
        }
    }

    static void assertCheckRdbAccepts(RedisBinary binary, Path rdb) throws Exception {
        Process p = new ProcessBuilder(binary.checkRdb().toString(), rdb.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "redis-check-rdb " + binary.version() + ": " + output);
    }

    @Test
    void aRedis70DatasetConvertedToRdb9LoadsIntoRedis62WithTheSameDigest() throws Exception {
        Optional<RedisBinary> v70 = server(7, 0);
        Optional<RedisBinary> v62 = server(6, 2);
        assumeTrue(v70.isPresent() && v62.isPresent(), "needs Redis 7.0 and 6.2; have " + RedisBinaries.all());
        Path out = dir.resolve("dump9.rdb");
        CliRunner.Result r = CliRunner.run("rdb-convert", FIXTURE.toString(), out.toString(), "--target-redis", "6.2", "--drop-functions");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertCheckRdbAccepts(v62.get(), out);
        String original = digest(v70.get(), FIXTURE);
        assertNotEquals(EMPTY_DIGEST, original, "the fixture loaded no keys");
        assertEquals(original, digest(v62.get(), out));
    }

    @Test
    void aRewriteAtTheServersOwnVersionLoadsWithTheSameDigest() throws Exception {
        for (RedisBinary b : RedisBinaries.all()) {
            int version = b.atLeast(7, 0) ? 10 : 9;
            Path source = b.atLeast(7, 0) ? FIXTURE : RdbConvertCommandTest.fixture("redis-6.2.16");
            Path out = dir.resolve("rewrite-" + version + ".rdb");
            CliRunner.Result r = CliRunner.run("rdb-convert", source.toString(), out.toString(), "--target-version", String.valueOf(version));
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            assertCheckRdbAccepts(b, out);
            String expected = digest(b, source);
            assertNotEquals(EMPTY_DIGEST, expected, "the fixture loaded no keys");
            assertEquals(expected, digest(b, out), "redis " + b.version());
        }
    }
}
