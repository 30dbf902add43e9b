package io.replkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** RedisServer used directly, without the extension. */
class RedisServerIT {

    @Test
    void startFailureThrowsWithTheLogTailAndLeavesNothingBehind() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RedisServer.start(RedisBinaries.newest(), "no-such-directive yes"));
        assertTrue(e.getMessage().contains("no-such-directive"), e.getMessage());
        assertTrue(e.getMessage().contains("FATAL CONFIG FILE ERROR"), e.getMessage());
        assertEquals(0, leftoverDirsWith("no-such-directive"), "temp dir of the failed start left behind");
    }

    @Test
    void loadingABadRdbFailsToStart() throws Exception {
        Path bad = Files.createTempFile("replkit-bad-", ".rdb");
        try {
            Files.writeString(bad, "REDIS0010 this is not an rdb");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RedisServer.startWithRdb(RedisBinaries.newest(), bad));
            assertTrue(e.getMessage().contains("exited"), e.getMessage());
        } finally {
            Files.deleteIfExists(bad);
        }
    }

    @Test
    void everyBinaryStartsWithTheDefaults() {
        for (RedisBinary binary : RedisBinaries.all()) {
            try (RedisServer s = RedisServer.start(binary); TestRedisClient c = s.client()) {
                assertEquals(binary.version().toString(), c.info("server").get("redis_version"));
                assertFalse(s.log().isEmpty());
            }
        }
    }

    /** Server dirs under java.io.tmpdir whose redis.conf mentions {@code marker}. */
    private static long leftoverDirsWith(String marker) throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("replkit-server-"))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("redis.conf")).contains(marker);
                        } catch (Exception e) {
                            return false;
                        }
                    })
                    .count();
        }
    }
}
