package io.replkit.cli.rdbfile.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.replkit.cli.output.JsonBytes;
import io.replkit.cli.output.JsonRows;
import io.replkit.cli.output.OutputFormat;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.Printable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * Prints the diff: text for people, one JSON object per key for tools.
 *
 * <pre>
 * only in A  db 0  "user:1"  string
 * only in B  db 0  "user:9"  hash
 * differs    db 0  "cart:7"  list
 *     element at index 3: "x" vs "y"
 * </pre>
 * JSON lines: {@code {"status":"differs","db":0,"key":"cart:7","type":"list","differences":[{"what":"element",
 * "index":3,"a":"x","b":"y"}],"more":0}}; byte strings follow the {@code {"hex": ...}} rule of {@link JsonBytes}.
 */
public final class DiffReport implements RdbDiff.Listener {
    private static final int TEXT_BYTES = 120;

    private final OutputFormat format;
    private final PrintWriter text;
    private final JsonBytes bytes = new JsonBytes();
    private JsonRows rows;

    public DiffReport(OutputFormat format, PrintWriter text, OutputStream os, JsonFactory json) throws IOException {
        this.format = format;
        this.text = text;
        if (format == OutputFormat.jsonl) {
            rows = JsonRows.open(json, os, format);
        }
    }

    @Override
    public void onlyInA(KeyEntry k) throws IOException {
        only("only_in_a", "only in A", k);
    }

    @Override
    public void onlyInB(KeyEntry k) throws IOException {
        only("only_in_b", "only in B", k);
    }

    private void only(String status, String label, KeyEntry k) throws IOException {
        if (rows == null) {
            text.println(label + "  " + key(k));
            return;
        }
        JsonGenerator g = rows.generator();
        start(g, status, k);
        g.writeEndObject();
    }

    @Override
    public void differs(KeyEntry a, KeyEntry b, ValueComparison.Result r) throws IOException {
        if (rows == null) {
            text.println("differs    " + key(a));
            for (Difference d : r.shown()) {
                text.println("    " + text(d));
            }
            if (r.total() > r.shown().size()) {
                text.println("    ... and " + (r.total() - r.shown().size()) + " more");
            }
            return;
        }
        JsonGenerator g = rows.generator();
        start(g, "differs", a);
        g.writeArrayFieldStart("differences");
        for (Difference d : r.shown()) {
            json(g, d);
        }
        g.writeEndArray();
        g.writeNumberField("more", r.total() - r.shown().size());
        g.writeEndObject();
    }

    public void finish() throws IOException {
        if (rows != null) {
            rows.finish();
        }
        text.flush();
    }

    private void start(JsonGenerator g, String status, KeyEntry k) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", status);
        g.writeNumberField("db", k.db());
        g.writeFieldName("key");
        bytes.write(g, k.key());
        g.writeStringField("type", k.type().dataType().typeName());
    }

    private static String key(KeyEntry k) {
        return "db " + k.db() + "  \"" + Printable.escape(k.key(), Integer.MAX_VALUE) + "\"  " + k.type().dataType().typeName();
    }

    /** {@code element at index 3: "x" vs "y"}, {@code member "m": only in A}. */
    public static String text(Difference d) {
        StringBuilder sb = new StringBuilder(label(d.what()));
        if (d.where() != null) {
            String joint = d.what().equals(d.where()) ? " "
                : d.where().equals("index") || d.where().equals("id") ? " at " + d.where() + " " : " of " + d.where() + " ";
            sb.append(joint).append(value(d.at(), d.what()));
        }
        sb.append(": ");
        String only = d.onlyIn();
        if (only != null) {
            Object present = "a".equals(only) ? d.a() : d.b();
            sb.append("only in ").append(only.toUpperCase());
            if (present != Difference.PRESENT) {
                sb.append(" (").append(value(present, d.what())).append(')');
            }
        } else {
            sb.append(value(d.a(), d.what())).append(" vs ").append(value(d.b(), d.what()));
        }
        return sb.toString();
    }

    private static String label(String what) {
        return switch (what) {
            case "expire_ms" -> "expiry";
            case "field_expire_ms" -> "field expiry";
            default -> what.replace('_', ' ');
        };
    }

    private static String value(Object v, String what) {
        if (v == null) {
            return "none";
        }
        if (v instanceof byte[] b) {
            return '"' + Printable.escape(b, TEXT_BYTES) + '"';
        }
        if (v instanceof byte[][] fv) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i + 1 < fv.length; i += 2) {
                sb.append(i == 0 ? "" : ", ").append(value(fv[i], what)).append(": ").append(value(fv[i + 1], what));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Long ms && what.endsWith("expire_ms")) {
            return Instant.ofEpochMilli(ms) + " (" + ms + ")";
        }
        if (v instanceof Double s) {
            return s == Math.rint(s) && !s.isInfinite() && Math.abs(s) < 1e15 ? String.valueOf(s.longValue()) : String.valueOf(s);
        }
        return String.valueOf(v);
    }

    private void json(JsonGenerator g, Difference d) throws IOException {
        json(g, d, bytes);
    }

    /** One difference as a JSON object: {@code {"what", <where>, "a", "b"}} or {@code {"what", <where>, "only_in", ...}}. */
    public static void json(JsonGenerator g, Difference d, JsonBytes bytes) throws IOException {
        g.writeStartObject();
        g.writeStringField("what", d.what());
        if (d.where() != null) {
            g.writeFieldName(d.where());
            jsonValue(g, d.at(), bytes);
        }
        String only = d.onlyIn();
        if (only != null) {
            g.writeStringField("only_in", only);
            Object present = "a".equals(only) ? d.a() : d.b();
            if (present != Difference.PRESENT) {
                g.writeFieldName(only);
                jsonValue(g, present, bytes);
            }
        } else {
            g.writeFieldName("a");
            jsonValue(g, d.a(), bytes);
            g.writeFieldName("b");
            jsonValue(g, d.b(), bytes);
        }
        g.writeEndObject();
    }

    private static void jsonValue(JsonGenerator g, Object v, JsonBytes bytes) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof byte[] b) {
            bytes.write(g, b);
        } else if (v instanceof byte[][] fv) {
            g.writeStartArray();
            for (byte[] b : fv) {
                bytes.write(g, b);
            }
            g.writeEndArray();
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double s) {
            if (Double.isInfinite(s)) {
                g.writeString(s > 0 ? "inf" : "-inf");
            } else if (s == Math.rint(s) && Math.abs(s) < 9007199254740992.0) {
                g.writeNumber(s.longValue());
            } else {
                g.writeNumber(s);
            }
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
