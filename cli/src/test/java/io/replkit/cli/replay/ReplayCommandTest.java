package io.replkit.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay's usage errors, found before any connection is made. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private static void assertUsage(String message, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(ExitCode.USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains(message), r.stderr());
        assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
    }

    @Test
    void needsExactlyOneSource() throws Exception {
        assertUsage("give a SOURCE file or --master URI", "replay", "--to", "redis://127.0.0.1:1");
        Path rdb = Files.write(dir.resolve("a.rdb"), "REDIS0009".getBytes());
        assertUsage("give either a SOURCE file or --master, not both",
            "replay", rdb.toString(), "--master", "redis://127.0.0.1:1", "--to", "redis://127.0.0.1:1");
    }

    @Test
    void checkpointsAndKeyOnlyFiltersDoNotApplyWhereTheyCannotWork() throws Exception {
        Path rdb = Files.write(dir.resolve("a.rdb"), "REDIS0009".getBytes());
        Path resp = Files.write(dir.resolve("s.resp"), "*1\r\n$4\r\nPING\r\n".getBytes());
        assertUsage("--checkpoint and --follow need --master", "replay", rdb.toString(), "--checkpoint", "x", "--to", "redis://127.0.0.1:1");
        assertUsage("--type and --regex apply to RDB keys only", "replay", resp.toString(), "--type", "hash", "--to", "redis://127.0.0.1:1");
        assertUsage("--mode takes restore or commands, not 'fast'", "replay", rdb.toString(), "--mode", "fast", "--to", "redis://127.0.0.1:1");
    }

    @Test
    void aMissingSourceFailsAndADirectoryIsAUsageErrorAsForTheRdbCommands() {
        // the same exit codes as rdb-inspect and the other rdb-* commands (InputFiles)
        String missing = dir.resolve("none.rdb").toString();
        CliRunner.Result r = CliRunner.run("replay", missing, "--to", "redis://127.0.0.1:1");
        assertEquals(ExitCode.FAILURE, r.exitCode(), r.stderr());
        assertEquals("replkit: no such file: " + missing + "\n", r.stderr());
        assertEquals(r.exitCode(), CliRunner.run("rdb-inspect", missing).exitCode());
        assertUsage(dir + " is a directory, not an RDB file", "replay", dir.toString(), "--to", "redis://127.0.0.1:1");
    }
}
