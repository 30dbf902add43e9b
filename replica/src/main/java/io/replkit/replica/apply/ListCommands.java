package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.ListObject;
import java.util.Arrays;
import java.util.Map;

/** List writes (t_list.c), including the blocking and multi-pop forms a master may send. */
final class ListCommands {
    private ListCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("LPUSH", (c, a) -> push(c, a, true, false));
        t.put("RPUSH", (c, a) -> push(c, a, false, false));
        t.put("LPUSHX", (c, a) -> push(c, a, true, true));
        t.put("RPUSHX", (c, a) -> push(c, a, false, true));
        t.put("LINSERT", ListCommands::linsert);
        t.put("LSET", ListCommands::lset);
        t.put("LREM", ListCommands::lrem);
        t.put("LTRIM", ListCommands::ltrim);
        t.put("LPOP", (c, a) -> pop(c, a, true));
        t.put("RPOP", (c, a) -> pop(c, a, false));
        t.put("BLPOP", (c, a) -> bpop(c, a, true));
        t.put("BRPOP", (c, a) -> bpop(c, a, false));
        t.put("LMOVE", (c, a) -> {
            requireArgs(a, 5);
            move(c, a[1], a[2], side(a[3]), side(a[4]));
        });
        t.put("BLMOVE", (c, a) -> {
            requireArgs(a, 6);
            move(c, a[1], a[2], side(a[3]), side(a[4]));
        });
        t.put("RPOPLPUSH", (c, a) -> {
            requireArgs(a, 3);
            move(c, a[1], a[2], false, true);
        });
        t.put("BRPOPLPUSH", (c, a) -> {
            requireArgs(a, 4);
            move(c, a[1], a[2], false, true);
        });
        t.put("LMPOP", (c, a) -> mpop(c, a, 1));
        t.put("BLMPOP", (c, a) -> mpop(c, a, 2));
    }

    private static boolean side(byte[] arg) throws CommandException {
        if (Args.is(arg, "LEFT")) {
            return true;
        } else if (Args.is(arg, "RIGHT")) {
            return false;
        }
        throw CommandException.syntax();
    }

    private static void push(ApplyContext c, byte[][] a, boolean left, boolean onlyIfExists) throws CommandException {
        requireArgs(a, 3);
        ListObject l = c.list(a[1]);
        if (l == null) {
            if (onlyIfExists) {
                return;
            }
            l = new ListObject(a.length - 2);
            c.db().put(a[1], l);
        }
        for (int i = 2; i < a.length; i++) {
            if (left) {
                l.addFirst(a[i]);
            } else {
                l.addLast(a[i]);
            }
        }
    }

    private static int index(ListObject l, byte[] pivot) {
        for (int i = 0; i < l.size(); i++) {
            if (Arrays.equals(l.get(i), pivot)) {
                return i;
            }
        }
        return -1;
    }

    private static void linsert(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 5);
        boolean after;
        if (Args.is(a[2], "AFTER")) {
            after = true;
        } else if (Args.is(a[2], "BEFORE")) {
            after = false;
        } else {
            throw CommandException.syntax();
        }
        ListObject l = c.list(a[1]);
        if (l == null) {
            return;
        }
        int i = index(l, a[3]);
        if (i >= 0) {
            l.insert(after ? i + 1 : i, a[4]);
        }
    }

    private static void lset(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long idx = Args.parseLong(a[2]);
        ListObject l = c.list(a[1]);
        if (l == null) {
            throw new CommandException("ERR no such key");
        }
        if (idx < 0) {
            idx += l.size();
        }
        if (idx < 0 || idx >= l.size()) {
            throw new CommandException("ERR index out of range");
        }
        l.set((int) idx, a[3]);
    }

    private static void lrem(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long count = Args.parseLong(a[2]);
        ListObject l = c.list(a[1]);
        if (l == null) {
            return;
        }
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < l.size() && (count == 0 || removed < count); ) {
                if (Arrays.equals(l.get(i), a[3])) {
                    l.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = l.size() - 1; i >= 0 && removed < -count; i--) {
                if (Arrays.equals(l.get(i), a[3])) {
                    l.remove(i);
                    removed++;
                }
            }
        }
        c.removeIfEmpty(a[1], l.size());
    }

    private static void ltrim(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long start = Args.parseLong(a[2]);
        long end = Args.parseLong(a[3]);
        ListObject l = c.list(a[1]);
        if (l == null) {
            return;
        }
        long n = l.size();
        if (start < 0) {
            start += n;
        }
        if (end < 0) {
            end += n;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= n) {
            c.db().remove(a[1]);
            return;
        }
        if (end >= n) {
            end = n - 1;
        }
        l.keepRange((int) start, (int) end);
    }

    private static void pop(ApplyContext c, byte[][] a, boolean left) throws CommandException {
        if (a.length != 2 && a.length != 3) {
            throw CommandException.arity(Args.text(a[0]));
        }
        long count = 1;
        if (a.length == 3) {
            count = Args.parseLong(a[2]);
            if (count < 0) {
                throw new CommandException("ERR value is out of range, must be positive");
            }
        }
        popCount(c, a[1], left, count);
    }

    private static void popCount(ApplyContext c, byte[] key, boolean left, long count) throws CommandException {
        ListObject l = c.list(key);
        if (l == null) {
            return;
        }
        for (long i = 0; i < count && l.size() > 0; i++) {
            if (left) {
                l.removeFirst();
            } else {
                l.removeLast();
            }
        }
        c.removeIfEmpty(key, l.size());
    }

    /** BLPOP k1 k2 ... timeout: pops from the first non-empty list (only sent verbatim by old masters). */
    private static void bpop(ApplyContext c, byte[][] a, boolean left) throws CommandException {
        requireArgs(a, 3);
        for (int i = 1; i < a.length - 1; i++) {
            ListObject l = c.list(a[i]);
            if (l != null) {
                popCount(c, a[i], left, 1);
                return;
            }
        }
    }

    private static void move(ApplyContext c, byte[] src, byte[] dst, boolean fromLeft, boolean toLeft) throws CommandException {
        ListObject s = c.list(src);
        if (s == null) {
            return;
        }
        c.list(dst); // WRONGTYPE before anything changes
        byte[] v = fromLeft ? s.removeFirst() : s.removeLast();
        c.removeIfEmpty(src, s.size());
        ListObject d = c.list(dst); // after the pop: src and dst may be the same list
        if (d == null) {
            d = new ListObject(1);
            c.db().put(dst, d);
        }
        if (toLeft) {
            d.addFirst(v);
        } else {
            d.addLast(v);
        }
    }

    /** LMPOP numkeys key... LEFT|RIGHT [COUNT n]; BLMPOP has a timeout first. */
    private static void mpop(ApplyContext c, byte[][] a, int numkeysAt) throws CommandException {
        requireArgs(a, numkeysAt + 3);
        long numkeys = Args.parseLong(a[numkeysAt]);
        if (numkeys <= 0 || numkeysAt + 1 + numkeys >= a.length) {
            throw new CommandException("ERR numkeys should be greater than 0");
        }
        int w = numkeysAt + 1 + (int) numkeys;
        boolean left = side(a[w]);
        long count = 1;
        if (w + 2 < a.length + 1 && a.length == w + 3 && Args.is(a[w + 1], "COUNT")) {
            count = Args.parseLong(a[w + 2]);
        }
        for (int i = numkeysAt + 1; i < w; i++) {
            if (c.list(a[i]) != null) {
                popCount(c, a[i], left, count);
                return;
            }
        }
    }
}
