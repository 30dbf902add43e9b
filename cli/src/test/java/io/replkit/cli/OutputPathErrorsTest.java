package io.replkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output paths an operator gets wrong end in one line that says what is wrong with the path. */
class OutputPathErrorsTest {

    private static final String INPUT = Path.of("..", "examples", "dataset.rdb").toString();

    @TempDir
    Path dir;

    @Test
    void convertIntoAMissingDirectorySaysTheDirectoryDoesNotExist() {
        Path out = dir.resolve("missing").resolve("out.rdb");
        CliRunner.Result r = CliRunner.run("rdb-convert", INPUT, out.toString());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: cannot write " + out + ": directory " + out.getParent() + " does not exist\n", r.stderr());
    }

    @Test
    void splitIntoAnExistingFileSaysItAlreadyExists() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliRunner.Result r = CliRunner.run("rdb-split", INPUT, "--by", "db", "--out", file.toString());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: " + file + ": already exists\n", r.stderr());
    }

    @Test
    void splitUnderAFileSaysItIsNotADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliRunner.Result r = CliRunner.run("rdb-split", INPUT, "--by", "db", "--out", file.resolve("sub").toString());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: " + file.resolve("sub") + ": not a directory\n", r.stderr());
    }

    @Test
    void dumpToAMissingDirectoryFailsBeforeConnecting() {
        Path out = dir.resolve("missing").resolve("dump.rdb");
        // port 1 is never a Redis: the error must come from the path, before any connection
        CliRunner.Result r = CliRunner.run("dump", "-p", "1", "-o", out.toString());
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: cannot write " + out + ": directory " + out.getParent() + " does not exist\n", r.stderr());
    }

    @Test
    void aCheckpointInAMissingDirectoryFailsBeforeConnecting() {
        Path ckpt = dir.resolve("missing").resolve("tail.ckpt");
        String expected = "replkit: cannot write " + ckpt + ": directory " + ckpt.getParent() + " does not exist\n";
        CliRunner.Result tail = CliRunner.run("repl-tail", "-p", "1", "--checkpoint", ckpt.toString());
        assertEquals(ExitCode.FAILURE, tail.exitCode());
        assertEquals(expected, tail.stderr());
        CliRunner.Result replay = CliRunner.run("replay", "--master", "redis://127.0.0.1:1", "--to", "redis://127.0.0.1:1",
            "--checkpoint", ckpt.toString());
        assertEquals(ExitCode.FAILURE, replay.exitCode());
        assertEquals(expected, replay.stderr());
    }
}
