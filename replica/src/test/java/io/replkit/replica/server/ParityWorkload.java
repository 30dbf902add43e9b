package io.replkit.replica.server;

import static io.replkit.replica.server.ParityCase.Mode.EXACT;
import static io.replkit.replica.server.ParityCase.Mode.SHAPE;
import static io.replkit.replica.server.ParityCase.Mode.TIMING;
import static io.replkit.replica.server.ParityCase.Mode.UNORDERED;

import io.replkit.testkit.TestRedisClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Data of every type written to a real server, and hundreds of read commands over it (with edge
 * cases and errors) whose replies the replica must reproduce. Seeded: the same run every time.
 */
final class ParityWorkload {
    private final Random rnd;
    private final List<ParityCase> cases = new ArrayList<>();

    ParityWorkload(long seed) {
        this.rnd = new Random(seed);
    }

    List<ParityCase> cases() {
        return cases;
    }

    private void add(Object... args) {
        cases.add(ParityCase.of(EXACT, args));
    }

    private void addMode(ParityCase.Mode m, Object... args) {
        cases.add(ParityCase.of(m, args));
    }

    private String word(int maxLen) {
        int n = 1 + rnd.nextInt(maxLen);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + rnd.nextInt(6)));
        }
        return sb.toString();
    }

    private byte[] binary(int len) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        return b;
    }

    private static final String[] INDEXES = {"0", "1", "-1", "2", "-2", "5", "-5", "100", "-100", "3", "-3",
        "9223372036854775807", "-9223372036854775808", "x", "1.5", "", " 1", "01", "+1"};

    private String idx() {
        return INDEXES[rnd.nextInt(INDEXES.length)];
    }

    private String smallIdx() {
        return INDEXES[rnd.nextInt(11)];
    }

    // ------------------------------------------------------------------ data

    private boolean functions = true;

    void populate(TestRedisClient c) {
        // strings
        for (int i = 0; i < 20; i++) {
            c.call("SET", "s:int:" + i, Long.toString(rnd.nextLong() >> rnd.nextInt(64)));
            c.call("SET", "s:str:" + i, word(30));
            c.call("SET", "s:bin:" + i, binary(rnd.nextInt(100)));
        }
        c.call("SET", "s:empty", "");
        c.call("SET", "s:long", "x".repeat(300));
        c.call("SET", "s:44", "y".repeat(44));
        c.call("SET", "s:45", "y".repeat(45));
        c.call("SET", "s:neg0", "-0");
        c.call("SET", "s:min", "-9223372036854775808");
        c.call("SET", "s:float", "3.14");
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 40; j++) {
                c.call("SETBIT", "b:" + i, rnd.nextInt(200 * (i + 1)), 1);
            }
        }
        c.call("SET", "b:ff", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xf0});
        c.call("SET", "b:00", new byte[] {0, 0, 0});
        // lists
        c.call("RPUSH", "l:small", "a", "b", "c", "a", "b", "a");
        for (int i = 0; i < 300; i++) {
            c.call("RPUSH", "l:big", word(3));
        }
        c.call("RPUSH", "l:long", "z".repeat(100), "1", "2", "z".repeat(100));
        // sets
        for (int i = 0; i < 30; i++) {
            c.call("SADD", "set:int", Integer.toString(rnd.nextInt(1000) - 500));
            c.call("SADD", "set:str", word(4));
            c.call("SADD", "set:other", word(4));
        }
        for (int i = 0; i < 600; i++) {
            c.call("SADD", "set:big", word(8));
        }
        c.call("SADD", "set:one", "only");
        // sorted sets
        String[] scores = {"0", "1", "-1", "1.5", "2.5", "1e10", "-1e-5", "0.1", "3", "3", "3", "inf", "-inf",
            "1234567.125", "0.30000000000000004", "100", "1e300", "-2.5"};
        for (int i = 0; i < scores.length; i++) {
            c.call("ZADD", "z:small", scores[i], "m" + i);
        }
        for (String m : new String[] {"a", "b", "c", "d", "e", "f", "g", "aa", "ab", "ba", "z", ""}) {
            c.call("ZADD", "z:lex", "0", m);
        }
        for (int i = 0; i < 300; i++) {
            c.call("ZADD", "z:big", Integer.toString(rnd.nextInt(50)), "member:" + i);
        }
        c.call("ZADD", "z:longm", "1", "q".repeat(80), "2", "r");
        // hashes
        for (int i = 0; i < 10; i++) {
            c.call("HSET", "h:small", "f" + i, word(10));
        }
        c.call("HSET", "h:small", "num", "42", "neg", "-7");
        c.call("HDEL", "h:small", "f3");
        for (int i = 0; i < 200; i++) {
            c.call("HSET", "h:big", "field:" + i, word(20));
        }
        c.call("HSET", "h:longval", "a", "v".repeat(100), "b", "short");
        // streams
        for (int i = 1; i <= 30; i++) {
            c.call("XADD", "x:1", i + "-" + (i % 3), "f", word(5), "n", Integer.toString(i));
        }
        c.call("XADD", "x:1", "31-0", "only", "field");
        c.call("XDEL", "x:1", "5-2", "6-0");
        c.call("XGROUP", "CREATE", "x:1", "g1", "0");
        c.call("XGROUP", "CREATE", "x:1", "g2", "$");
        c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "x:1", ">");
        c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "x:1", ">");
        c.call("XACK", "x:1", "g1", "1-1");
        c.call("XGROUP", "CREATECONSUMER", "x:1", "g2", "carol");
        c.call("XADD", "x:empty", "1-1", "a", "b");
        c.call("XDEL", "x:empty", "1-1");
        // geo
        c.call("GEOADD", "geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania",
                "2.349014", "48.864716", "Paris", "-0.127758", "51.507351", "London", "-122.419416", "37.774929",
                "SanFrancisco", "139.691711", "35.689487", "Tokyo", "0", "0", "Null", "-179.9999", "-85.05",
                "Corner", "179.9999", "85.05", "Corner2");
        // hyperloglogs
        for (int i = 0; i < 100; i++) {
            c.call("PFADD", "hll:sparse", "e" + i);
        }
        for (int i = 0; i < 3000; i += 10) {
            String[] batch = new String[12];
            batch[0] = "PFADD";
            batch[1] = "hll:dense";
            for (int j = 0; j < 10; j++) {
                batch[j + 2] = "d" + (i + j);
            }
            c.call((Object[]) batch);
        }
        c.call("PFCOUNT", "hll:sparse");
        c.call("PFADD", "hll:stale", "x", "y", "z");
        // expiries far away (TTL exact within the TIMING tolerance)
        long farMs = System.currentTimeMillis() + 86_400_000L * 30;
        c.call("SET", "e:far", "v");
        c.call("PEXPIREAT", "e:far", Long.toString(farMs));
        c.call("HSET", "e:hash", "a", "1");
        c.call("PEXPIREAT", "e:hash", Long.toString(farMs + 1234));
        // other databases
        if (functions) {
            c.call("FUNCTION", "LOAD", "#!lua name=replkit\n"
                + "redis.register_function('f1', function(keys, args) return 1 end)\n"
                + "redis.register_function{function_name='f2', callback=function(keys, args) return 2 end, "
                + "flags={'no-writes'}, description='second'}");
        }
        populateSortData(c);
        c.call("SELECT", "1");
        c.call("SET", "db1:k", "in db 1");
        c.call("RPUSH", "db1:l", "x");
        c.call("SELECT", "0");
    }

    /** Lists, sets and the weight keys and hashes SORT_RO reads through BY and GET patterns. */
    private static void populateSortData(TestRedisClient c) {
        c.call("RPUSH", "sort:nums", "3", "1", "2", "10", "-5", "2.5", "1e2", "0", "-0", "007", "2", " 4", "0x10");
        c.call("RPUSH", "sort:words", "banana", "apple", "Cherry", "apple", "date", "", "10", "9", "fig");
        c.call("RPUSH", "sort:bad", "1", "x", "2");
        c.call("SADD", "sort:iset", "5", "3", "9", "-1", "12");
        for (String[] kv : new String[][] {{"banana", "3"}, {"apple", "1"}, {"Cherry", "2.5"}, {"date", " 4"}, {"", "-1"},
            {"10", "10"}, {"9", "-0"}, {"5", "1"}, {"3", "2"}, {"-1", "0"}}) {
            c.call("SET", "sort:w_" + kv[0], kv[1]);
        }
        c.call("SET", "sort:v_banana", "x");
        c.call("SET", "sort:v_apple", "nan");
        c.call("HSET", "sort:h_banana", "rank", "2", "name", "Banana");
        c.call("HSET", "sort:h_apple", "rank", "1", "name", "Apple");
        c.call("HSET", "sort:h_fig", "rank", "0.5");
        c.call("HSET", "sort:h_9", "rank", "9", "name", "nine");
        c.call("RPUSH", "sort:h_date", "not a hash");
        c.call("SADD", "sort:w_fig", "not a string");
        c.call("SET", "lcs:1", "ohmytext");
        c.call("SET", "lcs:2", "mynewtext");
        Random r = new Random(7);
        for (int k = 3; k <= 4; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                sb.append((char) ('a' + r.nextInt(4)));
            }
            c.call("SET", "lcs:" + k, sb.toString());
        }
        c.call("SET", "lcs:num", "1234567");
    }

    /** Keys that expire right after the snapshot is taken: the replica must read them as missing. */
    void populateExpiringSoon(TestRedisClient c) {
        for (int i = 0; i < 5; i++) {
            c.call("SET", "soon:" + i, "v");
            c.call("PEXPIRE", "soon:" + i, "200");
        }
        c.call("RPUSH", "soon:list", "a");
        c.call("PEXPIRE", "soon:list", "200");
    }

    // ------------------------------------------------------------------ commands

    void connectionCases() {
        add("PING");
        add("PING", "hello");
        add("PING", "a", "b");
        add("ECHO", "hi");
        add("ECHO");
        add("SELECT", "99");
        add("SELECT", "x");
        add("SELECT", "-1");
        add("NOSUCHCOMMAND", "a", "b");
        add("nosuch");
        add("NOSUCH", "x".repeat(200), "y");
        add("CLIENT");
        add("CLIENT", "SETNAME");
        add("CLIENT", "NOSUCH");
        add("client", "nosuch");
        add("CLIENT", "SETNAME", "bad name");
        add("CLIENT", "GETNAME");
        add("CONFIG", "GET", "save");
        add("CONFIG", "GET", "databases");
        add("CONFIG", "GET", "appendonly");
        add("CONFIG", "FOO");
        add("AUTH", "x");
        add("AUTH", "a", "b");
        add("AUTH", "a", "b", "c");
        add("HELLO", "4");
        add("HELLO", "x");
        add("HELLO", "3", "FOO");
        add("EXEC");
        add("DISCARD");
        add("OBJECT");
        add("OBJECT", "NOSUCH", "k");
        add("XGROUP", "NOSUCH");
    }

    void writeCases() {
        add("SET", "k");
        add("SET", "k", "v");
        add("DEL", "s:int:1");
        add("LPUSH", "l:small", "x");
        add("FLUSHALL");
        add("XGROUP", "CREATE", "x:1", "g9", "0");
        add("XGROUP", "CREATE", "x:1");
        add("ZADD", "z", "1");
        add("EXPIRE", "s:int:1", "10");
        add("SORT", "l:small");
    }

    void keyCases() {
        String[] keys = {"s:int:1", "s:str:2", "l:small", "set:int", "z:small", "h:small", "x:1", "geo", "hll:dense",
            "nokey", "e:far", "soon:1", "soon:list", "set:big", "h:big", "z:big", "l:big", "s:long", "s:44", "s:45",
            "b:1", "z:longm", "h:longval", "s:empty", "s:neg0", "s:min", "s:float", "x:empty", "set:one"};
        for (String k : keys) {
            add("EXISTS", k);
            add("TYPE", k);
            addMode(TIMING, "TTL", k);
            addMode(TIMING, "PTTL", k);
            add("EXPIRETIME", k);
            add("PEXPIRETIME", k);
            add("OBJECT", "ENCODING", k);
            add("TOUCH", k);
        }
        add("EXISTS", "s:int:1", "s:int:1", "nokey", "l:small");
        add("EXISTS");
        add("TTL");
        add("TYPE", "a", "b");
        addMode(UNORDERED, "KEYS", "*");
        addMode(UNORDERED, "KEYS", "s:int:*");
        addMode(UNORDERED, "KEYS", "s:???:1");
        addMode(UNORDERED, "KEYS", "[sl]:*");
        addMode(UNORDERED, "KEYS", "soon:*");
        add("KEYS", "nomatch*");
        add("KEYS");
        addMode(SHAPE, "RANDOMKEY");
        add("SCAN", "x");
        add("SCAN", "0", "COUNT", "0");
        add("SCAN", "0", "COUNT", "x");
        add("SCAN", "0", "FOO");
        add("SCAN", "0", "MATCH");
        addMode(SHAPE, "SCAN", "-1");
        addMode(UNORDERED, "SCAN", "+0", "COUNT", "1000");
        add("SCAN", " 0");
        add("SCAN", "18446744073709551616");
        add("SELECT", "1");
        add("GET", "db1:k");
        addMode(UNORDERED, "KEYS", "*");
        add("SELECT", "0");
        add("GET", "db1:k");
    }

    void stringCases() {
        String[] keys = {"s:int:0", "s:int:1", "s:str:3", "s:bin:4", "s:bin:5", "s:empty", "s:long", "s:neg0", "s:min",
            "nokey", "l:small", "b:0", "b:3", "b:ff", "b:00", "soon:0", "e:far"};
        for (String k : keys) {
            add("GET", k);
            add("STRLEN", k);
            for (int i = 0; i < 4; i++) {
                add("GETRANGE", k, idx(), idx());
                add("SUBSTR", k, smallIdx(), smallIdx());
                add("GETBIT", k, rnd.nextInt(300));
                add("BITCOUNT", k, smallIdx(), smallIdx());
                add("BITCOUNT", k, smallIdx(), smallIdx(), rnd.nextBoolean() ? "BIT" : "BYTE");
                add("BITPOS", k, rnd.nextInt(2), smallIdx());
                add("BITPOS", k, rnd.nextInt(2), smallIdx(), smallIdx());
                add("BITPOS", k, rnd.nextInt(2), smallIdx(), smallIdx(), rnd.nextBoolean() ? "BIT" : "BYTE");
            }
            add("BITCOUNT", k);
            add("BITPOS", k, "0");
            add("BITPOS", k, "1");
            add("BITCOUNT", k, "0");
            add("BITCOUNT", k, "0", "1", "FOO");
            add("BITPOS", k, "2");
            add("BITPOS", k, "1", "0", "1", "FOO");
            add("GETBIT", k, "-1");
            add("GETBIT", k, "x");
            add("GETBIT", k, "4294967296");
            add("GETRANGE", k, "x", "1");
        }
        add("MGET", "s:int:1", "nokey", "l:small", "s:str:1", "soon:2", "s:empty");
        add("GET");
        add("GETRANGE", "s:long", "1");
    }

    void listCases() {
        String[] keys = {"l:small", "l:big", "l:long", "nokey", "s:int:1", "soon:list"};
        for (String k : keys) {
            add("LLEN", k);
            for (int i = 0; i < 12; i++) {
                add("LRANGE", k, idx(), idx());
                add("LINDEX", k, idx());
            }
            for (String e : new String[] {"a", "b", "c", "zz", "1"}) {
                add("LPOS", k, e);
                add("LPOS", k, e, "RANK", smallIdx());
                add("LPOS", k, e, "COUNT", smallIdx());
                add("LPOS", k, e, "RANK", smallIdx(), "COUNT", smallIdx(), "MAXLEN", smallIdx());
                add("LPOS", k, e, "MAXLEN", smallIdx());
            }
            add("LPOS", k, "a", "RANK", "0");
            add("LPOS", k, "a", "RANK", "-9223372036854775808");
            add("LPOS", k, "a", "FOO");
            add("LPOS", k, "a", "COUNT");
            add("LRANGE", k, "0");
        }
        for (int i = 0; i < 40; i++) {
            add("LRANGE", "l:big", Integer.toString(rnd.nextInt(700) - 350), Integer.toString(rnd.nextInt(700) - 350));
        }
    }

    void setCases() {
        String[] keys = {"set:int", "set:str", "set:big", "set:one", "set:other", "nokey", "s:int:1"};
        for (String k : keys) {
            add("SCARD", k);
            addMode(UNORDERED, "SMEMBERS", k);
            if (!k.equals("set:big") && !k.equals("set:str") && !k.equals("set:other")) {
                add("SMEMBERS", k);
            }
            for (int i = 0; i < 5; i++) {
                String m = rnd.nextBoolean() ? Integer.toString(rnd.nextInt(1000) - 500) : word(4);
                add("SISMEMBER", k, m);
                add("SMISMEMBER", k, m, "only", "nope");
            }
            addMode(SHAPE, "SRANDMEMBER", k);
            addMode(SHAPE, "SRANDMEMBER", k, "5");
            addMode(SHAPE, "SRANDMEMBER", k, "-5");
            addMode(SHAPE, "SRANDMEMBER", k, "0");
            add("SRANDMEMBER", k, "x");
            add("SRANDMEMBER", k, "1", "2");
            addMode(UNORDERED, "SSCAN", k, "0", "COUNT", "10000");
            addMode(UNORDERED, "SSCAN", k, "0", "MATCH", "*a*", "COUNT", "10000");
            add("SSCAN", k, "0", "TYPE", "string");
            add("SSCAN", k, "x");
        }
        String[][] combos = {{"set:int", "set:str"}, {"set:str", "set:other"}, {"set:big", "set:str"},
            {"set:int", "nokey"}, {"nokey", "set:int"}, {"set:int", "s:int:1"}, {"set:str"}, {"set:int", "set:int"}};
        for (String[] c : combos) {
            for (String op : new String[] {"SINTER", "SUNION", "SDIFF"}) {
                Object[] args = new Object[c.length + 1];
                args[0] = op;
                System.arraycopy(c, 0, args, 1, c.length);
                addMode(UNORDERED, args);
            }
            Object[] card = new Object[c.length + 2];
            card[0] = "SINTERCARD";
            card[1] = Integer.toString(c.length);
            System.arraycopy(c, 0, card, 2, c.length);
            add(card);
        }
        add("SINTERCARD", "0", "set:int");
        add("SINTERCARD", "3", "set:int");
        add("SINTERCARD", "1", "set:int", "LIMIT", "2");
        add("SINTERCARD", "1", "set:int", "LIMIT", "-1");
        add("SINTERCARD", "1", "set:int", "FOO");
        add("SINTERCARD", "x", "set:int");
    }

    private static final String[] SCORE_BOUNDS = {"-inf", "+inf", "inf", "0", "(0", "1", "(1", "3", "(3", "1.5", "(2.5",
        "-1", "1e10", "(1e10", "nan", "x", "", "(", " 1", "100", "(100", "-1e-5", "1e400"};
    private static final String[] LEX_BOUNDS = {"-", "+", "[a", "(a", "[b", "(ba", "[z", "(z", "[", "(", "a", "[aa",
        "(g"};

    void zsetCases() {
        String[] keys = {"z:small", "z:lex", "z:big", "z:longm", "nokey", "s:int:1", "geo"};
        for (String k : keys) {
            add("ZCARD", k);
            for (int i = 0; i < 10; i++) {
                String a = smallIdx();
                String b = smallIdx();
                add("ZRANGE", k, a, b);
                add("ZRANGE", k, a, b, "WITHSCORES");
                add("ZRANGE", k, a, b, "REV", "WITHSCORES");
                add("ZREVRANGE", k, a, b, "WITHSCORES");
                String lo = SCORE_BOUNDS[rnd.nextInt(SCORE_BOUNDS.length)];
                String hi = SCORE_BOUNDS[rnd.nextInt(SCORE_BOUNDS.length)];
                add("ZRANGE", k, lo, hi, "BYSCORE", "WITHSCORES");
                add("ZRANGE", k, hi, lo, "BYSCORE", "REV");
                add("ZRANGE", k, lo, hi, "BYSCORE", "LIMIT", smallIdx(), smallIdx(), "WITHSCORES");
                add("ZRANGEBYSCORE", k, lo, hi);
                add("ZRANGEBYSCORE", k, lo, hi, "WITHSCORES", "LIMIT", smallIdx(), smallIdx());
                add("ZREVRANGEBYSCORE", k, hi, lo, "WITHSCORES");
                add("ZREVRANGEBYSCORE", k, hi, lo, "LIMIT", smallIdx(), smallIdx());
                add("ZCOUNT", k, lo, hi);
                String llo = LEX_BOUNDS[rnd.nextInt(LEX_BOUNDS.length)];
                String lhi = LEX_BOUNDS[rnd.nextInt(LEX_BOUNDS.length)];
                if (k.equals("z:lex") || k.equals("nokey") || k.equals("s:int:1")) {
                    add("ZRANGE", k, llo, lhi, "BYLEX");
                    add("ZRANGE", k, lhi, llo, "BYLEX", "REV", "LIMIT", smallIdx(), smallIdx());
                    add("ZRANGEBYLEX", k, llo, lhi);
                    add("ZRANGEBYLEX", k, llo, lhi, "LIMIT", smallIdx(), smallIdx());
                    add("ZREVRANGEBYLEX", k, lhi, llo);
                    add("ZLEXCOUNT", k, llo, lhi);
                }
            }
            for (int i = 0; i < 6; i++) {
                String m = rnd.nextBoolean() ? "m" + rnd.nextInt(20) : "member:" + rnd.nextInt(300);
                add("ZSCORE", k, m);
                add("ZMSCORE", k, m, "m1", "nope");
                add("ZRANK", k, m);
                add("ZREVRANK", k, m);
            }
            add("ZRANGE", k, "0", "-1", "LIMIT", "0", "1");
            add("ZRANGE", k, "-", "+", "BYLEX", "WITHSCORES");
            add("ZRANGE", k, "0", "1", "FOO");
            add("ZRANGE", k, "0", "1", "BYSCORE", "BYLEX");
            add("ZREVRANGE", k, "0", "1", "REV");
            add("ZRANGEBYSCORE", k, "0", "1", "BYLEX");
            add("ZRANGE", k, "x", "1");
            add("ZRANGE", k, "0", "1", "LIMIT", "x", "1");
            add("ZRANGE", k, "0", "1", "LIMIT", "1");
            addMode(SHAPE, "ZRANDMEMBER", k);
            addMode(SHAPE, "ZRANDMEMBER", k, "3");
            addMode(SHAPE, "ZRANDMEMBER", k, "-4", "WITHSCORES");
            add("ZRANDMEMBER", k, "3", "FOO");
            addMode(UNORDERED, "ZSCAN", k, "0", "COUNT", "1000");
            add("ZSCAN", k, "0", "FOO");
        }
        zsetAlgebraCases();
        add("ZRANGE", "z:small", "0", "-1", "WITHSCORES");
        add("ZSCAN", "z:small", "0");
        add("ZSCAN", "z:lex", "0", "MATCH", "a*");
        add("ZRANGE", "z:big", "0", "-1", "WITHSCORES");
        add("ZRANGE", "z:big", "-inf", "+inf", "BYSCORE", "REV", "LIMIT", "10", "50", "WITHSCORES");
    }

    /** ZUNION/ZINTER/ZDIFF (+WITHSCORES, WEIGHTS, AGGREGATE) and ZINTERCARD over sorted sets, sets and errors. */
    private void zsetAlgebraCases() {
        String[][] inputs = {{"z:small"}, {"z:small", "z:big"}, {"z:big", "z:small", "z:lex"}, {"z:small", "set:int"},
            {"set:str", "z:lex"}, {"z:small", "nokey"}, {"nokey"}, {"z:small", "z:small"}, {"z:small", "s:int:1"},
            {"z:lex", "z:longm"}, {"geo", "z:small"}};
        for (String[] keys : inputs) {
            for (String op : new String[] {"ZUNION", "ZINTER", "ZDIFF"}) {
                List<Object> base = new ArrayList<>(List.of(op, Integer.toString(keys.length)));
                base.addAll(List.of(keys));
                add(base.toArray());
                List<Object> scored = new ArrayList<>(base);
                scored.add("WITHSCORES");
                add(scored.toArray());
                if (!op.equals("ZDIFF")) {
                    for (String agg : new String[] {"SUM", "MIN", "MAX"}) {
                        List<Object> weighted = new ArrayList<>(base);
                        weighted.add("WEIGHTS");
                        for (int i = 0; i < keys.length; i++) {
                            weighted.add(new String[] {"1", "-1", "0", "2.5", "-0", "inf"}[rnd.nextInt(6)]);
                        }
                        weighted.addAll(List.of("AGGREGATE", agg, "WITHSCORES"));
                        add(weighted.toArray());
                    }
                }
            }
            List<Object> card = new ArrayList<>(List.of("ZINTERCARD", Integer.toString(keys.length)));
            card.addAll(List.of(keys));
            add(card.toArray());
            card.addAll(List.of("LIMIT", smallIdx()));
            add(card.toArray());
        }
        add("ZUNION", "0", "z:small");
        add("ZUNION", "x", "z:small");
        add("ZUNION", "3", "z:small");
        add("ZINTER", "1", "z:small", "WEIGHTS", "x");
        add("ZINTER", "1", "z:small", "WEIGHTS", "nan");
        add("ZINTER", "1", "z:small", "AGGREGATE", "AVG");
        add("ZINTER", "1", "z:small", "WEIGHTS");
        add("ZDIFF", "1", "z:small", "WEIGHTS", "1");
        add("ZDIFF", "1", "z:small", "AGGREGATE", "SUM");
        add("ZUNION", "1", "z:small", "FOO");
        add("ZINTERCARD", "0", "z:small");
        add("ZINTERCARD", "2", "z:small");
        add("ZINTERCARD", "1", "z:small", "LIMIT", "-1");
        add("ZINTERCARD", "1", "z:small", "LIMIT");
        add("ZINTERCARD", "1", "z:small", "WITHSCORES");
        add("ZINTERCARD", "1", "s:int:1");
        addMode(TIMING, "LASTSAVE");
        add("LASTSAVE", "x");
    }

    void hashCases() {
        String[] keys = {"h:small", "h:big", "h:longval", "e:hash", "nokey", "s:int:1"};
        for (String k : keys) {
            add("HLEN", k);
            if (k.equals("h:big") || k.equals("h:longval")) { // hash-table order
                addMode(UNORDERED, "HGETALL", k);
                addMode(UNORDERED, "HKEYS", k);
                addMode(UNORDERED, "HVALS", k);
            } else {
                add("HGETALL", k);
                add("HKEYS", k);
                add("HVALS", k);
            }
            for (int i = 0; i < 6; i++) {
                String f = rnd.nextBoolean() ? "f" + rnd.nextInt(12) : "field:" + rnd.nextInt(250);
                add("HGET", k, f);
                add("HMGET", k, f, "num", "nope", "a");
                add("HEXISTS", k, f);
                add("HSTRLEN", k, f);
            }
            addMode(SHAPE, "HRANDFIELD", k);
            addMode(SHAPE, "HRANDFIELD", k, "3");
            addMode(SHAPE, "HRANDFIELD", k, "-5", "WITHVALUES");
            addMode(SHAPE, "HRANDFIELD", k, "2", "WITHVALUES");
            add("HRANDFIELD", k, "2", "FOO");
            add("HRANDFIELD", k, "x");
            addMode(UNORDERED, "HSCAN", k, "0", "COUNT", "1000");
            add("HSCAN", k, "0", "COUNT", "0");
        }
        add("HSCAN", "h:small", "0");
        add("HSCAN", "h:small", "0", "MATCH", "f*");
    }

    private static final String[] ALL_KEYS = {"s:int:1", "s:str:2", "s:bin:3", "s:empty", "s:long", "s:44", "s:45",
        "s:min", "b:1", "b:ff", "l:small", "l:big", "l:long", "set:int", "set:str", "set:big", "set:one", "z:small",
        "z:lex", "z:big", "z:longm", "h:small", "h:big", "h:longval", "x:1", "x:empty", "geo", "hll:sparse",
        "hll:dense", "hll:stale", "e:far", "e:hash", "nokey", "soon:1"};

    static String[] allKeys() {
        return ALL_KEYS.clone();
    }

    void serverCases() {
        add("DBSIZE");
        add("DEBUG", "DIGEST");
        for (String k : ALL_KEYS) {
            add("DEBUG", "DIGEST-VALUE", k);
        }
        add("DEBUG", "DIGEST-VALUE", "s:int:1", "nokey", "z:big");
        add("DUMP");
        // functions are listed in Redis's hash-table order
        addMode(UNORDERED, "FUNCTION", "LIST");
        addMode(UNORDERED, "FUNCTION", "LIST", "WITHCODE");
        addMode(UNORDERED, "FUNCTION", "LIST", "LIBRARYNAME", "repl*");
        add("FUNCTION", "LIST", "LIBRARYNAME", "nomatch");
        add("FUNCTION", "LIST", "FOO");
        add("FUNCTION", "LOAD", "x");
        add("FUNCTION", "NOSUCH");
        add("MULTI");
        add("GET", "s:int:1");
        add("LRANGE", "l:small", "0", "-1");
        add("EXEC");
        add("MULTI");
        add("GET", "s:int:1");
        add("SET", "a", "b");
        add("EXEC");
        add("MULTI");
        add("NOSUCH");
        add("EXEC");
        add("MULTI");
        add("MULTI");
        add("DISCARD");
    }

    void hllCases() {
        for (String k : new String[] {"hll:sparse", "hll:dense", "hll:stale", "nokey", "s:int:1", "l:small"}) {
            add("PFCOUNT", k);
            add("PFCOUNT", k, "hll:sparse");
            add("PFCOUNT", "hll:dense", k, "nokey");
        }
        add("PFCOUNT");
    }

    void streamCases() {
        String[] ids = {"-", "+", "0", "1", "5", "5-1", "(5-1", "(5", "10-0", "(10", "31", "31-0", "(31-0", "x", "1-x",
            "18446744073709551615", "18446744073709551615-18446744073709551615", "(18446744073709551615-18446744073709551615",
            "(0-0", "(-", "(+", ""};
        for (String k : new String[] {"x:1", "x:empty", "nokey", "s:int:1"}) {
            add("XLEN", k);
            for (int i = 0; i < 25; i++) {
                String a = ids[rnd.nextInt(ids.length)];
                String b = ids[rnd.nextInt(ids.length)];
                add("XRANGE", k, a, b);
                add("XREVRANGE", k, b, a);
                add("XRANGE", k, a, b, "COUNT", smallIdx());
                add("XREVRANGE", k, b, a, "COUNT", smallIdx());
            }
            add("XRANGE", k, "-", "+", "COUNT");
            add("XRANGE", k, "-", "+", "FOO", "1");
            add("XINFO", "GROUPS", k);
            addMode(TIMING, "XINFO", "CONSUMERS", k, "g1");
            add("XINFO", "CONSUMERS", k, "nogroup");
            add("XPENDING", k, "g1");
            add("XPENDING", k, "g2");
            add("XPENDING", k, "nogroup");
            addMode(TIMING, "XPENDING", k, "g1", "-", "+", "10");
            addMode(TIMING, "XPENDING", k, "g1", "-", "+", "2", "alice");
            addMode(TIMING, "XPENDING", k, "g1", "(2", "+", "10", "bob");
            add("XPENDING", k, "g1", "-", "+", "10", "nobody");
            add("XPENDING", k, "g1", "-", "+");
            add("XPENDING", k, "g1", "IDLE", "1000000", "-", "+", "10");
            add("XPENDING", k, "g1", "x", "+", "10");
            for (String id : new String[] {"0", "5", "$", "30-5", "x", "+", "-", "(1"}) {
                add("XREAD", "STREAMS", k, id);
                add("XREAD", "COUNT", "2", "STREAMS", k, id);
            }
        }
        add("XINFO", "STREAM", "nokey");
        add("XINFO", "STREAM", "s:int:1");
        add("XINFO", "STREAM", "x:empty");
        add("XINFO", "STREAM", "x:1");
        add("XREAD", "STREAMS", "x:1", "x:empty", "0", "0");
        add("XREAD", "STREAMS", "x:1", "0", "0");
        add("XREAD", "STREAMS");
        add("XREAD", "COUNT", "1");
        add("XREAD", "GROUP", "g", "c", "STREAMS", "x:1", "0");
        add("XREAD", "STREAMS", "x:1", ">");
        add("XREAD", "BLOCK", "10", "STREAMS", "x:1", "0");
        add("XREAD", "BLOCK", "-1", "STREAMS", "x:1", "0");
        add("XREAD", "FOO", "STREAMS", "x:1", "0");
        add("XINFO", "FOO");
    }

    /**
     * SORT_RO. Never on a listpack sorted set: Redis converts it to a skiplist in place (a visible
     * change of OBJECT ENCODING and ZSCAN paging) where this replica changes nothing on a read.
     */
    void sortCases() {
        String[] keys = {"sort:nums", "sort:words", "sort:bad", "sort:iset", "l:small", "l:big", "set:int", "z:big",
            "z:longm", "nokey", "s:int:1", "h:small", "soon:list"};
        String[][] options = {{}, {"DESC"}, {"ALPHA"}, {"ALPHA", "DESC"}, {"LIMIT", "0", "3"}, {"LIMIT", "2", "-1"},
            {"LIMIT", "-5", "2"}, {"LIMIT", "100", "1"}, {"LIMIT", "1", "0"}, {"ALPHA", "LIMIT", "1", "4", "DESC"},
            {"BY", "nosort"}, {"BY", "nosort", "DESC"}, {"BY", "nosort", "LIMIT", "1", "2"},
            {"BY", "nosort", "DESC", "LIMIT", "1", "2"}, {"BY", "nosort", "LIMIT", "5", "-3"}, {"BY", "sort:w_*"},
            {"BY", "sort:w_*", "DESC", "LIMIT", "1", "3"}, {"BY", "sort:w_*", "ALPHA"}, {"BY", "sort:v_*"},
            {"BY", "sort:h_*->rank"}, {"BY", "sort:h_*->rank", "ALPHA", "DESC"}, {"BY", "sort:h_*->", "ALPHA"},
            {"GET", "#"}, {"GET", "sort:w_*", "GET", "#", "ALPHA"}, {"GET", "sort:h_*->name", "GET", "nostar", "ALPHA"},
            {"BY", "nosort", "GET", "sort:h_*->rank", "GET", "sort:h_*->nofield"}, {"ALPHA", "GET", "sort:w_*->x"},
            {"GET", "#", "GET", "#", "LIMIT", "0", "2", "ALPHA"}};
        for (String k : keys) {
            for (String[] o : options) {
                List<Object> args = new ArrayList<>(List.of("SORT_RO", k));
                args.addAll(List.of(o));
                List<String> opts = List.of(o);
                // ALPHA over equal BY values keeps the input order: a sorted set's is its hash-table order
                boolean hashOrderTies = k.startsWith("z:") && opts.contains("ALPHA") && opts.contains("BY");
                addMode(hashOrderTies ? UNORDERED : EXACT, args.toArray());
            }
        }
        addMode(UNORDERED, "SORT_RO", "set:str", "BY", "nosort");
        add("SORT_RO", "set:str", "ALPHA");
        add("SORT_RO", "set:big", "ALPHA", "DESC", "LIMIT", "10", "20");
        add("SORT_RO", "set:str");
        add("SORT_RO", "sort:iset", "BY", "nosort", "DESC", "LIMIT", "1", "2");
        add("SORT_RO", "l:small", "STORE", "x");
        add("SORT_RO", "l:small", "LIMIT", "x", "1");
        add("SORT_RO", "l:small", "LIMIT", "1", "99999999999999999999");
        add("SORT_RO", "l:small", "LIMIT", "1");
        add("SORT_RO", "l:small", "GET");
        add("SORT_RO", "l:small", "FOO");
        add("SORT_RO", "s:int:1", "FOO");
        add("SORT_RO", "s:int:1", "ALPHA");
        add("SORT_RO");
        add("SORT", "l:small", "ALPHA");
    }

    /** BITFIELD_RO and LCS. */
    void bitfieldAndLcsCases() {
        String[] keys = {"b:0", "b:1", "b:ff", "b:00", "s:int:1", "s:bin:4", "s:empty", "nokey", "l:small", "soon:0"};
        String[] types = {"u1", "i1", "u8", "i8", "u16", "i13", "u63", "i64", "i32", "u7"};
        for (String k : keys) {
            for (int i = 0; i < 6; i++) {
                String t = types[rnd.nextInt(types.length)];
                add("BITFIELD_RO", k, "GET", t, rnd.nextInt(120));
                add("BITFIELD_RO", k, "GET", t, "#" + rnd.nextInt(10), "GET", types[rnd.nextInt(types.length)],
                    rnd.nextInt(40));
            }
            add("BITFIELD_RO", k);
            add("BITFIELD_RO", k, "GET", "u8", "0", "OVERFLOW", "SAT", "GET", "i8", "4");
            add("BITFIELD_RO", k, "GET", "u8", "0", "SET", "u8", "0", "1");
            add("BITFIELD_RO", k, "INCRBY", "u8", "0", "x");
            add("BITFIELD_RO", k, "GET", "u64", "0");
            add("BITFIELD_RO", k, "GET", "U8", "0");
            add("BITFIELD_RO", k, "GET", "i65", "0");
            add("BITFIELD_RO", k, "GET", "i0", "0");
            add("BITFIELD_RO", k, "GET", "i", "0");
            add("BITFIELD_RO", k, "GET", "u8", "-1");
            add("BITFIELD_RO", k, "GET", "u8", "#-1");
            add("BITFIELD_RO", k, "GET", "u8", "4294967296");
            add("BITFIELD_RO", k, "GET", "u8", "4294967295");
            add("BITFIELD_RO", k, "GET", "u8", "#536870911");
            add("BITFIELD_RO", k, "GET", "u8", "#1152921504606846976");
            add("BITFIELD_RO", k, "GET", "u8");
            add("BITFIELD_RO", k, "OVERFLOW", "FOO", "GET", "u8", "0");
            add("BITFIELD_RO", k, "FOO");
        }
        add("BITFIELD_RO");
        String[] lkeys = {"lcs:1", "lcs:2", "lcs:3", "lcs:4", "lcs:num", "s:int:1", "s:empty", "nokey", "l:small", "soon:0",
            "s:str:3"};
        String[][] opts = {{}, {"LEN"}, {"IDX"}, {"IDX", "WITHMATCHLEN"}, {"IDX", "MINMATCHLEN", "2"},
            {"IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}, {"MINMATCHLEN", "-3", "IDX"}, {"idx", "len"},
            {"MINMATCHLEN", "x"}, {"MINMATCHLEN"}, {"FOO"}, {"LEN", "MINMATCHLEN", "1"}};
        for (int i = 0; i < 30; i++) {
            String a = lkeys[rnd.nextInt(lkeys.length)];
            String b = lkeys[rnd.nextInt(lkeys.length)];
            List<Object> args = new ArrayList<>(List.of("LCS", a, b));
            args.addAll(List.of(opts[i % opts.length]));
            add(args.toArray());
        }
        for (String[] o : opts) {
            List<Object> args = new ArrayList<>(List.of("LCS", "lcs:1", "lcs:2"));
            args.addAll(List.of(o));
            add(args.toArray());
            List<Object> big = new ArrayList<>(List.of("LCS", "lcs:3", "lcs:4"));
            big.addAll(List.of(o));
            add(big.toArray());
        }
        add("LCS", "lcs:1");
        add("LCS", "l:small", "lcs:1", "FOO");
    }

    /** GEORADIUS_RO and GEORADIUSBYMEMBER_RO, and GEOSEARCH's argument checks in Redis's order. */
    void geoRadiusCases() {
        String[][] centers = {{"13.361389", "38.115556"}, {"2.35", "48.86"}, {"0.5", "0.3"}, {"-122.4", "37.7"}, {"179", "85"}};
        String[] radii = {"200 km", "2000 km", "20000 km", "100 mi", "0 m", "500000 ft"};
        for (String[] c : centers) {
            for (String rad : radii) {
                List<Object> args = new ArrayList<>(List.of("GEORADIUS_RO", "geo", c[0], c[1]));
                args.addAll(List.of(rad.split(" ")));
                addMode(UNORDERED, args.toArray());
                List<Object> asc = new ArrayList<>(args);
                asc.addAll(List.of("WITHCOORD", "WITHDIST", "WITHHASH", "ASC"));
                add(asc.toArray());
                List<Object> desc = new ArrayList<>(args);
                desc.addAll(List.of("DESC", "COUNT", "2", "WITHDIST"));
                add(desc.toArray());
            }
        }
        for (String m : new String[] {"Palermo", "Paris", "Tokyo", "Null", "Corner", "nope"}) {
            for (String rad : radii) {
                List<Object> args = new ArrayList<>(List.of("GEORADIUSBYMEMBER_RO", "geo", m));
                args.addAll(List.of(rad.split(" ")));
                addMode(UNORDERED, args.toArray());
                List<Object> asc = new ArrayList<>(args);
                asc.addAll(List.of("WITHDIST", "ASC", "WITHCOORD"));
                add(asc.toArray());
                List<Object> counted = new ArrayList<>(args);
                counted.addAll(List.of("COUNT", "3"));
                add(counted.toArray());
            }
        }
        add("GEORADIUS_RO", "geo", "15", "37", "200", "km", "STORE", "x");
        add("GEORADIUS_RO", "geo", "15", "37", "200", "km", "STOREDIST", "x");
        add("GEORADIUS_RO", "geo", "15", "37", "200", "km", "COUNT", "0");
        add("GEORADIUS_RO", "geo", "15", "37", "200", "km", "COUNT", "x");
        add("GEORADIUS_RO", "geo", "15", "37", "200", "km", "ANY");
        add("GEORADIUS_RO", "geo", "15", "37", "200", "km", "COUNT", "1", "ANY");
        add("GEORADIUS_RO", "geo", "15", "37", "200", "km", "FROMMEMBER", "Paris");
        add("GEORADIUS_RO", "geo", "15", "37", "-1", "km");
        add("GEORADIUS_RO", "geo", "15", "37", "x", "km");
        add("GEORADIUS_RO", "geo", "15", "37", "1", "parsec");
        add("GEORADIUS_RO", "geo", "15", "x", "1", "km");
        add("GEORADIUS_RO", "geo", "181", "37", "1", "km");
        add("GEORADIUS_RO", "geo", "15", "86", "1", "km");
        add("GEORADIUS_RO", "nokey", "15", "37", "1", "km");
        add("GEORADIUS_RO", "nokey", "15", "370", "1", "km");
        add("GEORADIUS_RO", "s:int:1", "15", "370", "1", "km");
        add("GEORADIUS_RO", "geo", "15", "37", "1");
        add("GEORADIUSBYMEMBER_RO", "geo", "nope", "x", "km");
        add("GEORADIUSBYMEMBER_RO", "geo", "Paris", "x", "km");
        add("GEORADIUSBYMEMBER_RO", "geo", "Paris", "1", "km", "FOO");
        add("GEORADIUSBYMEMBER_RO", "nokey", "Paris", "x", "parsec", "FOO");
        add("GEORADIUSBYMEMBER_RO", "nokey", "Paris", "x", "parsec", "ANY");
        add("GEORADIUSBYMEMBER_RO", "nokey", "Paris", "x", "parsec", "WITHDIST");
        add("GEORADIUSBYMEMBER_RO", "s:int:1", "Paris", "x", "parsec", "FOO");
        add("GEORADIUSBYMEMBER_RO", "geo", "Paris", "1");
        add("GEORADIUS", "geo", "15", "37", "200", "km");
        add("GEORADIUSBYMEMBER", "geo", "Paris", "200", "km");
        add("geosearch", "geo", "FROMMEMBER", "Paris", "ASC", "WITHDIST");
        add("GeoSearch", "geo", "BYRADIUS", "1", "km", "ASC");
        add("GEOSEARCH", "s:int:1", "FROMMEMBER", "Paris", "FOO", "1", "km");
        add("GEOSEARCH", "nokey", "FROMMEMBER", "Paris", "BYBOX", "1", "1", "km");
        add("GEOSEARCH", "geo", "FROMMEMBER", "nope", "FOO", "1", "km");
        add("GEOSEARCH", "geo", "FROMLONLAT", "1", "2", "FROMMEMBER", "Paris", "BYRADIUS", "1", "km");
        add("GEOSEARCH", "geo", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km");
        add("GEOSEARCH", "geo", "FROMLONLAT", "1", "2", "BYBOX", "1", "x", "km");
        add("GEOSEARCH", "geo", "FROMLONLAT", "1", "2", "BYBOX", "-1", "1", "km");
        add("GEOSEARCH", "geo", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "STOREDIST");
    }

    /** XINFO STREAM ... FULL [COUNT n]: entries, groups, PELs and consumers with their absolute times. */
    void streamFullCases() {
        for (String k : new String[] {"x:1", "x:empty", "nokey", "s:int:1"}) {
            add("XINFO", "STREAM", k, "FULL");
            add("XINFO", "STREAM", k, "full", "count", "0");
            add("XINFO", "STREAM", k, "FULL", "COUNT", "1");
            add("XINFO", "STREAM", k, "FULL", "COUNT", "3");
            add("XINFO", "STREAM", k, "FULL", "COUNT", "-5");
            add("XINFO", "STREAM", k, "FULL", "COUNT", "x");
            add("XINFO", "STREAM", k, "FULL", "COUNT");
            add("XINFO", "STREAM", k, "FULL", "FOO", "1");
            add("XINFO", "STREAM", k, "FOO");
            add("xinfo", "stream", k, "FULL", "COUNT", "1", "x");
        }
    }

    /** MEMORY USAGE: the figure is an estimate (an integer like Redis's); the errors are exact. */
    void memoryCases() {
        for (String k : ALL_KEYS) {
            addMode(k.equals("nokey") ? EXACT : SHAPE, "MEMORY", "USAGE", k);
            addMode(k.equals("nokey") ? EXACT : SHAPE, "MEMORY", "USAGE", k, "SAMPLES", "0");
        }
        addMode(SHAPE, "memory", "usage", "soon:2", "samples", "3", "SAMPLES", "9223372036854775807");
        add("MEMORY", "USAGE", "s:int:1", "SAMPLES", "-1");
        add("MEMORY", "USAGE", "nokey", "SAMPLES", "x");
        add("MEMORY", "USAGE", "s:int:1", "SAMPLES");
        add("MEMORY", "USAGE", "s:int:1", "FOO");
        add("MEMORY", "USAGE");
        add("MEMORY");
        add("MEMORY", "NOSUCH");
    }

    void geoCases() {
        String[] members = {"Palermo", "Catania", "Paris", "London", "SanFrancisco", "Tokyo", "Null", "Corner", "Corner2",
            "nope"};
        add("GEOPOS", "geo", "Palermo", "Catania", "Paris", "London", "SanFrancisco", "Tokyo", "Null", "Corner",
            "Corner2", "nope");
        add("GEOPOS", "nokey", "a");
        add("GEOPOS", "s:int:1", "a");
        add("GEOHASH", "geo", "Palermo", "Catania", "Paris", "London", "SanFrancisco", "Tokyo", "Null", "Corner",
            "Corner2", "nope");
        add("GEOHASH", "nokey", "a", "b");
        for (String a : members) {
            for (String u : new String[] {"m", "km", "ft", "mi"}) {
                add("GEODIST", "geo", a, members[rnd.nextInt(members.length)], u);
            }
            add("GEODIST", "geo", a, "Paris");
        }
        add("GEODIST", "geo", "Paris", "London", "parsec");
        add("GEODIST", "geo", "Paris", "London", "km", "x");
        for (String from : new String[] {"Palermo", "Paris", "Tokyo", "Null"}) {
            for (String by : new String[] {"BYRADIUS 200 km", "BYRADIUS 2000 km", "BYRADIUS 20000 km",
                "BYBOX 400 400 km", "BYBOX 3000 1000 mi", "BYRADIUS 0 m"}) {
                List<Object> args = new ArrayList<>(List.of("GEOSEARCH", "geo", "FROMMEMBER", from));
                args.addAll(List.of(by.split(" ")));
                List<Object> asc = new ArrayList<>(args);
                asc.addAll(List.of("ASC", "WITHDIST", "WITHCOORD", "WITHHASH"));
                add(asc.toArray());
                List<Object> desc = new ArrayList<>(args);
                desc.addAll(List.of("DESC", "COUNT", "3"));
                add(desc.toArray());
                List<Object> plain = new ArrayList<>(args);
                addMode(UNORDERED, plain.toArray());
                List<Object> counted = new ArrayList<>(args);
                counted.addAll(List.of("COUNT", "2", "WITHDIST"));
                add(counted.toArray());
            }
        }
        add("GEOSEARCH", "geo", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHCOORD");
        add("GEOSEARCH", "geo", "FROMLONLAT", "200", "37", "BYRADIUS", "200", "km");
        add("GEOSEARCH", "geo", "FROMLONLAT", "x", "37", "BYRADIUS", "200", "km");
        add("GEOSEARCH", "geo", "FROMMEMBER", "nope", "BYRADIUS", "200", "km");
        add("GEOSEARCH", "geo", "FROMMEMBER", "Paris", "BYRADIUS", "-1", "km");
        add("GEOSEARCH", "geo", "FROMMEMBER", "Paris", "BYRADIUS", "1", "parsec");
        add("GEOSEARCH", "geo", "FROMMEMBER", "Paris", "BYRADIUS", "1", "km", "COUNT", "0");
        add("GEOSEARCH", "geo", "FROMMEMBER", "Paris", "BYRADIUS", "1", "km", "ANY");
        add("GEOSEARCH", "geo", "FROMMEMBER", "Paris", "FOO", "1", "km");
        add("GEOSEARCH", "geo", "BYRADIUS", "1", "km", "ASC");
        add("GEOSEARCH", "geo", "FROMMEMBER", "Paris", "ASC", "WITHDIST");
        add("GEOSEARCH", "nokey", "FROMMEMBER", "Paris", "BYRADIUS", "1", "km");
        add("GEOSEARCH", "geo", "FROMMEMBER", "Paris", "BYRADIUS", "1000", "km", "STORE", "x");
    }
}
