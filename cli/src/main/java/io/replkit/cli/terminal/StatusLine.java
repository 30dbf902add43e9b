package io.replkit.cli.terminal;

import java.io.PrintWriter;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;

/**
 * One line of running figures on stderr (rates, counts, lag), redrawn in place at most five times
 * a second, only when stderr is a terminal; otherwise {@link #NONE}, which does nothing. The text
 * is built only when it is drawn.
 */
public class StatusLine implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;

    public static final StatusLine NONE = new StatusLine(null);

    private final Terminal terminal;
    private final PrintWriter out;
    private long lastDraw;

    private StatusLine(Terminal terminal) {
        this.terminal = terminal;
        this.out = terminal == null ? null : terminal.writer();
    }

    /** A status line when {@code enabled} and stderr is a terminal, else {@link #NONE}. */
    public static StatusLine open(boolean enabled) {
        Terminal t = enabled ? StderrTerminal.openOrNull() : null;
        return t == null ? NONE : new StatusLine(t);
    }

    public boolean isActive() {
        return terminal != null;
    }

    /** Redraws with {@code text} unless the last draw was less than 200 ms ago. */
    public void update(Supplier<String> text) {
        if (terminal == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String s = text.get();
        int width = Math.max(20, terminal.getWidth() - 1);
        out.print("\r" + (s.length() > width ? s.substring(0, width) : s) + "\033[K");
        out.flush();
    }

    /** Erases the line before other messages are printed. */
    public void clear() {
        if (terminal != null) {
            out.print("\r\033[K");
            out.flush();
        }
    }

    @Override
    public void close() {
        if (terminal != null) {
            StderrTerminal.clearAndClose(terminal);
        }
    }
}
