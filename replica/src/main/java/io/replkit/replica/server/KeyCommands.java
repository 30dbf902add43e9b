package io.replkit.replica.server;

import io.replkit.rdb.filter.GlobPattern;
import io.replkit.replica.data.Db;
import io.replkit.replica.data.RejectedCommand;
import io.replkit.replica.data.SortQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Generic key reads: EXISTS TOUCH TYPE TTL PTTL EXPIRETIME PEXPIRETIME KEYS SCAN RANDOMKEY SORT_RO OBJECT. */
final class KeyCommands {
    private KeyCommands() {
    }

    static void register(CommandTable t) {
        t.read("exists", -2, 1, -1, 1, KeyCommands::exists);
        t.read("touch", -2, 1, -1, 1, KeyCommands::exists);
        t.read("type", 2, 1, 1, 1, r -> {
            Object v = r.lookup(r.arg(1));
            r.reply.simple(v == null ? "none" : ValueKinds.typeName(v));
        });
        t.read("ttl", 2, 1, 1, 1, r -> ttl(r, false, false));
        t.read("pttl", 2, 1, 1, 1, r -> ttl(r, true, false));
        t.read("expiretime", 2, 1, 1, 1, r -> ttl(r, false, true));
        t.read("pexpiretime", 2, 1, 1, 1, r -> ttl(r, true, true));
        t.read("keys", 2, 0, 0, 0, KeyCommands::keys);
        t.read("scan", -2, 0, 0, 0, KeyCommands::scan);
        t.read("randomkey", 1, 0, 0, 0, KeyCommands::randomKey);
        t.read("sort_ro", -2, 1, 1, 1, KeyCommands::sortRo);
        t.read("dump", 2, 1, 1, 1, r -> {
            Object v = r.lookup(r.arg(1));
            if (v == null) {
                r.reply.nullBulk();
            } else {
                r.reply.bulk(DumpEncoder.dump(v));
            }
        });
        t.container("object", -2)
                .sub("encoding", 3, true, 2, 2, 1, r -> {
                    Object v = r.lookup(r.arg(2));
                    if (v == null) {
                        r.reply.nullBulk();
                    } else {
                        r.reply.bulk(ValueKinds.encoding(v));
                    }
                })
                .sub("refcount", 3, true, 2, 2, 1, r -> objectNumber(r, 1))
                .sub("idletime", 3, true, 2, 2, 1, r -> objectNumber(r, 0))
                .sub("freq", 3, true, 2, 2, 1, r -> {
                    throw new ReplyError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                            + "Please note that when switching between policies at runtime LRU and LFU data will "
                            + "take some time to adjust.");
                });
    }

    /** SORT_RO: SORT without STORE ({@link SortQuery}); a missing GET value is a null. */
    private static void sortRo(Request r) {
        try {
            SortQuery q = SortQuery.parse(r.args, true);
            List<byte[]> out = q.run(r.lookup(r.arg(1)), r::lookup);
            r.reply.array(out.size());
            for (byte[] v : out) {
                if (v == null) {
                    r.reply.nullBulk();
                } else {
                    r.reply.bulk(v);
                }
            }
        } catch (RejectedCommand e) {
            throw new ReplyError(e.getMessage());
        }
    }

    private static void objectNumber(Request r, long n) {
        if (r.lookup(r.arg(2)) == null) {
            r.reply.nullBulk();
        } else {
            r.reply.integer(n);
        }
    }

    private static void exists(Request r) {
        long n = 0;
        for (int i = 1; i < r.argc(); i++) {
            if (r.lookup(r.arg(i)) != null) {
                n++;
            }
        }
        r.reply.integer(n);
    }

    /** TTL/PTTL/EXPIRETIME/PEXPIRETIME: -2 missing, -1 no expiry; TTL rounds like Redis ((ms+500)/1000). */
    private static void ttl(Request r, boolean ms, boolean absolute) {
        byte[] key = r.arg(1);
        if (r.lookup(key) == null) {
            r.reply.integer(-2);
            return;
        }
        long at = r.db().expiry(key);
        if (at == Db.NO_EXPIRY) {
            r.reply.integer(-1);
            return;
        }
        if (absolute) {
            r.reply.integer(ms ? at : (at + 500) / 1000);
        } else {
            long left = Math.max(0, at - r.now);
            r.reply.integer(ms ? left : (left + 500) / 1000);
        }
    }

    private static boolean live(Request r, Db db, byte[] key, long expireAt) {
        return expireAt == Db.NO_EXPIRY || expireAt >= r.now;
    }

    private static void keys(Request r) {
        byte[] pattern = r.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        GlobPattern g = all ? null : new GlobPattern(pattern);
        List<byte[]> out = new ArrayList<>();
        Db db = r.db();
        db.forEach((k, v, e) -> {
            if ((all || g.matches(k)) && live(r, db, k, e)) {
                out.add(k);
            }
        });
        r.reply.array(out.size());
        out.forEach(r.reply::bulk);
    }

    /** SCAN/SSCAN/HSCAN/ZSCAN options: MATCH, COUNT, and (SCAN only) TYPE. */
    static final class ScanOptions {
        GlobPattern match;
        long count = 10;
        String type;

        static ScanOptions parse(Request r, int from, boolean allowType) {
            ScanOptions o = new ScanOptions();
            for (int i = from; i < r.argc(); ) {
                int more = r.argc() - i - 1;
                if (r.argIs(i, "COUNT") && more >= 1) {
                    o.count = r.argLong(i + 1);
                    if (o.count < 1) {
                        throw ReplyError.syntax();
                    }
                    i += 2;
                } else if (r.argIs(i, "MATCH") && more >= 1) {
                    byte[] p = r.arg(i + 1);
                    o.match = p.length == 1 && p[0] == '*' ? null : new GlobPattern(p);
                    i += 2;
                } else if (allowType && r.argIs(i, "TYPE") && more >= 1) {
                    o.type = r.argString(i + 1);
                    i += 2;
                } else {
                    throw ReplyError.syntax();
                }
            }
            return o;
        }

        boolean matches(byte[] b) {
            return match == null || match.matches(b);
        }
    }

    /**
     * {@code parseScanCursorOrReply}: {@code strtoul} over the whole argument: an optional sign
     * (a '-' negates modulo 2^64, so "-1" is the largest cursor), digits, nothing else.
     */
    static long parseCursor(Request r, int i) {
        byte[] b = r.arg(i);
        int p = 0;
        boolean negative = false;
        if (b.length > 0 && (b[0] == '+' || b[0] == '-')) {
            negative = b[0] == '-';
            p = 1;
        }
        if (p == b.length || b.length > 21) {
            throw new ReplyError("ERR invalid cursor");
        }
        for (int j = p; j < b.length; j++) {
            if (b[j] < '0' || b[j] > '9') {
                throw new ReplyError("ERR invalid cursor");
            }
        }
        try {
            long v = Long.parseUnsignedLong(new String(b, p, b.length - p, java.nio.charset.StandardCharsets.US_ASCII));
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new ReplyError("ERR invalid cursor");
        }
    }

    static void scanReply(Request r, long cursor, List<byte[]> items) {
        r.reply.array(2);
        r.reply.bulk(Long.toUnsignedString(cursor));
        r.reply.array(items.size());
        items.forEach(r.reply::bulk);
    }

    private static void scan(Request r) {
        long cursor = parseCursor(r, 1);
        ScanOptions o = ScanOptions.parse(r, 2, true);
        Db db = r.db();
        List<byte[]> out = new ArrayList<>();
        long maxSteps = o.count * 10;
        do {
            cursor = db.scanStep(cursor, (k, v, e) -> {
                if (o.matches(k) && live(r, db, k, e)
                        && (o.type == null || o.type.equalsIgnoreCase(ValueKinds.typeName(v)))) {
                    out.add(k);
                }
            });
        } while (cursor != 0 && maxSteps-- > 0 && out.size() < o.count);
        scanReply(r, cursor, out);
    }

    /** Like a Redis replica: skips expired keys, but after 100 tries returns one rather than loop forever. */
    private static void randomKey(Request r) {
        Db db = r.db();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int tries = 0; ; tries++) {
            byte[] k = db.randomKey(rnd);
            if (k == null) {
                r.reply.nullBulk();
                return;
            }
            if (tries >= 100 || !db.isLogicallyExpired(k, r.now)) {
                r.reply.bulk(k);
                return;
            }
        }
    }
}
