package io.replkit.replica;

import io.replkit.testkit.RedisErrorReply;
import io.replkit.testkit.TestRedisClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random command workloads per data type, sent to a real master. Commands Redis rejects
 * are ignored (a master propagates nothing for them).
 */
final class Workloads {
    private final TestRedisClient c;
    private final Random r;
    int errors;

    Workloads(TestRedisClient c, long seed) {
        this.c = c;
        this.r = new Random(seed);
    }

    void send(Object... args) {
        try {
            c.call(args);
        } catch (RedisErrorReply e) {
            errors++;
        }
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }

    private String member(int range) {
        return r.nextInt(10) == 0 ? "m" + "x".repeat(r.nextInt(80)) + r.nextInt(range) : "m" + r.nextInt(range);
    }

    private String value() {
        return switch (r.nextInt(4)) {
            case 0 -> Integer.toString(r.nextInt(1000) - 500);
            case 1 -> "v" + r.nextInt(100);
            case 2 -> "long-" + "y".repeat(r.nextInt(100));
            default -> Long.toString(r.nextLong());
        };
    }

    private String score() {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.toString(r.nextInt(5));
            case 1 -> Double.toString(r.nextDouble() * 100);
            case 2 -> pick("inf", "-inf", "+inf");
            case 3 -> Double.toString(r.nextGaussian() * 1e20);
            case 4 -> "1e-7";
            default -> Integer.toString(r.nextInt(200) - 100);
        };
    }

    private String idx(int span) {
        return Integer.toString(r.nextInt(2 * span + 1) - span);
    }

    void strings(int n) {
        for (int i = 0; i < n; i++) {
            String k = "s" + r.nextInt(30);
            switch (r.nextInt(17)) {
                case 0 -> send("SET", k, value());
                case 1 -> send("SET", k, value(), "EX", 1000 + r.nextInt(1000));
                case 2 -> send("SET", k, value(), pick("NX", "XX"), "KEEPTTL");
                case 3 -> send("APPEND", k, value());
                case 4 -> send("SETRANGE", k, r.nextInt(40), value());
                case 5 -> send(pick("INCR", "DECR"), k);
                case 6 -> send(pick("INCRBY", "DECRBY"), k, r.nextInt(1000) - 500);
                case 7 -> send("INCRBYFLOAT", k, pick("1.5", "-0.1", "3e2", "0.3333333333333333", "1e-10"));
                case 8 -> send("MSET", k, value(), "s" + r.nextInt(30), value());
                case 9 -> send("MSETNX", k, value(), "s" + r.nextInt(30), value());
                case 10 -> send("GETSET", k, value());
                case 11 -> send("GETDEL", k);
                case 12 -> send("GETEX", k, pick("PX", "EX"), 100000 + r.nextInt(100000));
                case 13 -> send("GETEX", k, "PERSIST");
                case 14 -> send("SETEX", k, 500 + r.nextInt(100), value());
                case 15 -> send("SETNX", k, value());
                default -> send("DEL", k);
            }
        }
    }

    void keys(int n) {
        for (int i = 0; i < n; i++) {
            String k = "k" + r.nextInt(20);
            String k2 = "k" + r.nextInt(20);
            switch (r.nextInt(14)) {
                case 0 -> send("SET", k, value());
                case 1 -> send("RPUSH", k, value(), value());
                case 2 -> send("EXPIRE", k, 1000 + r.nextInt(1000));
                case 3 -> send("PEXPIREAT", k, System.currentTimeMillis() + 3_600_000 + r.nextInt(1000));
                case 4 -> send("PERSIST", k);
                case 5 -> send("RENAME", k, k2);
                case 6 -> send("RENAMENX", k, k2);
                case 7 -> send("COPY", k, k2, "DB", r.nextInt(3), "REPLACE");
                case 8 -> send("COPY", k, k2);
                case 9 -> send("MOVE", k, 1 + r.nextInt(2));
                case 10 -> send("SELECT", r.nextInt(3));
                case 11 -> send("SWAPDB", r.nextInt(3), r.nextInt(3));
                case 12 -> send("SADD", k, value());
                default -> send("UNLINK", k, k2);
            }
        }
        send("SELECT", 0);
    }

    void lists(int n) {
        for (int i = 0; i < n; i++) {
            String k = "l" + r.nextInt(6);
            switch (r.nextInt(16)) {
                case 0, 1 -> send(pick("LPUSH", "RPUSH"), k, value(), value(), value());
                case 2 -> send(pick("LPUSHX", "RPUSHX"), k, value());
                case 3 -> send("LINSERT", k, pick("BEFORE", "AFTER"), value(), value());
                case 4 -> send("LSET", k, idx(20), value());
                case 5 -> send("LREM", k, idx(3), value());
                case 6 -> send("LTRIM", k, idx(30), idx(60));
                case 7 -> send(pick("LPOP", "RPOP"), k);
                case 8 -> send(pick("LPOP", "RPOP"), k, r.nextInt(4));
                case 9 -> send("LMOVE", k, "l" + r.nextInt(6), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT"));
                case 10 -> send("RPOPLPUSH", k, "l" + r.nextInt(6));
                case 11 -> send(pick("BLPOP", "BRPOP"), k, "l" + r.nextInt(6), "0.01");
                case 12 -> send("BLMOVE", k, "l" + r.nextInt(6), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT"), "0.01");
                case 13 -> send("LMPOP", 2, k, "l" + r.nextInt(6), pick("LEFT", "RIGHT"), "COUNT", 1 + r.nextInt(3));
                default -> send("RPUSH", k, "x".repeat(r.nextInt(300)));
            }
        }
    }

    void sets(int n) {
        for (int i = 0; i < n; i++) {
            String k = "set" + r.nextInt(5);
            switch (r.nextInt(10)) {
                case 0, 1, 2 -> {
                    List<Object> args = new ArrayList<>(List.of("SADD", k));
                    for (int j = r.nextInt(30); j >= 0; j--) {
                        args.add(r.nextBoolean() ? Integer.toString(r.nextInt(300)) : member(300));
                    }
                    send(args.toArray());
                }
                case 3 -> send("SREM", k, member(300), Integer.toString(r.nextInt(300)));
                case 4 -> send("SPOP", k);
                case 5 -> send("SPOP", k, r.nextInt(5));
                case 6 -> send("SMOVE", k, "set" + r.nextInt(5), member(300));
                case 7 -> send(pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), "set" + r.nextInt(5), k, "set" + r.nextInt(5));
                case 8 -> send("SPOP", k, 1000);
                default -> send("SADD", k, member(100));
            }
        }
    }

    void zsets(int n) {
        for (int i = 0; i < n; i++) {
            String k = "z" + r.nextInt(5);
            switch (r.nextInt(17)) {
                case 0, 1, 2 -> {
                    List<Object> args = new ArrayList<>(List.of("ZADD", k));
                    if (r.nextInt(3) == 0) {
                        args.add(pick("NX", "XX", "GT", "LT", "CH"));
                    }
                    for (int j = r.nextInt(20); j >= 0; j--) {
                        args.add(score());
                        args.add(member(200));
                    }
                    send(args.toArray());
                }
                case 3 -> send("ZADD", k, "INCR", score(), member(200));
                case 4 -> send("ZINCRBY", k, score(), member(200));
                case 5 -> send("ZREM", k, member(200), member(200));
                case 6 -> send("ZREMRANGEBYSCORE", k, pick("-inf", "(1", "0", "50"), pick("+inf", "(50", "100", "3"));
                case 7 -> send("ZREMRANGEBYRANK", k, idx(10), idx(10));
                // lex ranges only over equal scores: with mixed scores Redis's answer depends on its
                // skiplist's random levels, which no replica (not even Redis's own) reproduces
                case 8 -> send("ZREMRANGEBYLEX", "zl" + r.nextInt(2), pick("-", "[m1", "(m2"), pick("+", "[m3", "(m5"));
                case 9 -> send(pick("ZPOPMIN", "ZPOPMAX"), k, r.nextInt(3));
                case 10 -> send(pick("BZPOPMIN", "BZPOPMAX"), k, "0.01");
                case 11 -> send(pick("ZUNIONSTORE", "ZINTERSTORE"), "z" + r.nextInt(5), 2, k, "z" + r.nextInt(5),
                    "WEIGHTS", pick("1", "2", "0.5"), pick("1", "-1", "3"), "AGGREGATE", pick("SUM", "MIN", "MAX"));
                case 12 -> send("ZDIFFSTORE", "z" + r.nextInt(5), 2, k, "z" + r.nextInt(5));
                case 13 -> {
                    String by = pick("BYSCORE", "BYLEX", "REV");
                    send("ZRANGESTORE", "z" + r.nextInt(5), by.equals("BYLEX") ? "zl" + r.nextInt(2) : k,
                        pick("0", "(1", "-inf", "[m"), pick("-1", "5", "+inf", "+"), by);
                }
                case 14 -> send("ZUNIONSTORE", "z" + r.nextInt(5), 2, k, "set" + r.nextInt(5));
                case 15 -> send("GEOADD", k, Double.toString(r.nextDouble() * 360 - 180), Double.toString(r.nextDouble() * 170 - 85), member(50));
                default -> send("ZADD", r.nextBoolean() ? k : "zl" + r.nextInt(2), "0", member(40), "0", member(40), "0",
                    member(40));
            }
        }
    }

    void hashes(int n) {
        for (int i = 0; i < n; i++) {
            String k = "h" + r.nextInt(5);
            switch (r.nextInt(8)) {
                case 0, 1 -> {
                    List<Object> args = new ArrayList<>(List.of("HSET", k));
                    for (int j = r.nextInt(40); j >= 0; j--) {
                        args.add("f" + r.nextInt(300));
                        args.add(value());
                    }
                    send(args.toArray());
                }
                case 2 -> send("HSETNX", k, "f" + r.nextInt(300), value());
                case 3 -> send("HDEL", k, "f" + r.nextInt(300), "f" + r.nextInt(300));
                case 4 -> send("HINCRBY", k, "n" + r.nextInt(5), r.nextInt(100) - 50);
                case 5 -> send("HINCRBYFLOAT", k, "x" + r.nextInt(5), pick("0.1", "-2.5", "1e3", "3.0"));
                case 6 -> send("HMSET", k, "f" + r.nextInt(300), "z".repeat(r.nextInt(100)));
                default -> send("HSET", k, "big" + r.nextInt(3), "w".repeat(r.nextInt(200)));
            }
        }
    }

    void streams(int n) {
        for (int i = 0; i < n; i++) {
            String k = "x" + r.nextInt(3);
            String g = "g" + r.nextInt(3);
            String consumer = "c" + r.nextInt(4);
            switch (r.nextInt(16)) {
                case 0, 1, 2 -> send("XADD", k, "*", "f" + r.nextInt(5), value(), "g", value());
                case 3 -> send("XADD", k, "MAXLEN", pick("~", "="), 20 + r.nextInt(20), "*", "f", value());
                case 4 -> send("XADD", k, "MINID", "~", "0-1", "*", "f", value());
                case 5 -> send("XTRIM", k, "MAXLEN", pick("~", "="), 10 + r.nextInt(30));
                case 6 -> send("XDEL", k, "0-1", r.nextInt(5) + "-0");
                case 7 -> send("XGROUP", "CREATE", k, g, pick("$", "0"), "MKSTREAM");
                case 8, 9 -> send("XREADGROUP", "GROUP", g, consumer, "COUNT", 1 + r.nextInt(3), "STREAMS", k, ">");
                case 10 -> send("XREADGROUP", "GROUP", g, consumer, "COUNT", 2, "NOACK", "STREAMS", k, ">");
                case 11 -> {
                    Object pending = call("XPENDING", k, g, "-", "+", 5);
                    if (pending instanceof List<?> l && !l.isEmpty()) {
                        Object id = ((List<?>) l.get(r.nextInt(l.size()))).get(0);
                        if (r.nextBoolean()) {
                            send("XACK", k, g, id);
                        } else {
                            send("XCLAIM", k, g, consumer, 0, id);
                        }
                    }
                }
                case 12 -> send("XAUTOCLAIM", k, g, consumer, 0, "0-0", "COUNT", 2);
                case 13 -> send("XGROUP", pick("CREATECONSUMER", "DELCONSUMER"), k, g, consumer);
                case 14 -> send("XGROUP", "SETID", k, g, pick("$", "0"));
                default -> send("XGROUP", "DESTROY", k, "g" + r.nextInt(6));
            }
        }
    }

    Object call(Object... args) {
        try {
            return c.call(args);
        } catch (RedisErrorReply e) {
            errors++;
            return null;
        }
    }

    /** Many distinct elements: HLLs go through the sparse-to-dense promotion; merges and cached counts. */
    void hyperLogLogs(int n) {
        for (int i = 0; i < n; i++) {
            String k = "hll" + r.nextInt(4);
            switch (r.nextInt(6)) {
                case 0, 1, 2 -> {
                    List<Object> args = new ArrayList<>(List.of("PFADD", k));
                    for (int j = r.nextInt(50); j >= 0; j--) {
                        args.add("e" + r.nextInt(100000));
                    }
                    send(args.toArray());
                }
                case 3 -> send("PFCOUNT", k);
                case 4 -> send("PFMERGE", "hll" + r.nextInt(4), k, "hll" + r.nextInt(4));
                default -> send("PFCOUNT", k, "hll" + r.nextInt(4));
            }
        }
    }

    void bitmaps(int n) {
        for (int i = 0; i < n; i++) {
            String k = "b" + r.nextInt(4);
            String type = (r.nextBoolean() ? "i" : "u") + (1 + r.nextInt(r.nextBoolean() ? 8 : 63));
            switch (r.nextInt(8)) {
                case 0, 1 -> send("SETBIT", k, r.nextInt(2000), r.nextInt(2));
                case 2 -> send("BITOP", pick("AND", "OR", "XOR"), "b" + r.nextInt(4), k, "b" + r.nextInt(4));
                case 3 -> send("BITOP", "NOT", "b" + r.nextInt(4), k);
                case 4 -> send("BITFIELD", k, "OVERFLOW", pick("WRAP", "SAT", "FAIL"), "INCRBY", type,
                    pick("#" + r.nextInt(20), Integer.toString(r.nextInt(500))), Long.toString(r.nextLong() >> r.nextInt(64)));
                case 5 -> send("BITFIELD", k, "SET", type, r.nextInt(500), Long.toString(r.nextLong() >> r.nextInt(64)),
                    "GET", "u8", 0);
                case 6 -> send("SETRANGE", k, r.nextInt(100), value());
                default -> send("APPEND", k, value());
            }
        }
    }

    /**
     * Transactions, scripts and functions (their effects replicate, wrapped in MULTI/EXEC),
     * RESTORE from DUMP, SORT ... STORE, keys that expire during the run, SWAPDB, MOVE, COPY,
     * FLUSHDB, SELECT across databases.
     */
    void mixed(int n, boolean functions) {
        if (functions) {
            send("FUNCTION", "LOAD", "#!lua name=replkit\n"
                + "redis.register_function('bump', function(keys, args) redis.call('INCR', keys[1]); "
                + "return redis.call('SADD', keys[2], args[1]) end)");
        }
        for (int i = 0; i < n; i++) {
            String k = "mx" + r.nextInt(15);
            String k2 = "mx" + r.nextInt(15);
            switch (r.nextInt(20)) {
                case 0 -> {
                    send("MULTI");
                    send("SET", k, value());
                    send("RPUSH", k2, value());
                    send("INCR", "counter");
                    send("EXEC");
                }
                case 1 -> send("EVAL", "redis.call('SET', KEYS[1], ARGV[1]); redis.call('INCRBYFLOAT', KEYS[2], '0.5'); "
                    + "return redis.call('SPOP', KEYS[3])", 3, k, "fl" + r.nextInt(3), "set" + r.nextInt(3), value());
                case 2 -> send("SADD", "set" + r.nextInt(3), value(), value(), value());
                case 3 -> {
                    if (functions) {
                        send("FCALL", "bump", 2, "fn" + r.nextInt(3), "set" + r.nextInt(3), value());
                    }
                }
                case 4 -> {
                    Object dump = call("DUMP", k);
                    if (dump != null) {
                        send("RESTORE", k2, pick("0", "100000"), dump, "REPLACE");
                    }
                }
                case 5 -> send("SORT", "sl", "ALPHA", "STORE", k);
                case 6 -> send("RPUSH", "sl", value(), value());
                case 7 -> send("SET", "short" + r.nextInt(5), value(), "PX", 1 + r.nextInt(30));
                case 8 -> send("GET", "short" + r.nextInt(5));
                case 9 -> send("SWAPDB", 0, 1 + r.nextInt(2));
                case 10 -> send("MOVE", k, 1 + r.nextInt(2));
                case 11 -> send("COPY", k, k2, "DB", r.nextInt(3));
                case 12 -> {
                    if (r.nextInt(10) == 0) {
                        send("FLUSHDB");
                    }
                }
                case 13 -> send("SELECT", r.nextInt(3));
                case 14 -> send("HSET", k, "f", value());
                case 15 -> send("ZADD", k, score(), member(20));
                case 16 -> {
                    send("MULTI");
                    send("LPUSH", k, value());
                    send("EXPIRE", k, 1000);
                    send("EXEC");
                }
                case 17 -> send("PUBLISH", "chan", value());
                case 18 -> send("XADD", "xs", "*", "a", value());
                default -> send("SET", k, value(), "EX", 10000);
            }
        }
        send("SELECT", 0);
    }
}
