package io.replkit.rdb.write;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.ResizeDb;
import io.replkit.rdb.SelectDb;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Rewrite throughput, run by {@code bench/rdb-write.sh} (not a test): reads an RDB file with
 * {@link RdbReader} and writes it with {@link RdbWriter} for each target version given, to a temp
 * file beside {@code OUT_DIR}; first a read-only pass (values materialised, nothing written) so the
 * writer's own share can be told apart. Prints one line per pass: input MB/s, output MB/s, output
 * size, keys/s and the peak heap. MB = 10^6 bytes.
 *
 * <p>usage: {@code WriteBenchmark FILE OUT_DIR [VERSION[:nocompress]]...}
 */
public final class WriteBenchmark {
    private WriteBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: WriteBenchmark FILE OUT_DIR [VERSION[:nocompress]]...");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        long inBytes = Files.size(file);
        pass(file, inBytes, null, null);
        for (int i = 2; i < args.length; i++) {
            String[] spec = args[i].split(":");
            RdbWriterOptions options = RdbWriterOptions.defaults(RdbTarget.version(Integer.parseInt(spec[0])))
                .withCompress(!(spec.length > 1 && spec[1].equals("nocompress")));
            Path out = Files.createTempFile(outDir, "rdb-write-bench-", ".rdb");
            try {
                pass(file, inBytes, options, out);
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }

    private static void pass(Path file, long inBytes, RdbWriterOptions options, Path out) throws IOException {
        resetPeaks();
        long keys = 0;
        long written = 0;
        long start = System.nanoTime();
        try (RdbReader r = RdbReader.open(file)) {
            if (options == null) {
                for (RdbRecord rec; (rec = r.next()) != null; ) {
                    if (rec instanceof KeyEntry k) {
                        k.value();
                        keys++;
                    }
                }
            } else {
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
                     RdbWriter w = new RdbWriter(os, options)) {
                    r.next();
                    w.writeHeader();
                    for (RdbRecord rec; (rec = r.next()) != null; ) {
                        if (rec instanceof AuxField a) {
                            w.writeAux(a.name(), a.value());
                        } else if (rec instanceof SelectDb s) {
                            w.selectDb(s.db());
                        } else if (rec instanceof ResizeDb z) {
                            w.resizeDb(z.dbSize(), z.expiresSize());
                        } else if (rec instanceof FunctionLibrary f && options.target().hasFunctions()) {
                            w.writeFunctionLibrary(f);
                        } else if (rec instanceof KeyEntry k) {
                            w.writeKey(k);
                            keys++;
                        }
                    }
                    w.finish();
                    written = w.bytesWritten();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String what = options == null ? "read only          " : String.format(Locale.ROOT, "write RDB %-2d %-7s",
            options.rdbVersion(), options.compress() ? "lzf" : "no-lzf");
        System.out.printf(Locale.ROOT, "%s %7.1f s  in %6.1f MB/s  out %6.1f MB/s (%,d bytes)  %,9.0f keys/s  peak heap %d MiB%n",
            what, seconds, inBytes / 1e6 / seconds, written / 1e6 / seconds, written, keys / seconds, peakHeapMiB());
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }
}
