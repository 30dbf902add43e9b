package io.replkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Conventions every replkit command follows: help with examples, named exit codes, one-line errors. */
class CommandLineConventionsTest {

    static Stream<String> subcommands() {
        return Main.newCommandLine().getSubcommands().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subcommands")
    void everyCommandHasHelpWithExamples(String name) {
        CliRunner.Result r = CliRunner.run(name, "--help");
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.stdout().contains("Usage: replkit " + name), r.stdout());
        assertTrue(r.stdout().contains("Examples:"), name + " --help has no examples");
    }

    @Test
    void versionNamesTheProjectVersionCommitAndJava() {
        CliRunner.Result r = CliRunner.run("--version");
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.stdout().startsWith("replkit "), r.stdout());
        assertTrue(r.stdout().contains("commit "), r.stdout());
        assertTrue(r.stdout().contains("Java " + System.getProperty("java.version")), r.stdout());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        CliRunner.Result r = CliRunner.run("rdb-inspect", "--no-such-option", "x.rdb");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.stderr().startsWith("replkit: Unknown option: '--no-such-option'"), r.stderr());
    }

    @Test
    void missingFileFailsWithOneLineAndExitCode1() {
        CliRunner.Result r = CliRunner.run("rdb-inspect", "does-not-exist.rdb");
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals("replkit: no such file: does-not-exist.rdb", r.stderr().strip());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rdb-inspect", "rdb-diff", "rdb-convert", "rdb-split", "rdb-merge"})
    void aDirectoryGivenAsAnRdbFileIsAUsageError(String command, @TempDir Path dir) {
        String d = dir.toString();
        String[] args = switch (command) {
            case "rdb-diff" -> new String[] {command, d, d};
            case "rdb-convert" -> new String[] {command, d, dir.resolve("out.rdb").toString()};
            case "rdb-split" -> new String[] {command, d, "--by", "db", "--out", dir.resolve("parts").toString()};
            case "rdb-merge" -> new String[] {command, dir.resolve("out.rdb").toString(), d};
            default -> new String[] {command, d};
        };
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(ExitCode.USAGE, r.exitCode(), r.stderr());
        assertEquals("replkit: " + d + " is a directory, not an RDB file", r.stderr().strip());
    }

    @Test
    void stacktraceOptionPrintsTheWholeTrace() {
        CliRunner.Result r = CliRunner.run("rdb-inspect", "does-not-exist.rdb", "--stacktrace");
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertTrue(r.stderr().contains("\tat io.replkit."), r.stderr());
    }

    @Test
    void conflictingOptionsAreAUsageError() {
        CliRunner.Result r = CliRunner.run("rdb-inspect", "x.rdb", "--keys", "--values");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertFalse(r.stderr().isBlank());
    }

    @Test
    void topCommandWithoutArgumentsPrintsUsage() {
        CliRunner.Result r = CliRunner.run();
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.stdout().contains("rdb-inspect"));
    }
}
