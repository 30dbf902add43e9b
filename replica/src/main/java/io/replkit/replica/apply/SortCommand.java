package io.replkit.replica.apply;

import io.replkit.replica.data.Db;
import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.Strings;
import io.replkit.replica.data.ZSetObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * SORT … STORE (sort.c), which masters propagate verbatim: BY and GET patterns ({@code *}
 * substituted, {@code ->field} for hashes, {@code #} for the element), LIMIT, ASC/DESC, ALPHA
 * (byte order, as strcoll in the C locale). Without STORE it changes nothing.
 */
final class SortCommand {
    private SortCommand() {
    }

    static void register(Map<String, Command> t) {
        t.put("SORT", SortCommand::sort);
    }

    private record Item(byte[] element, double score, byte[] by) {
    }

    private static void sort(ApplyContext c, byte[][] a) throws CommandException {
        KeyCommands.requireArgs(a, 2);
        boolean desc = false, alpha = false, dontsort = false;
        long offset = -1, count = -1;
        byte[] by = null;
        byte[] store = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < a.length; j++) {
            int left = a.length - j - 1;
            if (Args.is(a[j], "ASC")) {
                desc = false;
            } else if (Args.is(a[j], "DESC")) {
                desc = true;
            } else if (Args.is(a[j], "ALPHA")) {
                alpha = true;
            } else if (Args.is(a[j], "LIMIT") && left >= 2) {
                offset = Args.parseLong(a[j + 1]);
                count = Args.parseLong(a[j + 2]);
                j += 2;
            } else if (Args.is(a[j], "STORE") && left >= 1) {
                store = a[++j];
            } else if (Args.is(a[j], "BY") && left >= 1) {
                by = a[++j];
                if (indexOf(by, (byte) '*') < 0) {
                    dontsort = true;
                }
            } else if (Args.is(a[j], "GET") && left >= 1) {
                gets.add(a[++j]);
            } else {
                throw CommandException.syntax();
            }
        }
        if (store == null) {
            return;
        }
        Db db = c.db();
        Object src = db.get(a[1]);
        if (src != null && !(src instanceof ListObject) && !(src instanceof SetObject) && !(src instanceof ZSetObject)) {
            throw CommandException.wrongType();
        }
        // sorting a set without a sort order must still be deterministic for replication
        if (dontsort && src instanceof SetObject) {
            dontsort = false;
            alpha = true;
            by = null;
        }
        List<byte[]> elements = new ArrayList<>();
        if (src instanceof ListObject l) {
            for (int i = 0; i < l.size(); i++) {
                elements.add(l.get(i));
            }
        } else if (src instanceof SetObject s) {
            s.forEach(elements::add);
        } else if (src instanceof ZSetObject z) {
            z.forEachInOrder((m, sc) -> elements.add(m));
            if (dontsort && desc) {
                java.util.Collections.reverse(elements);
            }
        }
        List<Item> items = new ArrayList<>(elements.size());
        for (byte[] e : elements) {
            byte[] cmp = e;
            if (by != null && !dontsort) {
                cmp = lookup(db, by, e);
            }
            double score = 0;
            if (!dontsort && !alpha && cmp != null) {
                Double d = Args.tryParseDouble(cmp);
                if (d == null) {
                    throw new CommandException("ERR One or more scores can't be converted into double");
                }
                score = d;
            }
            items.add(new Item(e, score, cmp));
        }
        if (!dontsort) {
            boolean byPattern = by != null;
            boolean alphaSort = alpha;
            Comparator<Item> cmp = (x, y) -> {
                int r;
                if (!alphaSort) {
                    r = Double.compare(x.score, y.score) == 0 || x.score == y.score ? 0 : (x.score < y.score ? -1 : 1);
                    if (r == 0) {
                        r = Arrays.compareUnsigned(x.element, y.element);
                    }
                } else if (byPattern) {
                    if (x.by == null || y.by == null) {
                        r = x.by == y.by ? 0 : x.by == null ? -1 : 1;
                    } else {
                        r = Arrays.compareUnsigned(x.by, y.by);
                    }
                } else {
                    r = Arrays.compareUnsigned(x.element, y.element);
                }
                return r;
            };
            items.sort(desc ? cmp.reversed() : cmp);
        }
        int start = 0, end = items.size() - 1;
        if (offset >= 0 || count >= 0) {
            long s = Math.max(0, offset);
            long n = count;
            if (s >= items.size()) {
                start = items.size();
                end = items.size() - 1;
            } else {
                start = (int) s;
                end = n < 0 ? items.size() - 1 : (int) Math.min(items.size() - 1, s + n - 1);
            }
        }
        ListObject out = new ListObject(Math.max(0, end - start + 1));
        for (int i = start; i <= end; i++) {
            byte[] e = items.get(i).element;
            if (gets.isEmpty()) {
                out.addLast(e);
            } else {
                for (byte[] g : gets) {
                    byte[] v = lookup(db, g, e);
                    out.addLast(v == null ? new byte[0] : v);
                }
            }
        }
        if (out.size() == 0) {
            db.remove(store);
        } else {
            db.putClearingExpiry(store, out);
        }
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** {@code lookupKeyByPattern}: {@code #} is the element; {@code key*->field} reads a hash field. */
    private static byte[] lookup(Db db, byte[] pattern, byte[] subst) {
        if (pattern.length == 1 && pattern[0] == '#') {
            return subst;
        }
        int star = indexOf(pattern, (byte) '*');
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
        Object v = db.get(key);
        if (v == null) {
            return null;
        }
        if (keyEnd < pattern.length) {
            if (!(v instanceof HashObject h)) {
                return null;
            }
            return h.get(Arrays.copyOfRange(pattern, keyEnd + 2, pattern.length));
        }
        return v instanceof byte[] || v instanceof Long ? Strings.bytes(v) : null;
    }
}
