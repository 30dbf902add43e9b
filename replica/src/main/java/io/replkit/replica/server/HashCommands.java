package io.replkit.replica.server;

import io.replkit.replica.data.HashObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hash reads: HGET HMGET HGETALL HKEYS HVALS HLEN HEXISTS HSTRLEN HRANDFIELD HSCAN HTTL HPTTL.
 * A field past its TTL reads as missing (the master's HDEL removes it), like an expired key.
 */
final class HashCommands {
    private HashCommands() {
    }

    static void register(CommandTable t) {
        t.read("hget", 3, 1, 1, 1, r -> {
            byte[] v = value(r, r.lookup(r.arg(1), HashObject.class), r.arg(2));
            if (v == null) {
                r.reply.nullBulk();
            } else {
                r.reply.bulk(v);
            }
        });
        t.read("hmget", -3, 1, 1, 1, r -> {
            HashObject h = r.lookup(r.arg(1), HashObject.class);
            r.reply.array(r.argc() - 2);
            for (int i = 2; i < r.argc(); i++) {
                byte[] v = value(r, h, r.arg(i));
                if (v == null) {
                    r.reply.nullBulk();
                } else {
                    r.reply.bulk(v);
                }
            }
        });
        t.read("hgetall", 2, 1, 1, 1, r -> all(r, true, true));
        t.read("hkeys", 2, 1, 1, 1, r -> all(r, true, false));
        t.read("hvals", 2, 1, 1, 1, r -> all(r, false, true));
        t.read("hlen", 2, 1, 1, 1, r -> {
            HashObject h = r.lookup(r.arg(1), HashObject.class);
            r.reply.integer(h == null ? 0 : h.size());
        });
        t.read("hexists", 3, 1, 1, 1, r -> r.reply.integer(
                value(r, r.lookup(r.arg(1), HashObject.class), r.arg(2)) != null ? 1 : 0));
        t.read("hstrlen", 3, 1, 1, 1, r -> {
            byte[] v = value(r, r.lookup(r.arg(1), HashObject.class), r.arg(2));
            r.reply.integer(v == null ? 0 : v.length);
        });
        t.read("hrandfield", -2, 1, 1, 1, HashCommands::hrandfield);
        t.read("hscan", -3, 1, 1, 1, HashCommands::hscan);
        t.read("httl", -5, 1, 1, 1, r -> fieldTtl(r, false));
        t.read("hpttl", -5, 1, 1, 1, r -> fieldTtl(r, true));
    }

    private static boolean live(Request r, long expireAt) {
        return expireAt == HashObject.NO_EXPIRY || expireAt >= r.now;
    }

    private static byte[] value(Request r, HashObject h, byte[] field) {
        if (h == null) {
            return null;
        }
        byte[] v = h.get(field);
        return v != null && live(r, h.expireAt(field)) ? v : null;
    }

    private static void all(Request r, boolean fields, boolean values) {
        HashObject h = r.lookup(r.arg(1), HashObject.class);
        List<byte[]> out = new ArrayList<>();
        if (h != null) {
            h.forEach((f, v, t) -> {
                if (live(r, t)) {
                    if (fields) {
                        out.add(f);
                    }
                    if (values) {
                        out.add(v);
                    }
                }
            });
        }
        if (fields && values) {
            r.reply.map(out.size() / 2);
        } else {
            r.reply.array(out.size());
        }
        out.forEach(r.reply::bulk);
    }

    private static void hrandfield(Request r) {
        if (r.argc() == 2) {
            HashObject h = r.lookup(r.arg(1), HashObject.class);
            List<byte[][]> pairs = pairs(r, h);
            if (pairs.isEmpty()) {
                r.reply.nullBulk();
            } else {
                r.reply.bulk(pairs.get(ThreadLocalRandom.current().nextInt(pairs.size()))[0]);
            }
            return;
        }
        RandomPicks.Count c = RandomPicks.parse(r, "WITHVALUES");
        HashObject h = r.lookup(r.arg(1), HashObject.class);
        List<byte[][]> pairs = pairs(r, h);
        if (pairs.isEmpty() || c.count() == 0) {
            r.reply.array(0);
            return;
        }
        RandomPicks.reply(r, c.count(), pairs.size(), c.withPairs(), i -> {
            byte[][] p = pairs.get(i);
            r.reply.bulk(p[0]);
            if (c.withPairs()) {
                r.reply.bulk(p[1]);
            }
        });
    }

    private static List<byte[][]> pairs(Request r, HashObject h) {
        List<byte[][]> out = new ArrayList<>();
        if (h != null) {
            h.forEach((f, v, t) -> {
                if (live(r, t)) {
                    out.add(new byte[][] {f, v});
                }
            });
        }
        return out;
    }

    private static void hscan(Request r) {
        long cursor = KeyCommands.parseCursor(r, 2);
        HashObject h = r.lookup(r.arg(1), HashObject.class);
        if (h == null) {
            KeyCommands.scanReply(r, 0, List.of());
            return;
        }
        KeyCommands.ScanOptions o = KeyCommands.ScanOptions.parse(r, 3, false);
        List<byte[]> out = new ArrayList<>();
        HashObject.FieldConsumer take = (f, v, t) -> {
            if (o.matches(f) && live(r, t)) {
                out.add(f);
                out.add(v);
            }
        };
        if (!h.isTable()) {
            h.forEach(take);
            cursor = 0;
        } else {
            long steps = o.count * 10;
            do {
                cursor = h.scanStep(cursor, take);
            } while (cursor != 0 && steps-- > 0 && out.size() / 2 < o.count);
        }
        KeyCommands.scanReply(r, cursor, out);
    }

    /** HTTL/HPTTL key FIELDS numfields field...: per field -2 (no such field), -1 (no TTL) or the TTL. */
    private static void fieldTtl(Request r, boolean ms) {
        if (!r.argIs(2, "FIELDS")) {
            throw new ReplyError("ERR Mandatory argument FIELDS is missing or not at the right position");
        }
        long n = r.argLong(3, "ERR Number of fields must be a positive integer");
        if (n <= 0) {
            throw new ReplyError("ERR Number of fields must be a positive integer");
        }
        if (n != r.argc() - 4) {
            throw new ReplyError("ERR The `numfields` parameter must match the number of arguments");
        }
        HashObject h = r.lookup(r.arg(1), HashObject.class);
        if (h == null) {
            r.reply.nullArray();
            return;
        }
        r.reply.array(n);
        for (int i = 4; i < r.argc(); i++) {
            long at = h.expireAt(r.arg(i));
            if (at == -1 || !live(r, at)) {
                r.reply.integer(-2);
            } else if (at == HashObject.NO_EXPIRY) {
                r.reply.integer(-1);
            } else {
                long left = at - r.now;
                r.reply.integer(ms ? left : (left + 500) / 1000);
            }
        }
    }
}
