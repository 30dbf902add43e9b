package io.replkit.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Text output aligned in columns. The first rows are buffered to size the columns, then rows
 * stream through with those widths, so a table of millions of rows needs no memory.
 */
public final class TextTable {
    private static final int SIZING_ROWS = 1000;

    private final PrintWriter out;
    private final String[] header;
    private final boolean[] rightAligned;
    private final List<String[]> buffered = new ArrayList<>();
    private int[] widths;

    /** Columns whose header starts with '>' are right-aligned (the '>' is not printed). */
    public TextTable(PrintWriter out, String... header) {
        this.out = out;
        this.header = new String[header.length];
        this.rightAligned = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            rightAligned[i] = header[i].startsWith(">");
            this.header[i] = rightAligned[i] ? header[i].substring(1) : header[i];
        }
    }

    public void row(String... cells) {
        if (widths != null) {
            print(cells);
            return;
        }
        buffered.add(cells);
        if (buffered.size() >= SIZING_ROWS) {
            flushBuffered();
        }
    }

    private void flushBuffered() {
        widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] r : buffered) {
            for (int i = 0; i < r.length && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        print(header);
        for (String[] r : buffered) {
            print(r);
        }
        buffered.clear();
    }

    private void print(String[] cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            boolean last = i == cells.length - 1;
            int pad = Math.max(0, widths[i] - c.length());
            if (rightAligned[i]) {
                sb.append(" ".repeat(pad)).append(c);
            } else {
                sb.append(c);
                if (!last) {
                    sb.append(" ".repeat(pad));
                }
            }
            if (!last) {
                sb.append("  ");
            }
        }
        out.println(sb);
    }

    /** Prints what is still buffered (the whole table, when it had fewer than 1000 rows). */
    public void finish() {
        if (widths == null) {
            flushBuffered();
        }
    }
}
