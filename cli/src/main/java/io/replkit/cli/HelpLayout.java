package io.replkit.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How {@code --help} lays out replkit's own text. picocli wraps every section at the terminal's
 * width (80 columns when piped), which cut example commands in two (a line that no longer runs
 * when pasted) and broke the hand-wrapped descriptions into ragged lines. The description and the
 * examples are printed as written instead, one source line per output line (a terminal may still
 * soft-wrap them, which copying undoes); the command list shows each command's first sentence.
 * Option tables keep picocli's layout.
 */
final class HelpLayout {

    private HelpLayout() {
    }

    /** Installs the renderers on {@code cl} and every subcommand below it. */
    static void install(CommandLine cl) {
        Map<String, IHelpSectionRenderer> sections = cl.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> asWritten(help.commandSpec().usageMessage().description()));
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> asWritten(help.commandSpec().usageMessage().footer()));
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
        cl.setHelpSectionMap(sections);
        for (CommandLine sub : cl.getSubcommands().values()) {
            install(sub);
        }
    }

    private static String asWritten(String[] lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(String.format(line)).append(System.lineSeparator()); // %n and %% as picocli reads them
        }
        return sb.toString();
    }

    /** Each command's first sentence, wrapped beside its name. */
    private static String commandList(Help help) {
        Map<String, Help> subs = help.subcommands();
        int nameWidth = 0;
        for (String name : subs.keySet()) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        int width = help.commandSpec().usageMessage().width();
        Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
            new Help.Column(nameWidth + 4, 2, Help.Column.Overflow.SPAN),
            new Help.Column(Math.max(20, width - nameWidth - 4), 0, Help.Column.Overflow.WRAP));
        for (Map.Entry<String, Help> e : subs.entrySet()) {
            table.addRowValues(e.getKey(), firstSentence(e.getValue().commandSpec().usageMessage().description()));
        }
        return table.toString();
    }

    /** The description up to its first full stop or colon (the lines joined), without the stop. */
    static String firstSentence(String[] description) {
        String text = String.join(" ", description).replaceAll("\\s+", " ").strip();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == ':') && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
