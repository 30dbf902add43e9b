package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeyMemoryTest {

    @Test
    void expiryIsPrintedAsNaiveUtcIsoformatWithMicrosecondsOnlyWhenNonZero() {
        assertEquals("1970-01-01T00:00:00", KeyMemory.formatExpiry(0));
        assertEquals("2023-11-14T22:13:20", KeyMemory.formatExpiry(1_700_000_000_000L));
        assertEquals("2023-11-14T22:13:20.001000", KeyMemory.formatExpiry(1_700_000_000_001L));
        assertEquals("", KeyMemory.formatExpiry(-1));
        assertEquals("9002-07-12T00:00:00", KeyMemory.formatExpiry(300_000_000_000_000L), "clamped like redis-rdb-tools");
    }
}
