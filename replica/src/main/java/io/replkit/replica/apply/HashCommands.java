package io.replkit.replica.apply;

import static io.replkit.replica.apply.KeyCommands.requireArgs;

import io.replkit.replica.data.HashObject;
import io.replkit.replica.data.Strings;
import java.util.Map;

/** Hash writes (t_hash.c) and the field-TTL commands of Redis 7.4. */
final class HashCommands {
    private HashCommands() {
    }

    static void register(Map<String, Command> t) {
        t.put("HSET", HashCommands::hset);
        t.put("HMSET", HashCommands::hset);
        t.put("HSETNX", (c, a) -> {
            requireArgs(a, 4);
            HashObject h = c.hash(a[1]);
            if (h != null && h.contains(a[2])) {
                return;
            }
            create(c, a[1], h).put(a[2], a[3]);
        });
        t.put("HDEL", HashCommands::hdel);
        t.put("HINCRBY", HashCommands::hincrby);
        t.put("HPEXPIREAT", (c, a) -> hexpire(c, a, 1, false));
        t.put("HEXPIREAT", (c, a) -> hexpire(c, a, 1000, false));
        t.put("HPEXPIRE", (c, a) -> hexpire(c, a, 1, true));
        t.put("HEXPIRE", (c, a) -> hexpire(c, a, 1000, true));
        t.put("HPERSIST", HashCommands::hpersist);
    }

    private static HashObject create(ApplyContext c, byte[] key, HashObject h) {
        if (h == null) {
            h = new HashObject(1);
            c.db().put(key, h);
        }
        return h;
    }

    private static void hset(ApplyContext c, byte[][] a) throws CommandException {
        if (a.length < 4 || a.length % 2 != 0) {
            throw CommandException.arity(Args.text(a[0]));
        }
        HashObject h = create(c, a[1], c.hash(a[1]));
        for (int i = 2; i < a.length; i += 2) {
            h.put(a[i], a[i + 1]);
        }
    }

    private static void hdel(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 3);
        HashObject h = c.hash(a[1]);
        if (h == null) {
            return;
        }
        for (int i = 2; i < a.length; i++) {
            h.remove(a[i]);
        }
        c.removeIfEmpty(a[1], h.size());
    }

    /** HINCRBY keeps the field's TTL (7.4). */
    private static void hincrby(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 4);
        long by = Args.parseLong(a[3]);
        HashObject h = c.hash(a[1]);
        long cur = 0;
        long ttl = HashObject.NO_EXPIRY;
        if (h != null && h.contains(a[2])) {
            try {
                cur = Args.parseLong(h.get(a[2]));
            } catch (CommandException e) {
                throw new CommandException("ERR hash value is not an integer");
            }
            ttl = h.expireAt(a[2]);
        }
        long result;
        try {
            result = Math.addExact(cur, by);
        } catch (ArithmeticException e) {
            throw new CommandException("ERR increment or decrement would overflow");
        }
        h = create(c, a[1], h);
        h.put(a[2], Strings.ofLong(result));
        if (ttl != HashObject.NO_EXPIRY) {
            h.setExpireAt(a[2], ttl);
        }
    }

    /** The index of {@code FIELDS}' count argument, checking that exactly that many fields follow. */
    private static int fieldsAt(byte[][] a, int from) throws CommandException {
        for (int i = from; i < a.length - 1; i++) {
            if (Args.is(a[i], "FIELDS")) {
                long n = Args.parseLong(a[i + 1]);
                if (n <= 0 || i + 2 + n != a.length) {
                    throw new CommandException("ERR The `numfields` parameter must match the number of arguments");
                }
                return i + 2;
            }
        }
        throw new CommandException("ERR Mandatory argument FIELDS is missing or not at the right position");
    }

    /** H(P)EXPIRE(AT) key time [NX|XX|GT|LT] FIELDS n field... */
    private static void hexpire(ApplyContext c, byte[][] a, long unit, boolean relative) throws CommandException {
        requireArgs(a, 6);
        long t = Args.parseLong(a[2]);
        int first = fieldsAt(a, 3);
        String cond = first - 2 > 3 ? Args.text(a[3]).toUpperCase(java.util.Locale.ROOT) : "";
        long at = Math.multiplyExact(t, unit) + (relative ? c.now() : 0);
        HashObject h = c.hash(a[1]);
        if (h == null) {
            return;
        }
        for (int i = first; i < a.length; i++) {
            long cur = h.expireAt(a[i]);
            if (cur < 0) {
                continue;
            }
            boolean has = cur != HashObject.NO_EXPIRY;
            boolean skip = switch (cond) {
                case "NX" -> has;
                case "XX" -> !has;
                case "GT" -> !has || at <= cur;
                case "LT" -> has && at >= cur;
                default -> false;
            };
            if (!skip) {
                h.setExpireAt(a[i], at);
            }
        }
    }

    private static void hpersist(ApplyContext c, byte[][] a) throws CommandException {
        requireArgs(a, 5);
        int first = fieldsAt(a, 2);
        HashObject h = c.hash(a[1]);
        if (h == null) {
            return;
        }
        for (int i = first; i < a.length; i++) {
            if (h.contains(a[i])) {
                h.setExpireAt(a[i], HashObject.NO_EXPIRY);
            }
        }
    }
}
