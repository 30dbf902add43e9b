package io.replkit.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;

/** Rows of data as JSON objects: one array for {@code json}, one object per line for {@code jsonl}. */
public final class JsonRows {
    private final JsonGenerator g;
    private final OutputStream os;
    private final boolean array;

    private JsonRows(JsonGenerator g, OutputStream os, boolean array) {
        this.g = g;
        this.os = os;
        this.array = array;
    }

    /** Starts the rows; {@code fmt} must be json or jsonl. The factory must not close {@code os}. */
    public static JsonRows open(JsonFactory factory, OutputStream os, OutputFormat fmt) throws IOException {
        JsonGenerator g = factory.createGenerator(os);
        boolean array = fmt == OutputFormat.json;
        if (array) {
            g.writeStartArray();
        } else {
            // a root value separator rather than a pretty printer: the same bytes, without a pretty
            // printer call on every token
            g.setRootValueSeparator(new SerializedString("\n"));
        }
        return new JsonRows(g, os, array);
    }

    /** The generator to write each row object with. */
    public JsonGenerator generator() {
        return g;
    }

    /** Ends the array (json), flushes, and ends the output with a newline. */
    public void finish() throws IOException {
        if (array) {
            g.writeEndArray();
        }
        g.close();
        os.write('\n');
    }

    /**
     * The rows end early (the input broke): flushes the rows written so far; jsonl's last line
     * gets its newline, json's array is left open so that a parser notices.
     */
    public void cut() throws IOException {
        g.flush();
        if (!array && g.getOutputContext().getEntryCount() > 0) {
            os.write('\n');
        }
        os.flush();
    }
}
