package io.replkit.cli.terminal;

import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Stderr as a jline terminal, for the progress bar and the status line. */
final class StderrTerminal {

    private StderrTerminal() {
    }

    /** The terminal on stderr, or null when stderr is not one (jline falls back to dumb) or jline fails. */
    static Terminal openOrNull() {
        try {
            Terminal t = TerminalBuilder.builder().system(true)
                .systemOutput(TerminalBuilder.SystemOutput.SysErr)
                .dumb(true).jansi(false).build();
            if (t.getType() == null || t.getType().startsWith(Terminal.TYPE_DUMB)) {
                t.close();
                return null;
            }
            return t;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Erases the current line and closes the terminal. */
    static void clearAndClose(Terminal t) {
        t.writer().print("\r\033[K");
        t.writer().flush();
        try {
            t.close();
        } catch (IOException ignored) {
            // closing a terminal we only wrote to cannot lose data
        }
    }
}
