package io.replkit.cli.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import org.junit.jupiter.api.Test;

/** start-replica's replication settings are checked before it connects anywhere: exit code 2 and one line. */
class StartReplicaUsageTest {
    private static final String NOWHERE = "redis://127.0.0.1:1";

    @Test
    void aReplTimeoutBelowOneSecondIsAUsageError() {
        CliRunner.Result r = CliRunner.run("start-replica", "--master", NOWHERE, "--repl-timeout", "0");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("--repl-timeout must be a positive number of seconds, not 0"), r.stderr());
    }

    @Test
    void aNegativeDisklessSyncDelayIsAUsageError() {
        CliRunner.Result r = CliRunner.run("start-replica", "--master", NOWHERE, "--repl-diskless-sync-delay", "-1");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("--repl-diskless-sync-delay must be 0 or a number of seconds, not -1"),
                r.stderr());
    }
}
