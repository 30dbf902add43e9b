package io.replkit.cli.inspect;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.Printable;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.io.PrintWriter;
import java.time.Instant;

/** {@code --values} as text: a header line per key, then its elements quoted like redis-cli. */
final class ValueText {

    private static String q(byte[] b) {
        return '"' + Printable.escape(b, Integer.MAX_VALUE) + '"';
    }

    void write(PrintWriter out, KeyEntry k, RdbValue v) {
        StringBuilder h = new StringBuilder();
        h.append("db").append(k.db()).append(' ').append(q(k.key())).append(' ')
            .append(k.type().dataType().typeName()).append(" (").append(k.type().rdbName()).append(')');
        if (k.hasExpiry()) {
            h.append(" expires ").append(Instant.ofEpochMilli(k.expireAtMs()));
        }
        if (k.lfuFreq() >= 0) {
            h.append(" freq ").append(k.lfuFreq());
        }
        if (k.idleSeconds() >= 0) {
            h.append(" idle ").append(k.idleSeconds()).append('s');
        }
        out.println(h);
        if (v instanceof StringValue s) {
            out.println("  " + q(s.bytes()));
        } else if (v instanceof ListValue l) {
            int i = 0;
            for (byte[] e : l.elements()) {
                out.println("  " + (++i) + ") " + q(e));
            }
        } else if (v instanceof SetValue s) {
            for (byte[] e : s.members()) {
                out.println("  " + q(e));
            }
        } else if (v instanceof ZSetValue z) {
            for (ZSetValue.Entry e : z.entries()) {
                out.println("  " + q(e.member()) + " " + formatScore(e.score()));
            }
        } else if (v instanceof HashValue hv) {
            for (HashValue.Field f : hv.fields()) {
                out.println("  " + q(f.field()) + " " + q(f.value())
                    + (f.hasExpiry() ? "  (expires " + Instant.ofEpochMilli(f.expireAtMs()) + ")" : ""));
            }
        } else if (v instanceof StreamValue s) {
            for (StreamValue.Entry e : s.entries()) {
                StringBuilder sb = new StringBuilder("  ").append(e.id());
                for (byte[] fv : e.fieldsAndValues()) {
                    sb.append(' ').append(q(fv));
                }
                out.println(sb);
            }
            StreamMetadata m = s.metadata();
            out.println("  (length " + m.length() + ", last id " + m.lastId() + ", " + m.groups().size() + " groups)");
            for (StreamMetadata.Group g : m.groups()) {
                out.println("  group " + q(g.name()) + " last-delivered " + g.lastDeliveredId() + ", " + g.pending().size()
                    + " pending, " + g.consumers().size() + " consumers");
            }
        } else if (v instanceof ModuleValue m) {
            out.println("  (module value of type " + m.moduleType() + ", payload skipped)");
        }
    }

    static String formatScore(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
