package io.replkit.cli.inspect;

import com.fasterxml.jackson.core.JsonGenerator;
import io.replkit.cli.output.TextTable;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.RdbType;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders a {@link Summary} as aligned text or as one JSON document. */
final class SummaryPrinter {
    /** {@code redis.register_function('name'} or {@code function_name='name'}. */
    private static final Pattern FUNCTION_NAME = Pattern.compile(
        "register_function\\s*\\(\\s*['\"]([^'\"]+)['\"]|function_name\\s*=\\s*['\"]([^'\"]+)['\"]");

    private final Summary s;
    private final String name;
    private final long bytes;
    private final double seconds;
    private final boolean unfiltered;

    SummaryPrinter(Summary s, String name, long bytes, double seconds, boolean unfiltered) {
        this.s = s;
        this.name = name;
        this.bytes = bytes;
        this.seconds = seconds;
        this.unfiltered = unfiltered;
    }

    /** Function names a library registers, found in its source. */
    static List<String> functionNames(FunctionLibrary f) {
        List<String> names = new ArrayList<>();
        Matcher m = FUNCTION_NAME.matcher(f.codeAsString());
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    private String checksum() {
        return switch (s.end.status()) {
            case VERIFIED -> String.format("verified (0x%016x)", s.end.checksum());
            case DISABLED -> "disabled by the writer (stored 0)";
            case ABSENT -> "none (RDB " + s.header.version() + " has no checksum)";
        };
    }

    /** Aux values worth a human rendering next to the raw one. */
    private static String auxDisplay(AuxField a) {
        String v = a.valueAsString();
        try {
            switch (a.name()) {
                case "ctime":
                    return v + " (" + Instant.ofEpochSecond(Long.parseLong(v)) + ")";
                case "used-mem":
                    return v + " (" + human(Long.parseLong(v)) + ")";
                default:
                    return v;
            }
        } catch (NumberFormatException e) {
            return v;
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    void text(PrintWriter out) {
        out.println("File:      " + name + " (" + human(bytes) + ")");
        out.println("Format:    RDB version " + s.header.version() + " (" + s.header.magic() + ")");
        out.println("Checksum:  " + checksum());
        out.println("Keys:      " + s.keys + (unfiltered ? "" : " (after filters)")
            + (s.expired > 0 ? ", " + s.expired + " already expired" : ""));
        if (!s.aux.isEmpty()) {
            out.println();
            out.println("Aux fields:");
            TextTable t = new TextTable(out, "  name", "value");
            for (AuxField a : s.aux) {
                t.row("  " + a.name(), auxDisplay(a));
            }
            t.finish();
        }
        out.println();
        out.println("Databases:");
        TextTable dbs = new TextTable(out, ">  db", ">keys", ">expires", ">bytes", "resizedb hint");
        for (Map.Entry<Integer, Summary.DbStats> e : s.dbs.entrySet()) {
            Summary.DbStats d = e.getValue();
            dbs.row("  " + e.getKey(), String.valueOf(d.keys), String.valueOf(d.expires), String.valueOf(d.bytes),
                d.resizeKeys == null ? "-" : d.resizeKeys + " keys, " + d.resizeExpires + " expires");
        }
        dbs.finish();
        out.println();
        out.println("Types:");
        TextTable types = new TextTable(out, "  type", "encoding", ">keys", ">bytes");
        for (Map.Entry<RdbType, Summary.TypeStats> e : s.types.entrySet()) {
            types.row("  " + e.getKey().dataType().typeName(), e.getKey().rdbName(),
                String.valueOf(e.getValue().keys), String.valueOf(e.getValue().bytes));
        }
        types.finish();
        if (!s.functions.isEmpty()) {
            out.println();
            out.println("Function libraries:");
            for (FunctionLibrary f : s.functions) {
                out.println("  " + f.name() + " (" + f.engine() + "): " + String.join(", ", functionNames(f)));
            }
        }
        if (!s.moduleTypes.isEmpty()) {
            out.println();
            out.println("Module types: " + String.join(", ", s.moduleTypes));
        }
        if (s.slotInfoRecords > 0) {
            out.println();
            out.println("Cluster slot info records: " + s.slotInfoRecords);
        }
        out.println();
        out.println(String.format(Locale.ROOT, "Read in %.3f s (%.1f MB/s)", seconds, bytes / seconds / 1e6));
    }

    void json(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", name);
        g.writeNumberField("bytes", bytes);
        g.writeNumberField("rdb_version", s.header.version());
        g.writeStringField("rdb_magic", s.header.magic());
        g.writeStringField("checksum", s.end.status().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("aux");
        for (AuxField a : s.aux) {
            g.writeStartArray();
            g.writeString(a.name());
            g.writeString(a.valueAsString());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeNumberField("key_count", s.keys);
        g.writeNumberField("expired_keys", s.expired);
        g.writeObjectFieldStart("databases");
        for (Map.Entry<Integer, Summary.DbStats> e : s.dbs.entrySet()) {
            Summary.DbStats d = e.getValue();
            g.writeObjectFieldStart(String.valueOf(e.getKey()));
            g.writeNumberField("keys", d.keys);
            g.writeNumberField("expires", d.expires);
            g.writeNumberField("bytes", d.bytes);
            if (d.resizeKeys != null) {
                g.writeNumberField("resizedb_keys", d.resizeKeys);
                g.writeNumberField("resizedb_expires", d.resizeExpires);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("types");
        for (Map.Entry<RdbType, Summary.TypeStats> e : s.types.entrySet()) {
            g.writeStartObject();
            g.writeStringField("type", e.getKey().dataType().typeName());
            g.writeStringField("encoding", e.getKey().rdbName());
            g.writeNumberField("keys", e.getValue().keys);
            g.writeNumberField("bytes", e.getValue().bytes);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("functions");
        for (FunctionLibrary f : s.functions) {
            g.writeStartObject();
            g.writeStringField("library_name", f.name());
            g.writeStringField("engine", f.engine());
            g.writeArrayFieldStart("functions");
            for (String fn : functionNames(f)) {
                g.writeString(fn);
            }
            g.writeEndArray();
            g.writeStringField("code", f.codeAsString());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("module_types");
        for (String m : s.moduleTypes) {
            g.writeString(m);
        }
        g.writeEndArray();
        g.writeNumberField("slot_info_records", s.slotInfoRecords);
        g.writeNumberField("elapsed_ms", (long) (seconds * 1000));
        g.writeEndObject();
    }
}
