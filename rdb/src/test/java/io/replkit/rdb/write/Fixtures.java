package io.replkit.rdb.write;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbHeader;
import io.replkit.rdb.RdbLimits;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.ResizeDb;
import io.replkit.rdb.SelectDb;
import io.replkit.rdb.SlotInfo;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.StreamValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real-server fixture corpus, and a straight rewrite of a file with {@link RdbWriter}. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code fixtures/<server>-<version>/dump.rdb}, sorted by folder name. */
    static List<Path> dumps() {
        URL readme = Fixtures.class.getResource("/fixtures/README.md");
        if (readme == null) {
            throw new IllegalStateException("fixtures/README.md is not on the test classpath");
        }
        try (Stream<Path> s = Files.list(Path.of(readme.toURI()).getParent())) {
            return s.map(p -> p.resolve("dump.rdb")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path dump(String name) {
        return dumps().stream().filter(p -> p.getParent().getFileName().toString().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no fixture " + name));
    }

    static String name(Path dump) {
        return dump.getParent().getFileName().toString();
    }

    static int rdbVersion(Path dump) throws IOException {
        try (RdbReader r = RdbReader.open(dump)) {
            return ((RdbHeader) r.next()).version();
        }
    }

    /** Stream metadata level of a version: 1 (type 15), 2 (type 19), 3 (type 21). */
    static int streamLevel(int rdbVersion) {
        return rdbVersion >= 11 ? 3 : rdbVersion == 10 ? 2 : 1;
    }

    /**
     * Why the writer must refuse a value for a target version, or null when it must write it:
     * the rules the encoder enforces, stated independently here.
     */
    static String expectedRefusal(RdbValue v, int version) {
        if (v instanceof ModuleValue) {
            return "module";
        }
        if (v instanceof StreamValue && version < 9) {
            return "stream";
        }
        if (v instanceof HashValue h && version < 12 && h.fields().stream().anyMatch(HashValue.Field::hasExpiry)) {
            return "field TTLs";
        }
        return null;
    }

    /** The result of a rewrite: the file, the content written (as LogicalContent lines) and what was refused. */
    record Rewrite(byte[] rdb, List<String> expected, List<String> refused) {
    }

    /** Copies every record of {@code source} to a new file for {@code options}, skipping refused keys and functions. */
    static Rewrite rewrite(byte[] source, RdbWriterOptions options) throws IOException {
        return rewrite(source, options, true);
    }

    /** Like {@link #rewrite(byte[], RdbWriterOptions)}; {@code withIdleAndFreq} false leaves them out of {@code expected}. */
    static Rewrite rewrite(byte[] source, RdbWriterOptions options, boolean withIdleAndFreq) throws IOException {
        int target = options.rdbVersion();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(source.length);
        List<String> expected = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int level;
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(source), source.length, RdbLimits.DEFAULT);
             RdbWriter w = new RdbWriter(bytes, options)) {
            RdbHeader header = (RdbHeader) r.next();
            level = Math.min(streamLevel(header.version()), streamLevel(target));
            w.writeHeader();
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof AuxField a) {
                    w.writeAux(a.name(), a.value());
                } else if (rec instanceof SelectDb s) {
                    w.selectDb(s.db());
                } else if (rec instanceof ResizeDb z) {
                    w.resizeDb(z.dbSize(), z.expiresSize());
                } else if (rec instanceof SlotInfo s) {
                    w.writeSlotInfo(s.slot(), s.slotSize(), s.expiresSlotSize());
                } else if (rec instanceof FunctionLibrary f) {
                    try {
                        w.writeFunctionLibrary(f);
                        expected.add("function " + f.codeAsString());
                    } catch (RdbWriteException e) {
                        if (target >= 10) {
                            throw e;
                        }
                        refused.add(e.getMessage());
                    }
                } else if (rec instanceof KeyEntry k) {
                    RdbValue v = k.value();
                    try {
                        w.writeKey(k.key(), v, k.expireAtMs(), k.idleSeconds(), k.lfuFreq());
                        expected.add(LogicalContent.key(k, level, withIdleAndFreq && target >= 9) + " = " + LogicalContent.value(v, level));
                    } catch (RdbWriteException e) {
                        if (expectedRefusal(v, target) == null) {
                            throw e;
                        }
                        refused.add(e.getMessage());
                    }
                }
            }
            w.finish();
        }
        expected.sort(null);
        return new Rewrite(bytes.toByteArray(), expected, refused);
    }

    static int level(Path dump, int target) throws IOException {
        return Math.min(streamLevel(rdbVersion(dump)), streamLevel(target));
    }
}
