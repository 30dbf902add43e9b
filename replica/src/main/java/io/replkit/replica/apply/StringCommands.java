package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.Db;
import io.replkit.replica.data.Strings;
import java.util.Arrays;
import java.util.Map;

/** SET and its variants, APPEND, SETRANGE, INCR/DECR, MSET, GETSET/GETDEL/GETEX. */
final class StringCommands {
    static final long MAX_STRING = 512L * 1024 * 1024;

    private StringCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("SET", StringCommands::set);
        t.put("SETNX", (c, a) -> {
            requireArgs(a, 3);
            if (!c.db().contains(a[1])) {
                c.db().putClearingExpiry(a[1], Strings.compact(a[2]));
            }
        });
        t.put("SETEX", (c, a) -> setex(c, a, 1000));
        t.put("PSETEX", (c, a) -> setex(c, a, 1));
        t.put("MSET", (c, a) -> mset(c, a, false));
        t.put("MSETNX", (c, a) -> mset(c, a, true));
        t.put("GETSET", (c, a) -> {
            requireArgs(a, 3);
            c.string(a[1]);
            c.db().putClearingExpiry(a[1], Strings.compact(a[2]));
        });
        t.put("GETDEL", (c, a) -> {
            requireArgs(a, 2);
            c.string(a[1]);
            c.db().remove(a[1]);
        });
        t.put("GETEX", StringCommands::getex);
        t.put("APPEND", StringCommands::append);
        t.put("SETRANGE", StringCommands::setrange);
        t.put("INCR", (c, a) -> incr(c, a, 1, 2));
        t.put("DECR", (c, a) -> incr(c, a, -1, 2));
        t.put("INCRBY", (c, a) -> incr(c, a, 1, 3));
        t.put("DECRBY", (c, a) -> incr(c, a, -1, 3));
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
    private static void set(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        boolean nx = false, xx = false, keepttl = false;
        long expireAt = Db.NO_EXPIRY;
        for (int i = 3; i < a.length; i++) {
            byte[] o = a[i];
            if (Args.is(o, "NX") && !xx) {
                nx = true;
            } else if (Args.is(o, "XX") && !nx) {
                xx = true;
            } else if (Args.is(o, "GET")) {
                continue;
            } else if (Args.is(o, "KEEPTTL") && expireAt == Db.NO_EXPIRY) {
                keepttl = true;
            } else if (i + 1 < a.length && expireAt == Db.NO_EXPIRY && !keepttl
                && (Args.is(o, "EX") || Args.is(o, "PX") || Args.is(o, "EXAT") || Args.is(o, "PXAT"))) {
                long v = Args.parseLong(a[++i]);
                if (v <= 0) {
                    throw new CommandException("ERR invalid expire time in 'set' command");
                }
                expireAt = absolute(c, o, v);
            } else {
                throw CommandException.syntax();
            }
        }
        Db db = c.db();
        boolean exists = db.contains(a[1]);
        if ((nx && exists) || (xx && !exists)) {
            return;
        }
        Object value = Strings.compact(a[2]);
        if (keepttl) {
            db.put(a[1], value);
        } else {
            db.putWithExpiry(a[1], value, expireAt);
        }
    }

    private static long absolute(ApplyContext c, byte[] unit, long v) throws CommandException {
        try {
            if (Args.is(unit, "EX")) {
                return Math.addExact(c.now(), Math.multiplyExact(v, 1000L));
            } else if (Args.is(unit, "PX")) {
                return Math.addExact(c.now(), v);
            } else if (Args.is(unit, "EXAT")) {
                return Math.multiplyExact(v, 1000L);
            }
            return v;
        } catch (ArithmeticException e) {
            throw new CommandException("ERR invalid expire time in 'set' command");
        }
    }

    private static void setex(ApplyContext c, byte[][] a, long unit) throws CommandException {
        requireArgs(a, 4);
        long v = Args.parseLong(a[2]);
        if (v <= 0) {
            throw new CommandException("ERR invalid expire time in '" + Args.text(a[0]).toLowerCase(java.util.Locale.ROOT) + "' command");
        }
        c.db().putWithExpiry(a[1], Strings.compact(a[3]), c.now() + v * unit);
    }

    private static void mset(ApplyContext c, byte[][] a, boolean nx) throws CommandException {
        if (a.length < 3 || a.length % 2 == 0) {
            throw CommandException.arity(Args.text(a[0]));
        }
        Db db = c.db();
        if (nx) {
            for (int i = 1; i < a.length; i += 2) {
                if (db.contains(a[i])) {
                    return;
                }
            }
        }
        for (int i = 1; i < a.length; i += 2) {
            db.putClearingExpiry(a[i], Strings.compact(a[i + 1]));
        }
    }

    /** GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]. */
    private static void getex(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        long at = Db.NO_EXPIRY;
        boolean persist = false;
        if (a.length == 3 && Args.is(a[2], "PERSIST")) {
            persist = true;
        } else if (a.length == 4) {
            long v = Args.parseLong(a[3]);
            if (v <= 0) {
                throw new CommandException("ERR invalid expire time in 'getex' command");
            }
            at = absolute(c, a[2], v);
        } else if (a.length != 2) {
            throw CommandException.syntax();
        }
        if (c.string(a[1]) == null) {
            return;
        }
        if (persist) {
            c.db().setExpiry(a[1], Db.NO_EXPIRY);
        } else if (at != Db.NO_EXPIRY) {
            c.db().setExpiry(a[1], at);
        }
    }

    private static void append(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        Object old = c.string(a[1]);
        if (old == null) {
            c.db().put(a[1], Strings.compact(a[2]));
            return;
        }
        byte[] cur = Strings.bytes(old);
        if (cur.length + (long) a[2].length > MAX_STRING) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        byte[] out = Arrays.copyOf(cur, cur.length + a[2].length);
        System.arraycopy(a[2], 0, out, cur.length, a[2].length);
        c.db().put(a[1], out);
    }

    private static void setrange(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long offset = Args.parseLong(a[2]);
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        byte[] v = a[3];
        Object old = c.string(a[1]);
        if (old == null && v.length == 0) {
            return;
        }
        if (offset + v.length > MAX_STRING) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        byte[] cur = old == null ? new byte[0] : Strings.bytes(old);
        if (v.length == 0) {
            return;
        }
        byte[] out = Arrays.copyOf(cur, (int) Math.max(cur.length, offset + v.length));
        System.arraycopy(v, 0, out, (int) offset, v.length);
        c.db().put(a[1], out);
    }

    private static void incr(ApplyContext c, byte[][] a, int sign, int argc) throws CommandException {
        if (a.length != argc) {
            throw CommandException.arity(Args.text(a[0]));
        }
        long by = argc == 3 ? Args.parseLong(a[2]) : 1;
        if (sign < 0) {
            if (by == Long.MIN_VALUE) {
                throw new CommandException("ERR decrement would overflow");
            }
            by = -by;
        }
        Object old = c.string(a[1]);
        long cur = 0;
        if (old instanceof Long l) {
            cur = l;
        } else if (old != null) {
            cur = Args.parseLong((byte[]) old);
        }
        long result;
        try {
            result = Math.addExact(cur, by);
        } catch (ArithmeticException e) {
            throw new CommandException("ERR increment or decrement would overflow");
        }
        c.db().put(a[1], result);
    }
}
