package io.replkit.cli.rdbfile.diff;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ValueVisitor;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;

/** Feeds a materialised value to a visitor in the order the reader would have. */
public final class ValueReplay {
    private ValueReplay() {
    }

    public static void replay(KeyEntry k, RdbValue v, ValueVisitor out) {
        out.begin(k, v.size());
        if (v instanceof StringValue s) {
            out.stringValue(s.bytes());
        } else if (v instanceof ListValue l) {
            for (byte[] e : l.elements()) {
                out.listElement(e, 0, e.length);
            }
        } else if (v instanceof SetValue s) {
            for (byte[] e : s.members()) {
                out.setMember(e, 0, e.length);
            }
        } else if (v instanceof ZSetValue z) {
            for (ZSetValue.Entry e : z.entries()) {
                out.zsetMember(e.member(), 0, e.member().length, e.score());
            }
        } else if (v instanceof HashValue h) {
            for (HashValue.Field f : h.fields()) {
                out.hashField(f.field(), 0, f.field().length, f.value(), 0, f.value().length, f.expireAtMs());
            }
        } else if (v instanceof StreamValue s) {
            for (StreamValue.Entry e : s.entries()) {
                out.streamEntry(e.id(), e.fieldsAndValues());
            }
            out.streamMetadata(s.metadata());
        } else if (v instanceof ModuleValue m) {
            out.moduleValue(m.moduleType());
        }
        out.end();
    }
}
