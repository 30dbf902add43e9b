package io.replkit.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetServerTest {

    @ParameterizedTest(name = "{0} {1}.{2} restores RDB {3}")
    @CsvSource({"redis, 7, 0, 10", "redis, 6, 2, 9", "redis, 7, 2, 11", "redis, 7, 4, 12", "redis, 7, 9, 12", "redis, 8, 2, 12",
        "redis, 5, 0, 9", "redis, 4, 0, 8", "redis, 3, 2, 7", "redis, 2, 8, 6", "redis, 2, 4, 6", "redis, 6, 1, 9",
        "valkey, 8, 0, 11", "valkey, 7, 2, 11", "valkey, 9, 0, 11"})
    void aReleaseRestoresTheRdbVersionOfTheNewestKnownReleaseNotAfterIt(String product, int major, int minor, int rdb) {
        assertEquals(rdb, TargetServer.rdbTarget(product, major, minor).rdbVersion());
    }
}
