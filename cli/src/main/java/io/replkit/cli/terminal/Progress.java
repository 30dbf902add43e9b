package io.replkit.cli.terminal;

import java.io.PrintWriter;
import java.util.Locale;
import org.jline.terminal.Terminal;

/**
 * A progress bar on stderr, drawn only when stderr is a terminal (jline decides); otherwise
 * {@link #NONE}, which does nothing. Callers report the position as often as they like; the bar
 * redraws at most a few times a second.
 */
public abstract class Progress implements AutoCloseable {

    /** Files smaller than this finish too quickly for a bar to help. */
    public static final long MIN_BYTES_FOR_BAR = 100L << 20;

    public static final Progress NONE = new Progress() {
        @Override
        public void update(long position) {
        }

        @Override
        public void close() {
        }
    };

    public abstract void update(long position);

    @Override
    public abstract void close();

    /** A bar for {@code total} bytes labelled {@code label}, or {@link #NONE} when stderr is not a terminal. */
    public static Progress bytes(String label, long total, boolean enabled) {
        return total < MIN_BYTES_FOR_BAR ? NONE : transfer(label, total, enabled);
    }

    /**
     * A bar for a transfer of {@code total} bytes, or a byte counter with the rate when the total is
     * unknown (-1), whatever the size; {@link #NONE} when stderr is not a terminal.
     */
    public static Progress transfer(String label, long total, boolean enabled) {
        Terminal t = enabled ? StderrTerminal.openOrNull() : null;
        return t == null ? NONE : new Bar(t, label, total);
    }

    private static final class Bar extends Progress {
        private static final long REDRAW_NANOS = 200_000_000L;
        private final Terminal terminal;
        private final PrintWriter out;
        private final String label;
        private final long total;
        private final long start = System.nanoTime();
        private long lastDraw;

        Bar(Terminal terminal, String label, long total) {
            this.terminal = terminal;
            this.out = terminal.writer();
            this.label = label;
            this.total = total;
        }

        @Override
        public void update(long position) {
            long now = System.nanoTime();
            if (now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            draw(position, now);
        }

        private void draw(long position, long now) {
            double secs = Math.max(1e-9, (now - start) / 1e9);
            double rate = position / secs;
            if (total <= 0) {
                out.print("\r" + label + " " + mb(position) + " " + mb((long) rate) + "/s\033[K");
                out.flush();
                return;
            }
            double frac = Math.min(1.0, (double) position / total);
            String eta = rate > 0 ? formatSeconds((total - position) / rate) : "--:--";
            String tail = String.format(Locale.ROOT, " %3.0f%% %s/%s %s/s ETA %s", frac * 100,
                mb(position), mb(total), mb((long) rate), eta);
            int width = Math.max(10, terminal.getWidth() - label.length() - tail.length() - 4);
            int filled = (int) (frac * width);
            StringBuilder sb = new StringBuilder("\r").append(label).append(" [");
            for (int i = 0; i < width; i++) {
                sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
            }
            sb.append(']').append(tail);
            out.print(sb);
            out.flush();
        }

        @Override
        public void close() {
            StderrTerminal.clearAndClose(terminal);
        }

        private static String mb(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        }

        private static String formatSeconds(double s) {
            long t = (long) s;
            return String.format(Locale.ROOT, "%02d:%02d", t / 60, t % 60);
        }
    }
}
