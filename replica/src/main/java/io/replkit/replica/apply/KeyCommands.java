package io.replkit.replica.apply;

import io.replkit.replica.data.Db;
import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.ListObject;
import io.replkit.replica.data.SetObject;
import io.replkit.replica.data.StreamObject;
import io.replkit.replica.data.ZSetObject;
import io.replkit.replica.load.DumpPayload;
import java.io.IOException;
import java.util.Map;

/** DEL, expiries, RENAME, COPY, MOVE, SWAPDB, FLUSH*, RESTORE. */
final class KeyCommands {
    private KeyCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("DEL", KeyCommands::del);
        t.put("UNLINK", KeyCommands::del);
        t.put("EXPIRE", (c, a) -> expire(c, a, 1000, true));
        t.put("PEXPIRE", (c, a) -> expire(c, a, 1, true));
        t.put("EXPIREAT", (c, a) -> expire(c, a, 1000, false));
        t.put("PEXPIREAT", (c, a) -> expire(c, a, 1, false));
        t.put("PERSIST", KeyCommands::persist);
        t.put("RENAME", (c, a) -> rename(c, a, false));
        t.put("RENAMENX", (c, a) -> rename(c, a, true));
        t.put("COPY", KeyCommands::copy);
        t.put("MOVE", KeyCommands::move);
        t.put("SWAPDB", KeyCommands::swapdb);
        t.put("FLUSHDB", (c, a) -> c.db().clear());
        t.put("FLUSHALL", (c, a) -> c.dataset.flushAll());
        t.put("RESTORE", KeyCommands::restore);
        t.put("RESTORE-ASKING", KeyCommands::restore);
    }

    static void requireArgs(byte[][] a, int min) throws CommandException {
        if (a.length < min) {
            throw CommandException.arity(Args.text(a[0]));
        }
    }

    private static void del(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        for (int i = 1; i < a.length; i++) {
            c.db().remove(a[i]);
        }
    }

    /** EXPIRE family: {@code unit} ms per argument unit; relative times count from the replica's clock. */
    private static void expire(ApplyContext c, byte[][] a, long unit, boolean relative) throws CommandException {
        requireArgs(a, 3);
        long when = Args.parseLong(a[2]);
        boolean nx = false, xx = false, gt = false, lt = false;
        for (int i = 3; i < a.length; i++) {
            if (Args.is(a[i], "NX")) {
                nx = true;
            } else if (Args.is(a[i], "XX")) {
                xx = true;
            } else if (Args.is(a[i], "GT")) {
                gt = true;
            } else if (Args.is(a[i], "LT")) {
                lt = true;
            } else {
                throw new CommandException("ERR Unsupported option " + Args.text(a[i]));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandException("ERR GT and LT options at the same time are not compatible");
        }
        long base = relative ? c.now() : 0;
        long at;
        try {
            at = Math.addExact(Math.multiplyExact(when, unit), base);
        } catch (ArithmeticException e) {
            throw new CommandException("ERR invalid expire time in '" + Args.text(a[0]).toLowerCase(java.util.Locale.ROOT) + "' command");
        }
        Db db = c.db();
        if (!db.contains(a[1])) {
            return;
        }
        long current = db.expiry(a[1]);
        boolean has = current != Db.NO_EXPIRY;
        if ((nx && has) || (xx && !has) || (gt && (!has || at <= current)) || (lt && has && at >= current)) {
            return;
        }
        db.setExpiry(a[1], at);
    }

    private static void persist(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 2);
        c.db().setExpiry(a[1], Db.NO_EXPIRY);
    }

    private static void rename(ApplyContext c, byte[][] a, boolean nx) throws CommandException {
        requireArgs(a, 3);
        Db db = c.db();
        Object v = db.get(a[1]);
        if (v == null) {
            throw new CommandException("ERR no such key");
        }
        if (java.util.Arrays.equals(a[1], a[2])) {
            return;
        }
        if (nx && db.contains(a[2])) {
            return;
        }
        long expiry = db.expiry(a[1]);
        db.remove(a[1]);
        db.putWithExpiry(a[2], v, expiry);
    }

    /** A deep copy of a value (strings are immutable arrays and shared). */
    static Object copyOf(Object v) {
        if (v instanceof ListObject l) {
            return l.copy();
        } else if (v instanceof SetObject s) {
            return s.copy();
        } else if (v instanceof ZSetObject z) {
            return z.copy();
        } else if (v instanceof HashObject h) {
            return h.copy();
        } else if (v instanceof StreamObject s) {
            return s.copy();
        }
        return v;
    }

    private static void copy(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        Db src = c.db();
        Db dst = src;
        boolean replace = false;
        for (int i = 3; i < a.length; i++) {
            if (Args.is(a[i], "REPLACE")) {
                replace = true;
            } else if (Args.is(a[i], "DB") && i + 1 < a.length) {
                long n = Args.parseLong(a[++i]);
                if (n < 0 || n >= c.dataset.databases()) {
                    throw new CommandException("ERR DB index is out of range");
                }
                dst = c.dataset.db((int) n);
            } else {
                throw CommandException.syntax();
            }
        }
        if (src == dst && java.util.Arrays.equals(a[1], a[2])) {
            throw new CommandException("ERR source and destination objects are the same");
        }
        Object v = src.get(a[1]);
        if (v == null || (!replace && dst.contains(a[2]))) {
            return;
        }
        dst.putWithExpiry(a[2], copyOf(v), src.expiry(a[1]));
    }

    private static void move(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        long n = Args.parseLong(a[2]);
        if (n < 0 || n >= c.dataset.databases()) {
            throw new CommandException("ERR DB index is out of range");
        }
        Db src = c.db();
        Db dst = c.dataset.db((int) n);
        if (src == dst) {
            throw new CommandException("ERR source and destination objects are the same");
        }
        Object v = src.get(a[1]);
        if (v == null || dst.contains(a[1])) {
            return;
        }
        long expiry = src.expiry(a[1]);
        src.remove(a[1]);
        dst.putWithExpiry(a[1], v, expiry);
    }

    private static void swapdb(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        long x = Args.parseLong(a[1]);
        long y = Args.parseLong(a[2]);
        if (x < 0 || y < 0 || x >= c.dataset.databases() || y >= c.dataset.databases()) {
            throw new CommandException("ERR DB index is out of range");
        }
        c.dataset.swap((int) x, (int) y);
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME s] [FREQ f]. */
    private static void restore(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long ttl = Args.parseLong(a[2]);
        boolean replace = false, absttl = false;
        for (int i = 4; i < a.length; i++) {
            if (Args.is(a[i], "REPLACE")) {
                replace = true;
            } else if (Args.is(a[i], "ABSTTL")) {
                absttl = true;
            } else if ((Args.is(a[i], "IDLETIME") || Args.is(a[i], "FREQ")) && i + 1 < a.length) {
                Args.parseLong(a[++i]); // LRU/LFU hints: not kept by this replica
            } else {
                throw CommandException.syntax();
            }
        }
        if (ttl < 0) {
            throw new CommandException("ERR Invalid TTL value, must be >= 0");
        }
        Db db = c.db();
        if (!replace && db.contains(a[1])) {
            throw new CommandException("BUSYKEY Target key name already exists.");
        }
        Object value;
        try {
            value = DumpPayload.decodeValue(a[3], c.options.encodings());
        } catch (IOException e) {
            throw new CommandException("ERR Bad data format: " + e.getMessage());
        }
        long expireAt = ttl == 0 ? Db.NO_EXPIRY : absttl ? ttl : c.now() + ttl;
        db.putWithExpiry(a[1], value, expireAt);
    }
}
