package io.replkit.cli.inspect;

import com.fasterxml.jackson.core.JsonGenerator;
import io.replkit.cli.ExitCode;
import io.replkit.cli.ReplkitCommand;
import io.replkit.cli.UsageException;
import io.replkit.cli.options.FilterOptions;
import io.replkit.cli.options.InputFiles;
import io.replkit.cli.output.Csv;
import io.replkit.cli.output.JsonBytes;
import io.replkit.cli.output.JsonRows;
import io.replkit.cli.output.KeyJsonWriter;
import io.replkit.cli.output.OutputFormat;
import io.replkit.cli.output.StdoutData;
import io.replkit.cli.output.TextTable;
import io.replkit.cli.terminal.Progress;
import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleAux;
import io.replkit.rdb.Printable;
import io.replkit.rdb.RdbEnd;
import io.replkit.rdb.RdbFormatException;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbLimits;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.ResizeDb;
import io.replkit.rdb.SelectDb;
import io.replkit.rdb.SlotInfo;
import io.replkit.rdb.ValueVisitor;
import io.replkit.rdb.filter.KeyFilter;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.StreamId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replkit rdb-inspect FILE}: summary, keys, values, memory report or verification of an RDB file. */
@Command(name = "rdb-inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Read an RDB file of any version (Redis 2.x-8.x, Valkey) and print a summary, its keys,",
        "their values, a memory report, or just verify it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  replkit rdb-inspect dump.rdb                                  # summary",
        "  replkit rdb-inspect dump.rdb --keys --match 'user:*'           # one row per key",
        "  replkit rdb-inspect dump.rdb --values --format jsonl --db 0    # full values, one JSON line per key",
        "  replkit rdb-inspect dump.rdb --memory --top 20                 # the 20 largest keys",
        "  replkit rdb-inspect dump.rdb --memory --prefix-depth 1         # memory by key prefix",
        "  replkit rdb-inspect dump.rdb --verify                          # structure and checksum: OK or the error",
        "  redis-cli --rdb - | replkit rdb-inspect -                      # read stdin"
    })
