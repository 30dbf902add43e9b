package io.replkit.replica.server;

import io.replkit.replica.data.SetObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Set reads: SMEMBERS SISMEMBER SMISMEMBER SCARD SRANDMEMBER SINTER SUNION SDIFF SINTERCARD SSCAN. */
final class SetCommands {
    private SetCommands() {
    }

    static void register(CommandTable t) {
        t.read("smembers", 2, 1, 1, 1, r -> {
            SetObject s = r.lookup(r.arg(1), SetObject.class);
            members(r, s == null ? new byte[0][] : ordered(s));
        });
        t.read("sismember", 3, 1, 1, 1, r -> {
            SetObject s = r.lookup(r.arg(1), SetObject.class);
            r.reply.integer(s != null && s.contains(r.arg(2)) ? 1 : 0);
        });
        t.read("smismember", -3, 1, 1, 1, r -> {
            SetObject s = r.lookup(r.arg(1), SetObject.class);
            r.reply.array(r.argc() - 2);
            for (int i = 2; i < r.argc(); i++) {
                r.reply.integer(s != null && s.contains(r.arg(i)) ? 1 : 0);
            }
        });
        t.read("scard", 2, 1, 1, 1, r -> {
            SetObject s = r.lookup(r.arg(1), SetObject.class);
            r.reply.integer(s == null ? 0 : s.size());
        });
        t.read("srandmember", -2, 1, 1, 1, SetCommands::srandmember);
        t.read("sinter", -2, 1, -1, 1, r -> members(r, combine(r, 1, r.argc(), Op.INTER)));
        t.read("sunion", -2, 1, -1, 1, r -> members(r, combine(r, 1, r.argc(), Op.UNION)));
        t.read("sdiff", -2, 1, -1, 1, r -> members(r, combine(r, 1, r.argc(), Op.DIFF)));
        t.read("sintercard", -3, 1, 1, 1, SetCommands::sintercard);
        t.read("sscan", -3, 1, 1, 1, SetCommands::sscan);
    }

    /** Members as Redis lists them: an intset in ascending order, others in table order. */
    static byte[][] ordered(SetObject s) {
        byte[][] m = s.toArray();
        sortIfIntset(m);
        return m;
    }

    private static void sortIfIntset(byte[][] m) {
        if (m.length > ValueKinds.SET_MAX_INTSET_ENTRIES) {
            return;
        }
        long[] v = new long[m.length];
        for (int i = 0; i < m.length; i++) {
            if (!RedisNumbers.isLong(m[i])) {
                return;
            }
            v[i] = RedisNumbers.parseLong(m[i], "");
        }
        Arrays.sort(v);
        for (int i = 0; i < m.length; i++) {
            m[i] = Long.toString(v[i]).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static void members(Request r, byte[][] m) {
        r.reply.set(m.length);
        for (byte[] b : m) {
            r.reply.bulk(b);
        }
    }

    enum Op { INTER, UNION, DIFF }

    /** SINTER/SUNION/SDIFF over keys {@code [from, to)}: every key type-checked first; missing keys are empty sets. */
    static byte[][] combine(Request r, int from, int to, Op op) {
        SetObject[] sets = new SetObject[to - from];
        boolean anyMissing = false;
        for (int i = from; i < to; i++) {
            sets[i - from] = r.lookup(r.arg(i), SetObject.class);
            anyMissing |= sets[i - from] == null;
        }
        List<byte[]> out = new ArrayList<>();
        switch (op) {
            case INTER -> {
                if (anyMissing) {
                    return new byte[0][];
                }
                SetObject smallest = sets[0];
                for (SetObject s : sets) {
                    if (s.size() < smallest.size()) {
                        smallest = s;
                    }
                }
                SetObject first = smallest;
                first.forEach(m -> {
                    for (SetObject s : sets) {
                        if (s != first && !s.contains(m)) {
                            return;
                        }
                    }
                    out.add(m);
                });
            }
            case UNION -> {
                SetObject u = new SetObject(16);
                for (SetObject s : sets) {
                    if (s != null) {
                        s.forEach(u::add);
                    }
                }
                return ordered(u);
            }
            case DIFF -> {
                if (sets[0] == null) {
                    return new byte[0][];
                }
                sets[0].forEach(m -> {
                    for (int i = 1; i < sets.length; i++) {
                        if (sets[i] != null && sets[i].contains(m)) {
                            return;
                        }
                    }
                    out.add(m);
                });
                byte[][] d = out.toArray(new byte[0][]);
                sortIfIntset(d);
                return d;
            }
            default -> throw new IllegalStateException();
        }
        return out.toArray(new byte[0][]);
    }

    private static void sintercard(Request r) {
        long numkeys = r.argLong(1, "ERR numkeys should be greater than 0");
        if (numkeys < 1) {
            throw new ReplyError("ERR numkeys should be greater than 0");
        }
        if (numkeys > r.argc() - 2) {
            throw new ReplyError("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < r.argc(); j++) {
            if (r.argIs(j, "LIMIT") && j + 1 < r.argc()) {
                limit = ListCommands.positive(r, ++j, "ERR LIMIT can't be negative");
            } else {
                throw ReplyError.syntax();
            }
        }
        byte[][] inter = combine(r, 2, 2 + (int) numkeys, Op.INTER);
        r.reply.integer(limit == 0 ? inter.length : Math.min(limit, inter.length));
    }

    private static void srandmember(Request r) {
        if (r.argc() > 3) {
            throw ReplyError.syntax();
        }
        if (r.argc() == 2) {
            SetObject s = r.lookup(r.arg(1), SetObject.class);
            byte[] m = s == null ? null : s.randomMember(ThreadLocalRandom.current());
            if (m == null) {
                r.reply.nullBulk();
            } else {
                r.reply.bulk(m);
            }
            return;
        }
        RandomPicks.Count c = RandomPicks.parse(r, null);
        SetObject s = r.lookup(r.arg(1), SetObject.class);
        if (s == null || c.count() == 0) {
            r.reply.array(0);
            return;
        }
        if (c.count() < 0) {
            // independent picks straight from the set, without listing its members first
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            r.reply.array(-c.count());
            for (long i = 0; i < -c.count(); i++) {
                r.reply.bulk(s.randomMember(rnd));
            }
            return;
        }
        byte[][] all = s.toArray();
        RandomPicks.reply(r, c.count(), all.length, false, i -> r.reply.bulk(all[i]));
    }

    private static final byte[][] EMPTY = new byte[0][];

    private static void sscan(Request r) {
        long cursor = KeyCommands.parseCursor(r, 2);
        SetObject s = r.lookup(r.arg(1), SetObject.class);
        if (s == null) {
            KeyCommands.scanReply(r, 0, List.of());
            return;
        }
        KeyCommands.ScanOptions o = KeyCommands.ScanOptions.parse(r, 3, false);
        List<byte[]> out = new ArrayList<>();
        if (!s.isTable()) {
            for (byte[] m : ordered(s)) {
                if (o.matches(m)) {
                    out.add(m);
                }
            }
            cursor = 0;
        } else {
            long steps = o.count * 10;
            do {
                cursor = s.scanStep(cursor, m -> {
                    if (o.matches(m)) {
                        out.add(m);
                    }
                });
            } while (cursor != 0 && steps-- > 0 && out.size() < o.count);
        }
        KeyCommands.scanReply(r, cursor, out);
    }
}
