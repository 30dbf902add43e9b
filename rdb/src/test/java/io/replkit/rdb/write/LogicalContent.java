package io.replkit.rdb.write;

import io.replkit.rdb.FunctionLibrary;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * The logical content of an RDB file as sorted lines, encoding ignored: what must survive a
 * rewrite. Stream metadata is rendered only as far as both formats being compared can hold it
 * ({@code streamLevel} 1, 2 or 3 for stream types 15, 19, 21).
 */
final class LogicalContent {
    private static final HexFormat HEX = HexFormat.of();

    private LogicalContent() {
    }

    static List<String> of(Path file, int streamLevel, boolean withIdleAndFreq) throws IOException {
        return of(Files.readAllBytes(file), streamLevel, withIdleAndFreq);
    }

    static List<String> of(byte[] rdb, int streamLevel, boolean withIdleAndFreq) throws IOException {
        List<String> lines = new ArrayList<>();
        try (RdbReader r = new RdbReader(new ByteArrayInputStream(rdb), rdb.length, io.replkit.rdb.RdbLimits.DEFAULT)) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof KeyEntry k) {
                    lines.add(key(k, streamLevel, withIdleAndFreq) + " = " + value(k.value(), streamLevel));
                } else if (rec instanceof FunctionLibrary f) {
                    lines.add("function " + f.codeAsString());
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    static String key(KeyEntry k, int streamLevel, boolean withIdleAndFreq) {
        String s = "db=" + k.db() + " key=" + HEX.formatHex(k.key()) + " expire=" + k.expireAtMs();
        if (withIdleAndFreq) {
            s += " idle=" + k.idleSeconds() + " freq=" + k.lfuFreq();
        }
        return s;
    }

    static String value(RdbValue v, int streamLevel) {
        StringBuilder sb = new StringBuilder(v.type().typeName()).append(' ');
        if (v instanceof StringValue s) {
            sb.append(HEX.formatHex(s.bytes()));
        } else if (v instanceof ListValue l) {
            l.elements().forEach(e -> sb.append(HEX.formatHex(e)).append(','));
        } else if (v instanceof SetValue s) {
            s.members().stream().map(HEX::formatHex).sorted().forEach(e -> sb.append(e).append(','));
        } else if (v instanceof ZSetValue z) {
            TreeMap<String, String> m = new TreeMap<>();
            z.entries().forEach(e -> m.put(HEX.formatHex(e.member()), Double.toString(e.score())));
            sb.append(m);
        } else if (v instanceof HashValue h) {
            TreeMap<String, String> m = new TreeMap<>();
            h.fields().forEach(f -> m.put(HEX.formatHex(f.field()), HEX.formatHex(f.value()) + "@" + f.expireAtMs()));
            sb.append(m);
        } else if (v instanceof StreamValue s) {
            s.entries().forEach(e -> {
                sb.append(e.id()).append('{');
                for (byte[] b : e.fieldsAndValues()) {
                    sb.append(HEX.formatHex(b)).append(',');
                }
                sb.append('}');
            });
            StreamMetadata m = s.metadata();
            sb.append(" length=").append(m.length()).append(" last=").append(m.lastId());
            if (streamLevel >= 2) {
                sb.append(" first=").append(m.firstId()).append(" maxdel=").append(m.maxDeletedId())
                    .append(" added=").append(m.entriesAdded());
            }
            for (StreamMetadata.Group g : m.groups()) {
                sb.append(" group ").append(HEX.formatHex(g.name())).append(" last=").append(g.lastDeliveredId());
                if (streamLevel >= 2) {
                    sb.append(" read=").append(g.entriesRead());
                }
                g.pending().forEach(p -> sb.append(" pel ").append(p));
                for (StreamMetadata.Consumer c : g.consumers()) {
                    sb.append(" consumer ").append(HEX.formatHex(c.name())).append(" seen=").append(c.seenTimeMs());
                    if (streamLevel >= 3) {
                        sb.append(" active=").append(c.activeTimeMs());
                    }
                    sb.append(" pending=").append(c.pending());
                }
            }
        } else {
            sb.append(v);
        }
        return sb.toString();
    }
}
