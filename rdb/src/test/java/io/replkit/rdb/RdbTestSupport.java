package io.replkit.rdb;

import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Shared helpers for the reader tests: the fixture corpus, full reads, and a comparable rendering of records. */
final class RdbTestSupport {
    private static final HexFormat HEX = HexFormat.of();

    private RdbTestSupport() {
    }

    /** {@code fixtures/<server>-<version>/} folders of the real-server corpus, sorted by name. */
    static List<Path> fixtureDirs() {
        URL readme = RdbTestSupport.class.getResource("/fixtures/README.md");
        if (readme == null) {
            throw new IllegalStateException("fixtures/README.md is not on the test classpath");
        }
        try (Stream<Path> s = Files.list(Path.of(readme.toURI()).getParent())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("dump.rdb"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dump of one fixture folder, by name ({@code redis-7.4.1}). */
    static Path fixture(String name) {
        return fixtureDirs().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no fixture " + name)).resolve("dump.rdb");
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every record, materialising every value, and renders each as one line. */
    static List<String> readAll(RdbReader r) throws IOException {
        List<String> out = new ArrayList<>();
        for (RdbRecord rec; (rec = r.next()) != null; ) {
            if (rec instanceof KeyEntry k) {
                RdbValue v = k.value();
                out.add(render(k) + " size=" + k.serializedSize() + " = " + render(v));
            } else {
                out.add(render(rec));
            }
        }
        return out;
    }

    /** Reads every record, materialising every value without rendering it; returns the record count. */
    static int drain(RdbReader r) throws IOException {
        int n = 0;
        for (RdbRecord rec; (rec = r.next()) != null; n++) {
            if (rec instanceof KeyEntry k) {
                k.value();
            }
        }
        return n;
    }

    /** Reads everything from a stream of the given known size (-1 = unknown), materialising every value. */
    static List<String> readAll(InputStream in, long knownSize) throws IOException {
        try (RdbReader r = new RdbReader(in, knownSize, RdbLimits.DEFAULT)) {
            return readAll(r);
        }
    }

    /** A stream that hands out at most {@code chunk} bytes per read call. */
    static InputStream chunked(byte[] data, int chunk) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (pos >= data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, chunk), data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static String render(RdbRecord rec) {
        if (rec instanceof KeyEntry k) {
            return "key db=" + k.db() + " " + k.type() + " " + hex(k.key()) + " expire=" + k.expireAtMs()
                + " idle=" + k.idleSeconds() + " freq=" + k.lfuFreq() + " @" + k.offset();
        }
        if (rec instanceof AuxField a) {
            return "aux " + a.name() + "=" + hex(a.value()) + " @" + a.offset();
        }
        if (rec instanceof FunctionLibrary f) {
            return "function " + hex(f.code()) + " @" + f.offset();
        }
        return rec.toString();
    }

    static String render(RdbValue v) {
        StringBuilder sb = new StringBuilder(v.type().toString()).append('[');
        if (v instanceof StringValue s) {
            sb.append(hex(s.bytes()));
        } else if (v instanceof ListValue l) {
            l.elements().forEach(e -> sb.append(hex(e)).append(','));
        } else if (v instanceof SetValue s) {
            s.members().forEach(e -> sb.append(hex(e)).append(','));
        } else if (v instanceof ZSetValue z) {
            z.entries().forEach(e -> sb.append(hex(e.member())).append(':').append(e.score()).append(','));
        } else if (v instanceof HashValue h) {
            h.fields().forEach(f -> sb.append(hex(f.field())).append('=').append(hex(f.value()))
                .append('@').append(f.expireAtMs()).append(','));
        } else if (v instanceof StreamValue s) {
            for (StreamValue.Entry e : s.entries()) {
                sb.append(e.id()).append('{');
                for (byte[] b : e.fieldsAndValues()) {
                    sb.append(hex(b)).append(',');
                }
                sb.append('}');
            }
            StreamMetadata m = s.metadata();
            sb.append(" len=").append(m.length()).append(" last=").append(m.lastId()).append(" first=")
                .append(m.firstId()).append(" maxdel=").append(m.maxDeletedId()).append(" added=")
                .append(m.entriesAdded());
            for (StreamMetadata.Group g : m.groups()) {
                sb.append(" group ").append(hex(g.name())).append(' ').append(g.lastDeliveredId()).append(' ')
                    .append(g.entriesRead()).append(" pel=").append(g.pending());
                for (StreamMetadata.Consumer c : g.consumers()) {
                    sb.append(" consumer ").append(hex(c.name())).append(' ').append(c.seenTimeMs()).append(' ')
                        .append(c.activeTimeMs()).append(' ').append(c.pending());
                }
            }
        } else if (v instanceof ModuleValue m) {
            sb.append(m.moduleType());
        }
        return sb.append(']').toString();
    }
}
