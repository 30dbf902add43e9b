package io.replkit.cli.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.replkit.cli.output.JsonBytes;
import io.replkit.cli.output.JsonRows;
import io.replkit.cli.output.OutputFormat;
import io.replkit.cli.rdbfile.diff.DiffReport;
import io.replkit.cli.rdbfile.diff.Difference;
import io.replkit.cli.rdbfile.diff.ValueComparison;
import io.replkit.rdb.Printable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * verify-data's differences on stdout: as text, one line per key and indented details, or as
 * JSON lines {@code {"status":"missing"|"extra"|"differs","db":0,"key":...,"differences":[...]}}
 * with each difference in rdb-diff's shape ({@code a} is the source, {@code b} the target).
 */
final class DataReport {
    private final PrintWriter text;
    private final JsonRows rows;
    private final JsonBytes bytes = new JsonBytes();

    DataReport(OutputFormat format, PrintWriter text, OutputStream os, JsonFactory json) throws IOException {
        this.text = text;
        this.rows = format == OutputFormat.jsonl ? JsonRows.open(json, os, format) : null;
    }

    /** The key is in the source and not in the target. */
    void missing(int db, byte[] key) throws IOException {
        only("missing", "missing in target", db, key);
    }

    /** The key is in the target and not in the source. */
    void extra(int db, byte[] key) throws IOException {
        only("extra", "extra in target", db, key);
    }

    private void only(String status, String label, int db, byte[] key) throws IOException {
        if (rows == null) {
            text.println(label + "  " + key(db, key));
            return;
        }
        start(status, db, key);
        rows.generator().writeEndObject();
    }

    void differs(int db, byte[] key, ValueComparison.Result r) throws IOException {
        if (rows == null) {
            text.println("differs  " + key(db, key));
            for (Difference d : r.shown()) {
                text.println("    " + DiffReport.text(d));
            }
            if (r.total() > r.shown().size()) {
                text.println("    ... and " + (r.total() - r.shown().size()) + " more");
            }
            return;
        }
        JsonGenerator g = rows.generator();
        start("differs", db, key);
        g.writeArrayFieldStart("differences");
        for (Difference d : r.shown()) {
            DiffReport.json(g, d, bytes);
        }
        g.writeEndArray();
        g.writeNumberField("more", r.total() - r.shown().size());
        g.writeEndObject();
    }

    private void start(String status, int db, byte[] key) throws IOException {
        JsonGenerator g = rows.generator();
        g.writeStartObject();
        g.writeStringField("status", status);
        g.writeNumberField("db", db);
        g.writeFieldName("key");
        bytes.write(g, key);
    }

    private static String key(int db, byte[] key) {
        return "db " + db + "  \"" + Printable.escape(key, Integer.MAX_VALUE) + "\"";
    }

    void finish() throws IOException {
        if (rows != null) {
            rows.finish();
        }
        text.flush();
    }
}
