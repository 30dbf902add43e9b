package io.replkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** --help keeps replkit's examples and descriptions as written; picocli wrapped them at 80 columns. */
class HelpLayoutTest {

    static List<String> subcommands() {
        return List.copyOf(Main.newCommandLine().getSubcommands().keySet());
    }

    /** Lines after "Examples:" up to the next blank line, as --help prints them (80 columns, not a terminal). */
    private static List<String> examples(String command) {
        List<String> lines = CliRunner.run(command, "--help").stdout().lines().toList();
        int from = lines.indexOf("Examples:") + 1;
        int to = from;
        while (to < lines.size() && !lines.get(to).isBlank()) {
            to++;
        }
        return lines.subList(from, to);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subcommands")
    void examplesArePrintedOneCommandPerLineAsWritten(String command) {
        String[] footer = Main.newCommandLine().getSubcommands().get(command).getCommandSpec().usageMessage().footer();
        List<String> printed = examples(command);
        assertTrue(printed.size() > 0, command);
        for (int i = 0; i < printed.size(); i++) {
            assertEquals(String.format(footer[i]), printed.get(i), command + " example " + i);
        }
    }

    @Test
    void longExamplesAreNotCutAtEightyColumns() {
        assertTrue(examples("repl-tail").contains(
            "  replkit repl-tail --master redis://db1 --from 8de9e3d6b7f1c1a7c1d5bb0e6f0e4c4b1c0d8e11:123456 --count 10"));
    }

    @Test
    void theCommandListGivesEachCommandsFirstSentence() {
        String help = CliRunner.run("--help").stdout();
        assertTrue(help.contains("  dump                 Save a master's snapshot as an RDB file, like redis-cli\n"), help);
        assertTrue(help.contains("  rdb-merge            Merge RDB files into one\n"), help);
        assertEquals("Merge RDB files into one", HelpLayout.firstSentence(new String[] {"Merge RDB files into one. A key", "present"}));
        assertEquals("Split a file (db-N.rdb) or not", HelpLayout.firstSentence(new String[] {"Split a file (db-N.rdb)", "or not"}));
    }
}
