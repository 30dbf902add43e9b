package io.replkit.rdb.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replkit.testkit.RedisBinaries;
import io.replkit.testkit.RedisBinary;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Files written by {@link RdbWriter} against real servers: each fixture rewritten at the server's
 * RDB version loads with the same {@code DEBUG DIGEST} as the original and saves back the same
 * content; newer fixtures converted down load and save back what was converted; redis-check-rdb
 * accepts every written file.
 */
class RdbWriterIT {
    /** Keys expiring before this much after now may vanish while a test runs; they are left out of comparisons. */
    private static final long EXPIRY_MARGIN_MS = 3_600_000;
    private static final Pattern EXPIRE = Pattern.compile(" expire=(-?\\d+) ");

    /** The RDB version a server writes and loads at most. */
    static int rdbVersionOf(RedisBinary b) {
        int major = b.version().major(), minor = b.version().minor();
        try {
            return RdbTarget.redis(major + "." + minor).rdbVersion();
        } catch (IllegalArgumentException e) {
            return major >= 8 ? 12 : 9;
        }
    }

    @RedisTest
    void fixturesRewrittenAtTheServersVersionLoadWithTheOriginalsDigest(RedisBinary binary, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        int version = rdbVersionOf(binary);
        int checked = 0;
        for (Path dump : Fixtures.dumps()) {
            if (Fixtures.rdbVersion(dump) > version) {
                continue;
            }
            String name = Fixtures.name(dump);
            Fixtures.Rewrite rw = Fixtures.rewrite(Files.readAllBytes(dump),
                RdbWriterOptions.defaults(RdbTarget.version(version)), false);
            assertTrue(rw.refused().isEmpty(), name + ": refused " + rw.refused());
            Path ours = tmp.resolve(name + ".rdb");
            Files.write(ours, rw.rdb());
            requireCheckRdbAccepts(binary, ours);

            Loaded original = load(binary, dump, version);
            Loaded rewritten = load(binary, ours, version);
            assertEquals(original.digest, rewritten.digest, name + ": DEBUG DIGEST");
            assertFalse(original.content.isEmpty(), name);
            assertSameLines(original.content, rewritten.content, name + ": content saved back");
            checked++;
        }
        assertTrue(checked > 0, "no fixture loads into " + binary);
    }

    @RedisTest
    void newerFixturesConvertedDownLoadAndSaveBackWhatWasConverted(RedisBinary binary, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        int version = rdbVersionOf(binary);
        int checked = 0;
        for (Path dump : Fixtures.dumps()) {
            if (Fixtures.rdbVersion(dump) <= version) {
                continue;
            }
            String name = Fixtures.name(dump);
            Fixtures.Rewrite rw = Fixtures.rewrite(Files.readAllBytes(dump),
                RdbWriterOptions.defaults(RdbTarget.version(version)), false);
            for (String why : rw.refused()) {
                assertTrue(why.contains("needs 12") || why.contains("needs 10"), name + ": unexpected refusal " + why);
            }
            Path ours = tmp.resolve(name + ".rdb");
            Files.write(ours, rw.rdb());
            requireCheckRdbAccepts(binary, ours);

            Loaded loaded = load(binary, ours, version);
            List<String> expected = withoutFunctions(lasting(rw.expected()));
            assertSameLines(expected, withoutFunctions(loaded.content), name + ": content saved back");
            checked++;
        }
        assumeTrue(checked > 0, "no fixture is newer than " + binary);
    }

    @Test
    void aRedis70DatasetConvertedToVersion9LoadsIntoRedis62WithTheSameDigest(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Optional<RedisBinary> v62 = RedisBinaries.all().stream().filter(b -> rdbVersionOf(b) == 9).findFirst();
        Optional<RedisBinary> v70 = RedisBinaries.all().stream().filter(b -> rdbVersionOf(b) == 10).findFirst();
        assumeTrue(v62.isPresent() && v70.isPresent(), "needs a Redis 6.x and a Redis 7.0 server");
        Path dump = Fixtures.dump("redis-7.0.15");
        Fixtures.Rewrite rw = Fixtures.rewrite(Files.readAllBytes(dump), RdbWriterOptions.defaults(RdbTarget.redis("6.2")), false);
        assertEquals(2, rw.refused().size(), "the two function libraries: " + rw.refused());
        Path ours = tmp.resolve("redis-7.0.15-as-9.rdb");
        Files.write(ours, rw.rdb());
        requireCheckRdbAccepts(v62.get(), ours);

        Loaded original = load(v70.get(), dump, 10);
        Loaded converted = load(v62.get(), ours, 9);
        assertEquals(original.digest, converted.digest, "DEBUG DIGEST of 7.0 with the original vs 6.2 with ours");
        assertSameLines(withoutFunctions(lasting(rw.expected())), converted.content, "content saved back by 6.2");
    }

    // ------------------------------------------------------------------ helpers

    record Loaded(String digest, List<String> content) {
    }

    /** Starts a server on the file, takes DEBUG DIGEST, SAVEs, and reads the saved file's content back. */
    static Loaded load(RedisBinary binary, Path rdb, int version) throws IOException {
        try (RedisServer server = RedisServer.startWithRdb(binary, rdb)) {
            String digest;
            try (TestRedisClient c = server.client()) {
                digest = c.callString("DEBUG", "DIGEST");
                assertEquals("OK", c.callString("SAVE"));
            }
            List<String> content = LogicalContent.of(server.rdbFile(), Fixtures.streamLevel(version), false);
            return new Loaded(digest, lasting(content));
        }
    }

    /** Drops keys that expire within {@link #EXPIRY_MARGIN_MS} (the server may already have dropped them). */
    static List<String> lasting(List<String> lines) {
        long cutoff = System.currentTimeMillis() + EXPIRY_MARGIN_MS;
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = EXPIRE.matcher(l);
            if (m.find() && Long.parseLong(m.group(1)) >= 0 && Long.parseLong(m.group(1)) < cutoff) {
                continue;
            }
            out.add(l);
        }
        return out;
    }

    /** Equal line lists, or a failure listing only the differing lines (each cut to 300 characters). */
    static void assertSameLines(List<String> expected, List<String> actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        StringBuilder sb = new StringBuilder(what).append(" differs:");
        for (String l : expected) {
            if (!actual.contains(l)) {
                sb.append("\n  - ").append(l, 0, Math.min(300, l.length()));
            }
        }
        for (String l : actual) {
            if (!expected.contains(l)) {
                sb.append("\n  + ").append(l, 0, Math.min(300, l.length()));
            }
        }
        org.junit.jupiter.api.Assertions.fail(sb.toString());
    }

    static List<String> withoutFunctions(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("function ")).toList();
    }

    static void requireCheckRdbAccepts(RedisBinary binary, Path rdb) throws Exception {
        Process p = new ProcessBuilder(binary.checkRdb().toString(), rdb.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "redis-check-rdb did not finish");
        assertEquals(0, p.exitValue(), "redis-check-rdb " + binary.version() + " on " + rdb.getFileName() + ":\n" + output);
    }
}