public final class RdbInspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ReplkitCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The RDB file, or - for standard input.")
    String file;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--keys", description = "One row per key: db, key, type, encoding, serialized size, elements, expiry.")
        boolean keys;

        @Option(names = "--values", description = "The full value of each key (text, json or jsonl).")
        boolean values;

        @Option(names = "--memory", description = "Estimated RAM per key in a server (CSV columns as redis-rdb-tools).")
        boolean memory;

        @Option(names = "--verify", description = "Check structure and checksum only; print OK or the error with its offset.")
        boolean verify;
    }

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "text, json, jsonl or csv (default: text; csv for --memory).")
    OutputFormat format;

    @Mixin
    FilterOptions filters;

    @Option(names = "--top", paramLabel = "N", description = "With --memory: only the N largest keys.")
    Integer top;

    @Option(names = "--prefix-depth", paramLabel = "N", description = "With --memory: aggregate by the first N parts of the key.")
    Integer prefixDepth;

    @Option(names = "--separator", paramLabel = "S", defaultValue = ":",
        description = "With --prefix-depth: the key part separator (default: ${DEFAULT-VALUE}).")
    String separator;

    @Option(names = "--malloc-quantum", paramLabel = "BYTES", defaultValue = "8",
        description = "With --memory: the allocator's smallest size step: 8 for Redis's bundled jemalloc (source builds, "
            + "official images), 16 for distribution packages built with the system jemalloc (default: ${DEFAULT-VALUE}).")
    int mallocQuantum;

    @Option(names = "--no-progress", description = "Never draw a progress bar (it is drawn only on a terminal anyway).")
    boolean noProgress;

    @Option(names = "--stats", description = "At the end, print one line to stderr: bytes, elapsed, MB/s, keys/s, peak heap.")
    boolean stats;

    @Override
    public Integer call() throws IOException {
        validate();
        long start = System.nanoTime();
        KeyFilter filter = filters.toFilter();
        Path path = InputFiles.isStdin(file) ? null : InputFiles.requireFile(file);
        long size = path == null ? -1 : Files.size(path);
        InputStream in = path == null ? System.in : Files.newInputStream(path);
        // One buffered byte stream for data: JSON is generated straight into it, text through a writer on top.
        BufferedOutputStream os = StdoutData.open(spec, parent.stdout());
        PrintWriter out = StdoutData.text(os);
        Pass pass;
        if (mode.keys) {
            pass = new KeysPass(out, os, format(OutputFormat.text));
        } else if (mode.values) {
            pass = new ValuesPass(out, os, format(OutputFormat.text));
        } else if (mode.memory) {
            pass = new MemoryPass(new MemoryReport(out, os, format(OutputFormat.csv), StdoutData.JSON, mallocQuantum, top, prefixDepth, separator));
        } else if (mode.verify) {
            pass = new VerifyPass(out);
        } else {
            pass = new SummaryPass(out, os, format(OutputFormat.text), displayName(), size, filter);
        }
        int exit;
        try (RdbReader reader = new RdbReader(in, size, RdbLimits.DEFAULT);
             Progress progress = Progress.bytes("rdb-inspect", size, !noProgress)) {
            exit = run(reader, filter, pass, progress);
        }
        out.flush();
        if (stats) {
            printStats(start, pass.bytesRead, pass.keys);
        }
        return exit;
    }

    private int run(RdbReader reader, KeyFilter filter, Pass pass, Progress progress) throws IOException {
        pass.begin();
        try {
            for (RdbRecord rec; (rec = reader.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    if ((++pass.seen & 255) == 0) {
                        progress.update(k.offset());
                    }
                    if (filter.accepts(k)) {
                        pass.keys++;
                        pass.key(k);
                    }
                } else {
                    pass.record(rec);
                }
            }
        } catch (RdbFormatException e) {
            pass.bytesRead = reader.offset();
            pass.endRowsBeforeError();
            return pass.failed(e);
        }
        pass.bytesRead = reader.offset();
        return pass.finish();
    }

    private void validate() {
        OutputFormat f = format;
        if (!mode.memory && (top != null || prefixDepth != null)) {
            throw new UsageException("--top and --prefix-depth go with --memory");
        }
        if (mallocQuantum != 8 && mallocQuantum != 16) {
            throw new UsageException("--malloc-quantum must be 8 or 16");
        }
        if ((top != null && top < 1) || (prefixDepth != null && prefixDepth < 1)) {
            throw new UsageException("--top and --prefix-depth take a positive number");
        }
        if (top != null && prefixDepth != null) {
            throw new UsageException("--top and --prefix-depth cannot be combined");
        }
        if (f == OutputFormat.csv && (mode.values || (!mode.keys && !mode.memory && !mode.verify))) {
            throw new UsageException("--format csv is available with --keys and --memory");
        }
        if (mode.verify && f != null && f != OutputFormat.text) {
            throw new UsageException("--verify prints text only");
        }
    }

    private OutputFormat format(OutputFormat dflt) {
        return format == null ? dflt : format;
    }

    private String displayName() {
        return InputFiles.isStdin(file) ? "(stdin)" : file;
    }

    private void printStats(long start, long bytes, long keys) {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(String.format(Locale.ROOT, "stats: bytes=%d elapsed_ms=%d mb_per_s=%.1f keys=%d keys_per_s=%.0f peak_heap_mb=%.1f",
            bytes, (long) (secs * 1000), bytes / secs / 1e6, keys, keys / secs, peak / 1048576.0));
        err.flush();
    }

    // ------------------------------------------------------------------ passes

    /** One way of going over the file. */
    private abstract static class Pass {
        long seen;
        long keys;
        long bytesRead;

        void begin() throws IOException {
        }

        abstract void key(KeyEntry k) throws IOException;

        void record(RdbRecord r) throws IOException {
        }

        int finish() throws IOException {
            return ExitCode.OK;
        }

        int failed(RdbFormatException e) throws IOException {
            throw e;
        }

        /**
         * The input broke: print the rows of the keys before the broken one, each complete (a
         * jsonl line ends with its newline; a json array stays open, so parsers see the cut).
         */
        void endRowsBeforeError() throws IOException {
        }
    }

    /** The default pass: counts per database, type and encoding, aux fields, functions. */
    private final class SummaryPass extends Pass {
        private final PrintWriter out;
        private final OutputStream os;
        private final OutputFormat fmt;
        private final Summary s = new Summary();
        private final String name;
        private final long size;
        private final KeyFilter filter;
        private final long now = System.currentTimeMillis();
        private final long start = System.nanoTime();
        private int db;

        SummaryPass(PrintWriter out, OutputStream os, OutputFormat fmt, String name, long size, KeyFilter filter) {
            if (fmt == OutputFormat.jsonl) {
                fmt = OutputFormat.json;
            }
            this.out = out;
            this.os = os;
            this.fmt = fmt;
            this.name = name;
            this.size = size;
            this.filter = filter;
        }

        @Override
        void key(KeyEntry k) throws IOException {
            k.skip();
            s.add(k, now);
        }

        @Override
        void record(RdbRecord r) {
            if (r instanceof RdbHeader h) {
                s.header = h;
            } else if (r instanceof AuxField a) {
                s.aux.add(a);
            } else if (r instanceof SelectDb sel) {
                db = sel.db();
            } else if (r instanceof ResizeDb rz) {
                if (filter.acceptsDb(db)) {
                    s.resize(db, rz);
                }
            } else if (r instanceof FunctionLibrary f) {
                s.functions.add(f);
            } else if (r instanceof ModuleAux m) {
                s.module(m);
            } else if (r instanceof SlotInfo si) {
                s.slotInfo(si);
            } else if (r instanceof RdbEnd e) {
                s.end = e;
            }
        }

        @Override
        int finish() throws IOException {
            double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
            SummaryPrinter p = new SummaryPrinter(s, name, size < 0 ? bytesRead : size, secs, filter.isAll());
            if (fmt == OutputFormat.json) {
                try (JsonGenerator g = StdoutData.JSON.createGenerator(os)) {
                    g.useDefaultPrettyPrinter();
                    p.json(g);
                }
                os.write('\n');
            } else {
                p.text(out);
            }
            return ExitCode.OK;
        }
    }

    /** {@code --keys}: one row per key. */
    private final class KeysPass extends Pass {
        private final PrintWriter out;
        private final OutputStream os;
        private final OutputFormat fmt;
        private final ElementCounter counter = new ElementCounter();
        private final JsonBytes jsonBytes = new JsonBytes();
        private TextTable table;
        private JsonRows rows;
        private JsonGenerator g;

        KeysPass(PrintWriter out, OutputStream os, OutputFormat fmt) {
            this.out = out;
            this.os = os;
            this.fmt = fmt;
        }

        @Override
        void begin() throws IOException {
            switch (fmt) {
                case text -> table = new TextTable(out, ">db", "key", "type", "encoding", ">size", ">elements", "expiry");
                case csv -> out.println("db,key,type,encoding,size,elements,expire_ms");
                case json, jsonl -> {
                    rows = JsonRows.open(StdoutData.JSON, os, fmt);
                    g = rows.generator();
                }
            }
        }

        @Override
        void key(KeyEntry k) throws IOException {
            long elements = counter.count(k);
            String type = k.type().dataType().typeName();
            String enc = k.type().rdbName();
            switch (fmt) {
                case text -> table.row(String.valueOf(k.db()), '"' + Printable.escape(k.key(), Integer.MAX_VALUE) + '"', type, enc,
                    String.valueOf(k.serializedSize()), String.valueOf(elements), k.hasExpiry() ? Instant.ofEpochMilli(k.expireAtMs()).toString() : "-");
                case csv -> out.println(Csv.row(String.valueOf(k.db()), Printable.escape(k.key(), Integer.MAX_VALUE), type, enc,
                    String.valueOf(k.serializedSize()), String.valueOf(elements), k.hasExpiry() ? String.valueOf(k.expireAtMs()) : ""));
                default -> {
                    g.writeStartObject();
                    g.writeNumberField("db", k.db());
                    g.writeFieldName("key");
                    jsonBytes.write(g, k.key());
                    g.writeStringField("type", type);
                    g.writeStringField("rdb_type", enc);
                    g.writeNumberField("size", k.serializedSize());
                    g.writeNumberField("elements", elements);
                    g.writeFieldName("expire_ms");
                    if (k.hasExpiry()) {
                        g.writeNumber(k.expireAtMs());
                    } else {
                        g.writeNull();
                    }
                    g.writeEndObject();
                }
            }
        }

        @Override
        int finish() throws IOException {
            if (table != null) {
                table.finish();
            }
            if (rows != null) {
                rows.finish();
            }
            return ExitCode.OK;
        }

        @Override
        void endRowsBeforeError() throws IOException {
            if (table != null) {
                table.finish();
            }
            if (rows != null) {
                rows.cut();
            }
            out.flush();
        }
    }

    /** {@code --values}: every value in full. */
    private final class ValuesPass extends Pass {
        private final PrintWriter out;
        private final OutputStream os;
        private final OutputFormat fmt;
        private final KeyJsonWriter writer = new KeyJsonWriter();
        private final ValueText text = new ValueText();
        private JsonRows rows;

        ValuesPass(PrintWriter out, OutputStream os, OutputFormat fmt) {
            this.out = out;
            this.os = os;
            this.fmt = fmt;
        }

        @Override
        void begin() throws IOException {
            if (fmt == OutputFormat.json || fmt == OutputFormat.jsonl) {
                rows = JsonRows.open(StdoutData.JSON, os, fmt);
            }
        }

        @Override
        void key(KeyEntry k) throws IOException {
            RdbValue v = k.value();
            if (rows != null) {
                writer.write(rows.generator(), k, v);
            } else {
                text.write(out, k, v);
            }
        }

        @Override
        int finish() throws IOException {
            if (rows != null) {
                rows.finish();
            }
            return ExitCode.OK;
        }

        @Override
        void endRowsBeforeError() throws IOException {
            if (rows != null) {
                rows.cut();
            }
            out.flush();
        }
    }

    /** {@code --memory}: estimated RAM per key, the largest keys, or totals per prefix. */
    private static final class MemoryPass extends Pass {
        private final MemoryReport report;

        MemoryPass(MemoryReport report) {
            this.report = report;
        }

        @Override
        void begin() throws IOException {
            report.begin();
        }

        @Override
        void record(RdbRecord r) {
            report.record(r);
        }

        @Override
        void key(KeyEntry k) throws IOException {
            report.key(k);
        }

        @Override
        int finish() throws IOException {
            report.finish();
            return ExitCode.OK;
        }
    }

    /** {@code --verify}: decode everything, check the checksum, print OK or the error. */
    private static final class VerifyPass extends Pass {
        private static final ValueVisitor DISCARD = new ValueVisitor() { };
        private final PrintWriter out;
        private RdbHeader header;
        private RdbEnd end;

        VerifyPass(PrintWriter out) {
            this.out = out;
        }

        @Override
        void key(KeyEntry k) throws IOException {
            k.accept(DISCARD);
        }

        @Override
        void record(RdbRecord r) {
            if (r instanceof RdbHeader h) {
                header = h;
            } else if (r instanceof RdbEnd e) {
                end = e;
            }
        }

        @Override
        int finish() {
            String checksum = switch (end.status()) {
                case VERIFIED -> "checksum verified";
                case DISABLED -> "checksum disabled by the writer";
                case ABSENT -> "no checksum before RDB 5";
            };
            out.println("OK (RDB " + header.version() + ", " + seen + " keys, " + checksum + ")");
            return ExitCode.OK;
        }

        @Override
        int failed(RdbFormatException e) {
            out.println("ERROR: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    /** Counts a value's elements without keeping them. */
    static final class ElementCounter implements ValueVisitor {
        private long n;

        long count(KeyEntry k) throws IOException {
            if (k.type().dataType() == io.replkit.rdb.DataType.STRING) {
                k.skip();
                return 1;
            }
            n = 0;
            k.accept(this);
            return n;
        }

        @Override
        public void listElement(byte[] b, int off, int len) {
            n++;
        }

        @Override
        public void setMember(byte[] b, int off, int len) {
            n++;
        }

        @Override
        public void zsetMember(byte[] b, int off, int len, double score) {
            n++;
        }

        @Override
        public void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
            n++;
        }

        @Override
        public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
            n++;
        }

        @Override
        public void moduleValue(io.replkit.rdb.ModuleTypeId type) {
            n = 1;
        }
    }
}
