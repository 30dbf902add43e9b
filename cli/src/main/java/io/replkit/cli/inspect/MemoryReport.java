package io.replkit.cli.inspect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.replkit.cli.output.Csv;
import io.replkit.cli.output.JsonBytes;
import io.replkit.cli.output.JsonRows;
import io.replkit.cli.output.OutputFormat;
import io.replkit.cli.output.TextTable;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.Printable;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.memory.KeyMemory;
import io.replkit.rdb.memory.MemoryEstimator;
import io.replkit.rdb.memory.PrefixAggregator;
import io.replkit.rdb.memory.TopN;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * {@code rdb-inspect --memory}: estimated RAM per key in a server (redis-rdb-tools' CSV columns),
 * the N largest keys, or totals per key prefix. The estimator models the server version named by
 * the file's {@code redis-ver} aux field, else the newest one writing that RDB version.
 */
final class MemoryReport {
    static final String[] COLUMNS = {"database", "type", "key", "size_in_bytes", "encoding", "num_elements",
        "len_largest_element", "expiry"};

    private final PrintWriter out;
    private final OutputStream os;
    private final OutputFormat fmt;
    private final JsonFactory json;
    private final MemoryEstimator.Options options;
    private final TopN top;
    private final PrefixAggregator prefixes;
    private final JsonBytes jsonBytes = new JsonBytes();
    private RdbHeader header;
    private String serverVersion;
    private MemoryEstimator estimator;
    private TextTable table;
    private JsonRows rows;
    private JsonGenerator g;

    MemoryReport(PrintWriter out, OutputStream os, OutputFormat fmt, JsonFactory json, int mallocQuantum,
                 Integer topN, Integer prefixDepth, String separator) {
        this.out = out;
        this.os = os;
        this.fmt = fmt;
        this.json = json;
        this.options = MemoryEstimator.Options.DEFAULT.withMallocQuantum(mallocQuantum);
        this.top = topN == null ? null : new TopN(topN);
        this.prefixes = prefixDepth == null ? null : new PrefixAggregator(prefixDepth, separator);
    }

    void begin() throws IOException {
        String[] header = prefixes != null ? new String[] {"prefix", "keys", "size_in_bytes"} : COLUMNS;
        switch (fmt) {
            case csv -> out.println(String.join(",", header));
            case text -> {
                String[] h = header.clone();
                for (int i = 0; i < h.length; i++) {
                    if (h[i].equals("size_in_bytes") || h[i].equals("keys") || h[i].startsWith("num_") || h[i].startsWith("len_")
                        || h[i].equals("database")) {
                        h[i] = ">" + h[i];
                    }
                }
                table = new TextTable(out, h);
            }
            case json, jsonl -> {
                rows = JsonRows.open(json, os, fmt);
                g = rows.generator();
            }
        }
    }

    void record(RdbRecord r) {
        if (r instanceof RdbHeader h) {
            header = h;
        } else if (r instanceof AuxField a && (a.name().equals("redis-ver") || a.name().equals("valkey-ver"))) {
            serverVersion = a.valueAsString();
        }
    }

    void key(KeyEntry k) throws IOException {
        if (estimator == null) {
            estimator = serverVersion != null
                ? MemoryEstimator.forServerVersion(serverVersion, options)
                : MemoryEstimator.forRdbVersion(header.version(), options);
        }
        KeyMemory m = estimator.estimate(k);
        if (top != null) {
            top.offer(k, m);
        } else if (prefixes != null) {
            prefixes.add(k.key(), m.sizeInBytes());
        } else {
            row(k.db(), k.key(), k.type(), m);
        }
    }

    private void row(int db, byte[] key, RdbType type, KeyMemory m) throws IOException {
        String typeName = MemoryEstimator.typeName(type.dataType());
        if (g != null) {
            g.writeStartObject();
            g.writeNumberField("database", db);
            g.writeStringField("type", typeName);
            g.writeFieldName("key");
            jsonBytes.write(g, key);
            g.writeNumberField("size_in_bytes", m.sizeInBytes());
            g.writeStringField("encoding", m.encoding());
            g.writeNumberField("num_elements", m.numElements());
            g.writeNumberField("len_largest_element", m.lenLargestElement());
            g.writeStringField("expiry", m.expiry());
            g.writeEndObject();
            return;
        }
        String[] cells = {String.valueOf(db), typeName, Printable.escape(key, Integer.MAX_VALUE),
            String.valueOf(m.sizeInBytes()), m.encoding(), String.valueOf(m.numElements()),
            String.valueOf(m.lenLargestElement()), m.expiry()};
        if (table != null) {
            table.row(cells);
        } else {
            out.println(Csv.row(cells));
        }
    }

    void finish() throws IOException {
        if (top != null) {
            for (TopN.Row r : top.result()) {
                row(r.db(), r.key(), r.type(), r.memory());
            }
        } else if (prefixes != null) {
            for (PrefixAggregator.PrefixStats p : prefixes.result()) {
                prefixRow(p);
            }
        }
        if (table != null) {
            table.finish();
        }
        if (rows != null) {
            rows.finish();
        }
    }

    private void prefixRow(PrefixAggregator.PrefixStats p) throws IOException {
        if (g != null) {
            g.writeStartObject();
            g.writeFieldName("prefix");
            if (p.isOther()) {
                g.writeString(p.prefixText());
            } else {
                jsonBytes.write(g, p.prefix());
            }
            g.writeNumberField("keys", p.keys());
            g.writeNumberField("size_in_bytes", p.bytes());
            g.writeEndObject();
            return;
        }
        String[] cells = {p.isOther() ? p.prefixText() : Printable.escape(p.prefix(), Integer.MAX_VALUE),
            String.valueOf(p.keys()), String.valueOf(p.bytes())};
        if (table != null) {
            table.row(cells);
        } else {
            out.println(Csv.row(cells));
        }
    }
}
