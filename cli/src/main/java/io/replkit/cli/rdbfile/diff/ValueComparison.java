package io.replkit.cli.rdbfile.diff;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbType;
import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compares two values of one key in detail and lists what differs: type, expiry, encoding (when
 * asked), then the content element by element. Attributes an older RDB format does not store
 * (a stream's entries-added or first id, a group's entries-read, a consumer's active-time) are
 * compared only when both files have them, so a file and its conversion to an older version
 * compare equal.
 */
public final class ValueComparison {
    /** Strings up to this long are shown in full; longer ones by length and first differing byte. */
    static final int SHOW_STRING_BYTES = 256;
    private static final Comparator<byte[]> RAW = Arrays::compareUnsigned;

    private final boolean withEncoding;
    private final int maxDetails;

    /** The differences found: the first {@code maxDetails} of them, and how many there were. */
    public record Result(List<Difference> shown, long total) {
        public boolean isEqual() {
            return total == 0;
        }
    }

    public ValueComparison(boolean withEncoding, int maxDetails) {
        this.withEncoding = withEncoding;
        this.maxDetails = maxDetails;
    }

    public Result compare(KeyEntry ka, RdbValue a, KeyEntry kb, RdbValue b) {
        Collector out = new Collector(maxDetails);
        if (ka.type().dataType() != kb.type().dataType()) {
            out.add(Difference.of("type", ka.type().dataType().typeName(), kb.type().dataType().typeName()));
        }
        if (ka.expireAtMs() != kb.expireAtMs()) {
            out.add(Difference.of("expire_ms", ka.hasExpiry() ? ka.expireAtMs() : null, kb.hasExpiry() ? kb.expireAtMs() : null));
        }
        if (withEncoding && ka.type() != kb.type()) {
            out.add(Difference.of("encoding", ka.type().rdbName(), kb.type().rdbName()));
        }
        if (ka.type().dataType() == kb.type().dataType()) {
            compareValues(a, b, out);
        }
        return new Result(out.shown, out.total);
    }

    /**
     * Compares two values without key headers (e.g. decoded DUMP payloads): type, encoding when
     * asked, then the content; expiry is the caller's.
     */
    public Result compare(RdbType ta, RdbValue a, RdbType tb, RdbValue b) {
        Collector out = new Collector(maxDetails);
        if (ta.dataType() != tb.dataType()) {
            out.add(Difference.of("type", ta.dataType().typeName(), tb.dataType().typeName()));
        } else {
            if (withEncoding && ta != tb) {
                out.add(Difference.of("encoding", ta.rdbName(), tb.rdbName()));
            }
            compareValues(a, b, out);
        }
        return new Result(out.shown, out.total);
    }

    private void compareValues(RdbValue a, RdbValue b, Collector out) {
        if (a instanceof StringValue sa && b instanceof StringValue sb) {
            strings(sa.bytes(), sb.bytes(), out);
        } else if (a instanceof ListValue la && b instanceof ListValue lb) {
            lists(la.elements(), lb.elements(), out);
        } else if (a instanceof SetValue sa && b instanceof SetValue sb) {
            keyed("member", "member", index(sa.members(), m -> m, m -> Difference.PRESENT),
                index(sb.members(), m -> m, m -> Difference.PRESENT), out);
        } else if (a instanceof ZSetValue za && b instanceof ZSetValue zb) {
            keyed("score", "member", index(za.entries(), ZSetValue.Entry::member, e -> e.score() + 0.0),
                index(zb.entries(), ZSetValue.Entry::member, e -> e.score() + 0.0), out);
        } else if (a instanceof HashValue ha && b instanceof HashValue hb) {
            hashes(ha, hb, out);
        } else if (a instanceof StreamValue sa && b instanceof StreamValue sb) {
            streams(sa, sb, out);
        } else if (a instanceof ModuleValue ma && b instanceof ModuleValue mb) {
            if (!ma.moduleType().equals(mb.moduleType())) {
                out.add(Difference.of("module_type", ma.moduleType().name(), mb.moduleType().name()));
            }
        }
    }

    private static void strings(byte[] a, byte[] b, Collector out) {
        if (Arrays.equals(a, b)) {
            return;
        }
        if (a.length <= SHOW_STRING_BYTES && b.length <= SHOW_STRING_BYTES) {
            out.add(Difference.of("value", a, b));
        } else {
            long at = Math.max(0, Arrays.mismatch(a, b));
            out.add(new Difference("value", "first_differing_byte", at, a.length + " bytes", b.length + " bytes"));
        }
    }

    private static void lists(List<byte[]> a, List<byte[]> b, Collector out) {
        if (a.size() != b.size()) {
            out.add(Difference.of("length", (long) a.size(), (long) b.size()));
        }
        for (int i = 0, n = Math.min(a.size(), b.size()); i < n; i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                out.add(new Difference("element", "index", (long) i, a.get(i), b.get(i)));
            }
        }
    }

    private static void hashes(HashValue a, HashValue b, Collector out) {
        TreeMap<byte[], HashValue.Field> fa = index(a.fields(), HashValue.Field::field, f -> f);
        TreeMap<byte[], HashValue.Field> fb = index(b.fields(), HashValue.Field::field, f -> f);
        merge(fa, fb, (field, x, y) -> {
            if (x == null || y == null) {
                out.add(new Difference("field", "field", field, x == null ? Difference.ABSENT : x.value(), y == null ? Difference.ABSENT : y.value()));
                return;
            }
            if (!Arrays.equals(x.value(), y.value())) {
                out.add(new Difference("value", "field", field, x.value(), y.value()));
            }
            if (x.hasExpiry() != y.hasExpiry() || (x.hasExpiry() && x.expireAtMs() != y.expireAtMs())) {
                out.add(new Difference("field_expire_ms", "field", field, x.hasExpiry() ? x.expireAtMs() : null,
                    y.hasExpiry() ? y.expireAtMs() : null));
            }
        });
    }

    /** Collections keyed by bytes (set members, zset members): presence on each side, then the attribute. */
    private static void keyed(String what, String where, TreeMap<byte[], Object> a, TreeMap<byte[], Object> b, Collector out) {
        merge(a, b, (k, x, y) -> {
            if (x == null || y == null) {
                out.add(new Difference(where, where, k, x == null ? Difference.ABSENT : x, y == null ? Difference.ABSENT : y));
            } else if (!x.equals(y)) {
                out.add(new Difference(what, where, k, x, y));
            }
        });
    }

    private void streams(StreamValue a, StreamValue b, Collector out) {
        Iterator<StreamValue.Entry> ia = a.entries().iterator();
        Iterator<StreamValue.Entry> ib = b.entries().iterator();
        StreamValue.Entry x = next(ia);
        StreamValue.Entry y = next(ib);
        while (x != null || y != null) {
            int c = x == null ? 1 : y == null ? -1 : x.id().compareTo(y.id());
            if (c < 0) {
                out.add(new Difference("entry", "id", x.id().toString(), x.fieldsAndValues(), Difference.ABSENT));
                x = next(ia);
            } else if (c > 0) {
                out.add(new Difference("entry", "id", y.id().toString(), Difference.ABSENT, y.fieldsAndValues()));
                y = next(ib);
            } else {
                if (!Arrays.deepEquals(x.fieldsAndValues(), y.fieldsAndValues())) {
                    out.add(new Difference("entry", "id", x.id().toString(), x.fieldsAndValues(), y.fieldsAndValues()));
                }
                x = next(ia);
                y = next(ib);
            }
        }
        StreamMetadata ma = a.metadata();
        StreamMetadata mb = b.metadata();
        attribute("length", ma.length(), mb.length(), out);
        attribute("last_generated_id", text(ma.lastId()), text(mb.lastId()), out);
        attribute("first_entry_id", text(ma.firstId()), text(mb.firstId()), out);
        attribute("max_deleted_entry_id", text(ma.maxDeletedId()), text(mb.maxDeletedId()), out);
        attribute("entries_added", ma.entriesAdded(), mb.entriesAdded(), out);
        merge(index(ma.groups(), StreamMetadata.Group::name, g -> g), index(mb.groups(), StreamMetadata.Group::name, g -> g),
            (name, ga, gb) -> {
                if (ga == null || gb == null) {
                    out.add(new Difference("group", "group", name, ga == null ? Difference.ABSENT : Difference.PRESENT,
                        gb == null ? Difference.ABSENT : Difference.PRESENT));
                } else {
                    groups(name, ga, gb, out);
                }
            });
    }

    private static void groups(byte[] name, StreamMetadata.Group a, StreamMetadata.Group b, Collector out) {
        groupAttribute(name, "last_delivered_id", text(a.lastDeliveredId()), text(b.lastDeliveredId()), out);
        groupAttribute(name, "entries_read", a.entriesRead(), b.entriesRead(), out);
        groupAttribute(name, "pending", pending(a.pending()), pending(b.pending()), out);
        merge(index(a.consumers(), StreamMetadata.Consumer::name, c -> c), index(b.consumers(), StreamMetadata.Consumer::name, c -> c),
            (consumer, ca, cb) -> {
                String where = "consumer " + new String(consumer, java.nio.charset.StandardCharsets.UTF_8);
                if (ca == null || cb == null) {
                    groupAttribute(name, where, ca == null ? Difference.ABSENT : Difference.PRESENT,
                        cb == null ? Difference.ABSENT : Difference.PRESENT, out);
                    return;
                }
                groupAttribute(name, where + " seen_time", ca.seenTimeMs(), cb.seenTimeMs(), out);
                groupAttribute(name, where + " active_time", ca.activeTimeMs(), cb.activeTimeMs(), out);
                groupAttribute(name, where + " pending", ids(ca.pending()), ids(cb.pending()), out);
            });
    }

    /** An attribute compared only when both sides store it (null = not in this format). */
    private static void attribute(String what, Object a, Object b, Collector out) {
        if (a != null && b != null && !a.equals(b)) {
            out.add(Difference.of(what, a, b));
        }
    }

    private static void groupAttribute(byte[] group, String what, Object a, Object b, Collector out) {
        if (a != null && b != null && !a.equals(b)) {
            out.add(new Difference(what, "group", group, a, b));
        }
    }

    private static String text(StreamId id) {
        return id == null ? null : id.toString();
    }

    private static String pending(List<StreamMetadata.PendingEntry> pel) {
        StringBuilder sb = new StringBuilder();
        for (StreamMetadata.PendingEntry p : pel) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(p.id()).append("(delivered ").append(p.deliveryCount()).append("x at ").append(p.deliveryTimeMs()).append(')');
        }
        return "[" + sb + "]";
    }

    private static String ids(List<StreamId> ids) {
        return ids.toString();
    }

    private static <T> T next(Iterator<T> it) {
        return it.hasNext() ? it.next() : null;
    }

    private static <T, V> TreeMap<byte[], V> index(List<T> items, Function<T, byte[]> key, Function<T, V> value) {
        TreeMap<byte[], V> map = new TreeMap<>(RAW);
        for (T t : items) {
            map.put(key.apply(t), value.apply(t));
        }
        return map;
    }

    private interface Pair<V> {
        void accept(byte[] key, V a, V b);
    }

    /** Walks two sorted maps together; a side without the key gets null. */
    private static <V> void merge(TreeMap<byte[], V> a, TreeMap<byte[], V> b, Pair<V> action) {
        Iterator<Map.Entry<byte[], V>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<byte[], V>> ib = b.entrySet().iterator();
        Map.Entry<byte[], V> x = next(ia);
        Map.Entry<byte[], V> y = next(ib);
        while (x != null || y != null) {
            int c = x == null ? 1 : y == null ? -1 : RAW.compare(x.getKey(), y.getKey());
            if (c < 0) {
                action.accept(x.getKey(), x.getValue(), null);
                x = next(ia);
            } else if (c > 0) {
                action.accept(y.getKey(), null, y.getValue());
                y = next(ib);
            } else {
                action.accept(x.getKey(), x.getValue(), y.getValue());
                x = next(ia);
                y = next(ib);
            }
        }
    }

    private static final class Collector {
        private final int max;
        private final List<Difference> shown = new ArrayList<>();
        private long total;

        Collector(int max) {
            this.max = max;
        }

        void add(Difference d) {
            Objects.requireNonNull(d);
            total++;
            if (shown.size() < max) {
                shown.add(d);
            }
        }
    }
}
