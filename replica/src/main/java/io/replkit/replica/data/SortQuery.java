package io.replkit.replica.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * SORT and SORT_RO ({@code sortCommandGeneric} in sort.c), shared by the applier (SORT ... STORE)
 * and the server (SORT_RO): BY and GET patterns ({@code *} substituted, {@code ->field} for a
 * hash field, {@code #} for the element), LIMIT, ASC/DESC, ALPHA, and the orders Redis keeps when
 * there is nothing to sort (BY without {@code *}): a list in list order, a sorted set in score
 * order, both reversed by DESC, a set in its own iteration order (sorted ALPHA when storing, so
 * that a replica stores what its master did).
 *
 * <p>Numeric sorting breaks ties by comparing the elements' bytes; ALPHA compares with
 * {@code strcoll} when replying and with {@code memcmp} when storing; a C or C.UTF-8 locale is
 * assumed, where {@code strcoll} is {@code strcmp} (stops at a zero byte).
 */
public final class SortQuery {
    private boolean desc;
    private boolean alpha;
    private boolean dontsort;
    private long limitStart = 0;
    private long limitCount = -1;
    private byte[] by;
    private byte[] store;
    private final List<byte[]> gets = new ArrayList<>();

    private SortQuery() {
    }

    /** The options of {@code SORT key ...} ({@code readonly}: SORT_RO, where STORE is a syntax error). */
    public static SortQuery parse(byte[][] a, boolean readonly) throws RejectedCommand {
        SortQuery q = new SortQuery();
        for (int j = 2; j < a.length; j++) {
            int left = a.length - j - 1;
            if (ArgBytes.is(a[j], "ASC")) {
                q.desc = false;
            } else if (ArgBytes.is(a[j], "DESC")) {
                q.desc = true;
            } else if (ArgBytes.is(a[j], "ALPHA")) {
                q.alpha = true;
            } else if (ArgBytes.is(a[j], "LIMIT") && left >= 2) {
                q.limitStart = parseLong(a[j + 1]);
                q.limitCount = parseLong(a[j + 2]);
                j += 2;
            } else if (!readonly && ArgBytes.is(a[j], "STORE") && left >= 1) {
                q.store = a[++j];
            } else if (ArgBytes.is(a[j], "BY") && left >= 1) {
                q.by = a[++j];
                q.dontsort = ArgBytes.indexOf(q.by, (byte) '*', 0) < 0;
            } else if (ArgBytes.is(a[j], "GET") && left >= 1) {
                q.gets.add(a[++j]);
            } else {
                throw new RejectedCommand("ERR syntax error");
            }
        }
        return q;
    }

    /** The STORE destination, null when the result is replied. */
    public byte[] store() {
        return store;
    }

    /** How many GET patterns there are (each sorted element yields that many values, or itself when 0). */
    public int getCount() {
        return gets.size();
    }

    private static final class Item {
        final byte[] element;
        double score;
        byte[] cmp;

        Item(byte[] element) {
            this.element = element;
        }
    }

    /**
     * Sorts {@code source} (null for a missing key) and returns the output: the elements in range,
     * or for each of them the value of every GET pattern (null where the pattern finds nothing).
     * {@code lookup} reads a key of the database, null when missing or expired.
     */
    public List<byte[]> run(Object source, Function<byte[], Object> lookup) throws RejectedCommand {
        if (source != null && !(source instanceof ListObject) && !(source instanceof SetObject)
                && !(source instanceof ZSetObject)) {
            throw new RejectedCommand("WRONGTYPE Operation against a key holding the wrong kind of value");
        }
        boolean sortAlpha = alpha;
        boolean noSort = dontsort;
        byte[] sortBy = by;
        if (noSort && source instanceof SetObject && store != null) {
            noSort = false; // a stored set result must not depend on iteration order
            sortAlpha = true;
            sortBy = null;
        }
        int vectorlen = source instanceof ListObject l ? l.size() : source instanceof SetObject s ? s.size()
                : source instanceof ZSetObject z ? z.size() : 0;
        long start = Math.min(Math.max(limitStart, 0), vectorlen);
        long count = Math.min(Math.max(limitCount, -1), vectorlen);
        long end = count < 0 ? vectorlen - 1 : start + count - 1;
        if (start >= vectorlen) {
            start = vectorlen - 1;
            end = vectorlen - 2;
        }
        if (end >= vectorlen) {
            end = vectorlen - 1;
        }
        List<Item> items = new ArrayList<>(vectorlen);
        if (noSort && (source instanceof ListObject || source instanceof ZSetObject)) {
            // native order, reversed by DESC, only the range wanted
            List<byte[]> ordered = new ArrayList<>(vectorlen);
            if (source instanceof ListObject l) {
                for (int i = 0; i < l.size(); i++) {
                    ordered.add(l.get(i));
                }
            } else {
                ((ZSetObject) source).forEachInOrder((m, sc) -> ordered.add(m));
            }
            if (desc) {
                Collections.reverse(ordered);
            }
            for (long i = start; i <= end; i++) {
                items.add(new Item(ordered.get((int) i)));
            }
            end -= start;
            start = 0;
        } else if (source instanceof ListObject l) {
            for (int i = 0; i < l.size(); i++) {
                items.add(new Item(l.get(i)));
            }
        } else if (source instanceof SetObject s) {
            s.forEach(m -> items.add(new Item(m)));
        } else if (source instanceof ZSetObject z) {
            z.forEachInOrder((m, sc) -> items.add(new Item(m)));
        }
        if (!noSort) {
            boolean conversionError = false;
            for (Item it : items) {
                byte[] v = it.element;
                if (sortBy != null) {
                    v = lookupByPattern(lookup, sortBy, it.element);
                    if (v == null) {
                        continue;
                    }
                }
                if (sortAlpha) {
                    if (sortBy != null) {
                        it.cmp = v;
                    }
                } else {
                    it.score = Strtod.parseInRange(v);
                    if (Double.isNaN(it.score)) {
                        conversionError = true;
                    }
                }
            }
            if (conversionError) {
                throw new RejectedCommand("ERR One or more scores can't be converted into double");
            }
            items.sort(comparator(sortAlpha, sortBy != null, store != null, desc));
        }
        List<byte[]> out = new ArrayList<>();
        for (long j = start; j <= end; j++) {
            byte[] e = items.get((int) j).element;
            if (gets.isEmpty()) {
                out.add(e);
            }
            for (byte[] g : gets) {
                out.add(lookupByPattern(lookup, g, e));
            }
        }
        return out;
    }

    /** {@code sortCompare}. */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean storing, boolean desc) {
        Comparator<Item> c;
        if (!alpha) {
            c = (x, y) -> x.score > y.score ? 1 : x.score < y.score ? -1 : Arrays.compareUnsigned(x.element, y.element);
        } else if (byPattern) {
            c = (x, y) -> {
                if (x.cmp == null || y.cmp == null) {
                    return x.cmp == y.cmp ? 0 : x.cmp == null ? -1 : 1;
                }
                return storing ? Arrays.compareUnsigned(x.cmp, y.cmp) : strcmp(x.cmp, y.cmp);
            };
        } else {
            c = storing ? (x, y) -> Arrays.compareUnsigned(x.element, y.element) : (x, y) -> strcmp(x.element, y.element);
        }
        return desc ? c.reversed() : c;
    }

    /** C's {@code strcmp}: unsigned bytes up to the first zero byte. */
    static int strcmp(byte[] a, byte[] b) {
        int n = Math.max(a.length, b.length);
        for (int i = 0; i <= n; i++) {
            int x = i < a.length ? a[i] & 0xFF : 0;
            int y = i < b.length ? b[i] & 0xFF : 0;
            if (x != y) {
                return x - y;
            }
            if (x == 0) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * {@code lookupKeyByPattern}: {@code #} is the element itself; otherwise the first {@code *}
     * is replaced by it and the key read as a string, or, with {@code ->field} after the {@code *},
     * as a hash field. Null when there is no {@code *}, no such key, or a key of another type.
     */
    public static byte[] lookupByPattern(Function<byte[], Object> lookup, byte[] pattern, byte[] subst) {
        if (pattern.length == 1 && pattern[0] == '#') {
            return subst;
        }
        int star = ArgBytes.indexOf(pattern, (byte) '*', 0);
        if (star < 0) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 1 < pattern.length; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int keyEnd = arrow >= 0 && arrow + 2 < pattern.length ? arrow : pattern.length;
        byte[] key = new byte[keyEnd - 1 + subst.length];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(subst, 0, key, star, subst.length);
        System.arraycopy(pattern, star + 1, key, star + subst.length, keyEnd - star - 1);
        Object v = lookup.apply(key);
        if (v == null) {
            return null;
        }
        if (keyEnd < pattern.length) {
            return v instanceof HashObject h ? h.get(Arrays.copyOfRange(pattern, keyEnd + 2, pattern.length)) : null;
        }
        return v instanceof byte[] || v instanceof Long ? Strings.bytes(v) : null;
    }

    private static long parseLong(byte[] b) throws RejectedCommand {
        long v = Strings.parseCanonicalLong(b);
        if (v == Long.MIN_VALUE && !Arrays.equals(b, Strings.ascii("-9223372036854775808"))) {
            throw new RejectedCommand("ERR value is not an integer or out of range");
        }
        return v;
    }
}
