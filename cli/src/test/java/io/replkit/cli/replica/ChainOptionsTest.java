package io.replkit.cli.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replkit.cli.UsageException;
import org.junit.jupiter.api.Test;

/** --backlog-size reads sizes as redis.conf does ({@code memtoll}); --repl-diskless-sync-delay is seconds, 0 or more. */
class ChainOptionsTest {

    @Test
    void sizesTakeRedisConfUnits() {
        assertEquals(1024 * 1024, ChainOptions.memory("1mb"));
        assertEquals(1_000_000, ChainOptions.memory("1m"));
        assertEquals(16 * 1024, ChainOptions.memory("16KB"));
        assertEquals(2L * 1024 * 1024 * 1024, ChainOptions.memory("2gb"));
        assertEquals(4096, ChainOptions.memory("4096"));
    }

    @Test
    void otherTextIsAUsageError() {
        assertThrows(UsageException.class, () -> ChainOptions.memory("mb"));
        assertThrows(UsageException.class, () -> ChainOptions.memory("1tb"));
        assertThrows(UsageException.class, () -> ChainOptions.memory("-1"));
        ChainOptions o = new ChainOptions();
        o.backlogSize = "0";
        assertThrows(UsageException.class, o::backlogBytes);
        o.backlogSize = "2gb";
        assertThrows(UsageException.class, o::backlogBytes, "beyond one Java array");
    }

    @Test
    void aNegativeDisklessSyncDelayIsAUsageErrorAndZeroStartsAtOnce() {
        ChainOptions o = new ChainOptions();
        o.disklessSyncDelaySeconds = -1;
        assertThrows(UsageException.class, o::disklessSyncDelay);
        o.disklessSyncDelaySeconds = 0;
        assertEquals(java.time.Duration.ZERO, o.disklessSyncDelay());
    }
}
