package io.replkit.rdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.AuxField;
import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.ModuleTypeId;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.ValueVisitor;
import io.replkit.rdb.value.StreamId;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Compares {@link MemoryEstimator} with a real server's {@code MEMORY USAGE key SAMPLES 0}, for
 * keys of every type and size class, on every available redis-server.
 *
 * <p>The estimator models a server that loaded the RDB, so the reference figure is read after
 * {@code DEBUG RELOAD} (save, flush, load). Two checks:
 * <ul>
 *   <li>in {@linkplain MemoryEstimator.Options#memoryUsageCompatible() MEMORY USAGE compatible}
 *       mode the estimate must match within {@link #COMPATIBLE_TOLERANCE_BYTES} or
 *       {@link #COMPATIBLE_TOLERANCE_RATIO} (it is exact on 6.2.11 and 7.0.15), except skiplists,
 *       whose random levels are priced at their expectation: {@link #SKIPLIST_TOLERANCE_RATIO},
 *       about five standard deviations for the 100 and 200 member sets;</li>
 *   <li>the RAM estimate (minus the expires entry, which MEMORY USAGE leaves out) must be within
 *       {@link #RAM_TOLERANCE_BYTES} or {@link #RAM_TOLERANCE_RATIO}; the gap is by design: shared
 *       integers cost nothing, and before 7.0 MEMORY USAGE reports blob lengths rather than their
 *       jemalloc size class. The figure before the reload (keys built by commands) is checked with
 *       the same tolerance, except for streams, whose tail listpack keeps a 4 KiB preallocation
 *       on a live 7.0+ server.</li>
 * </ul>
 * One hard case is checked separately: a stream with deleted entries ({@code XDEL}) keeps
 * tombstones in its listpacks, which the RDB reader does not hand to visitors, so the estimate
 * falls short (about 20% on 6.2 and 7.0 with this data set; on 7.0 the tombstones also count
 * towards the 100 entries of a node). It must stay below the server's figure and above {@link #TOMBSTONE_FLOOR_RATIO} of it.
 *
 * <p>The jemalloc quantum, which depends on how the server was built, is probed first.
 */
class MemoryEstimateIT {

    static final long COMPATIBLE_TOLERANCE_BYTES = 16;
    static final double COMPATIBLE_TOLERANCE_RATIO = 0.01;
    static final double SKIPLIST_TOLERANCE_RATIO = 0.03;
    static final long RAM_TOLERANCE_BYTES = 64;
    static final double RAM_TOLERANCE_RATIO = 0.20;
    static final double TOMBSTONE_FLOOR_RATIO = 0.75;
    static final String STREAM_WITH_TOMBSTONES = "stream:with-deletes";

    /** A 20-byte key: its sds takes 22 bytes, a 24-byte class with an 8-byte quantum, 32 with 16. */
    static final String QUANTUM_PROBE = "quantum-probe-key-20";

    @RedisTest
    void estimatesAreCloseToMemoryUsageForKeysOfEveryTypeAndSizeClass(RedisServer redis) throws Exception {
        Map<String, Long> live = new LinkedHashMap<>();
        Map<String, Long> loaded = new LinkedHashMap<>();
        int quantum;
        try (TestRedisClient c = redis.client()) {
            c.call("SET", QUANTUM_PROBE, "10000");
            long probe = c.callLong("MEMORY", "USAGE", QUANTUM_PROBE);
            assertTrue(probe == 64 || probe == 72, "MEMORY USAGE of the probe key is " + probe);
            quantum = probe == 64 ? 8 : 16;
            c.call("DEL", QUANTUM_PROBE);

            List<String> keys = fill(c);
            for (String k : keys) {
                live.put(k, c.callLong("MEMORY", "USAGE", k, "SAMPLES", "0"));
            }
            assertEquals("OK", c.call("DEBUG", "RELOAD"));
            for (String k : keys) {
                loaded.put(k, c.callLong("MEMORY", "USAGE", k, "SAMPLES", "0"));
            }
            assertEquals("OK", c.call("SAVE"));
        }

        MemoryEstimator.Options options = MemoryEstimator.Options.DEFAULT.withMallocQuantum(quantum);
        Map<String, KeyMemory> ram = new TreeMap<>();
        Map<String, KeyMemory> compatible = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        String redisVer = null;
        try (RdbReader r = RdbReader.open(redis.rdbFile())) {
            MemoryEstimator ramEstimator = null;
            MemoryEstimator compatibleEstimator = null;
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                if (rec instanceof AuxField a && a.name().equals("redis-ver")) {
                    redisVer = a.valueAsString();
                } else if (rec instanceof KeyEntry e) {
                    if (ramEstimator == null) {
                        ramEstimator = MemoryEstimator.forServerVersion(redisVer, options);
                        compatibleEstimator = MemoryEstimator.forServerVersion(redisVer,
                            options.withMemoryUsageCompatible(true));
                    }
                    e.accept(new Tee(ramEstimator, compatibleEstimator));
                    String key = new String(e.key(), StandardCharsets.UTF_8);
                    ram.put(key, ramEstimator.result());
                    compatible.put(key, compatibleEstimator.result());
                    types.put(key, e.type().rdbName());
                }
            }
        }
        assertEquals(redis.version().toString(), redisVer);
        assertEquals(new TreeMap<>(loaded).keySet(), ram.keySet());

        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("%n%-28s %-18s %-10s %9s %7s %9s %7s %9s %9s%n",
            "key (" + redis.version() + ", quantum " + quantum + ")", "rdb type", "encoding", "compatible", "diff",
            "ram", "diff", "loaded", "live"));
        for (Map.Entry<String, Long> e : loaded.entrySet()) {
            String key = e.getKey();
            KeyMemory m = ram.get(key);
            // MEMORY USAGE leaves out the expires entry; the RAM estimate counts it.
            long estimate = m.sizeInBytes() - (m.hasExpiry() ? MemoryEstimator.EXPIRES_ENTRY_BYTES : 0);
            long exact = compatible.get(key).sizeInBytes();
            long reference = e.getValue();
            long liveFigure = live.get(key);
            table.append(String.format("%-28s %-18s %-10s %9d %+6.1f%% %9d %+6.1f%% %9d %9d%n", abbreviate(key),
                types.get(key), m.encoding(), exact, percent(exact, reference), estimate, percent(estimate, reference),
                reference, liveFigure));
            if (key.equals(STREAM_WITH_TOMBSTONES)) {
                if (exact > reference || exact < TOMBSTONE_FLOOR_RATIO * reference) {
                    failures.add(key + ": MEMORY USAGE compatible estimate " + exact + " should fall short of "
                        + reference + " by the tombstones only");
                }
                continue;
            }
            boolean skiplist = types.get(key).startsWith("ZSET") && m.encoding().equals("skiplist");
            if (!within(exact, reference, COMPATIBLE_TOLERANCE_BYTES,
                skiplist ? SKIPLIST_TOLERANCE_RATIO : COMPATIBLE_TOLERANCE_RATIO)) {
                failures.add(key + ": MEMORY USAGE compatible estimate " + exact + ", MEMORY USAGE after reload " + reference);
            }
            if (!within(estimate, reference, RAM_TOLERANCE_BYTES, RAM_TOLERANCE_RATIO)) {
                failures.add(key + ": RAM estimate " + estimate + ", MEMORY USAGE after reload " + reference);
            }
            if (!key.startsWith("stream:") && !within(estimate, liveFigure, RAM_TOLERANCE_BYTES, RAM_TOLERANCE_RATIO)) {
                failures.add(key + ": RAM estimate " + estimate + ", MEMORY USAGE before reload " + liveFigure);
            }
        }
        System.out.println(table);
        assertTrue(failures.isEmpty(), "estimates out of tolerance on " + redis.version() + ":\n"
            + String.join("\n", failures) + table);

        KeyMemory ttl = ram.get("string:ttl");
        assertTrue(ttl.hasExpiry());
        assertTrue(ttl.expiry().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.500000"), ttl.expiry());
        assertEquals(1000, ram.get("list:1000-short").numElements());
        assertEquals(5000, ram.get("list:20-of-5000").lenLargestElement());
        assertEquals("intset", ram.get("set:intset-64").encoding());
    }

    private static String abbreviate(String key) {
        return key.length() <= 28 ? key : key.substring(0, 25) + "...";
    }

    private static double percent(long estimate, long reference) {
        return 100.0 * (estimate - reference) / reference;
    }

    static boolean within(long estimate, long reference, long bytes, double ratio) {
        return Math.abs(estimate - reference) <= Math.max(bytes, ratio * reference);
    }

    /** Writes the dataset and returns its keys. */
    @SuppressWarnings("unchecked")
    static List<String> fill(TestRedisClient c) {
        List<String> keys = new ArrayList<>();
        Random rnd = new Random(42);

        // strings: shared and unshared integers, embedded, raw with each sds header
        set(c, keys, "string:int-shared", "42");
        set(c, keys, "string:int-negative", "-5");
        set(c, keys, "string:int-large", "1234567890123");
        set(c, keys, "string:leading-zero", "007");
        for (int len : new int[]{1, 12, 13, 28, 29, 44, 45, 100, 255, 256, 1000, 4000, 40_000, 70_000}) {
            set(c, keys, "string:" + len, text(rnd, len));
        }
        set(c, keys, "string:key-of-40-bytes-" + "x".repeat(17), "v");
        set(c, keys, "string:key-of-300-bytes-" + "y".repeat(276), "v");
        set(c, keys, "string:ttl", text(rnd, 20));
        c.call("PEXPIREAT", "string:ttl", Long.toString((System.currentTimeMillis() / 1000 + 3600) * 1000 + 500));

        // lists: one small listpack/ziplist node, many nodes, large elements
        rpush(c, keys, "list:5-mixed", List.of("a", "17", "-3", "hello world", "123456789012"));
        rpush(c, keys, "list:100-ints", numbers(0, 100, 7));
        rpush(c, keys, "list:1000-short", texts(rnd, 1000, 10));
        rpush(c, keys, "list:10000-of-50", texts(rnd, 10_000, 50));
        rpush(c, keys, "list:20-of-5000", texts(rnd, 20, 5000));
        rpush(c, keys, "list:3-of-10000", texts(rnd, 3, 10_000));
        rpush(c, keys, "list:ttl", texts(rnd, 50, 8));
        c.call("EXPIRE", "list:ttl", "86400");

        // sets: intsets of each width, listpack (7.2+) or hashtable
        sadd(c, keys, "set:intset-16", numbers(-10, 10, 3));
        sadd(c, keys, "set:intset-32", numbers(100_000, 50, 1_000));
        sadd(c, keys, "set:intset-64", numbers(10_000_000_000L, 200, 12_345));
        sadd(c, keys, "set:5-strings", List.of("apple", "banana", "cherry", "date", "elderberry"));
        sadd(c, keys, "set:100-strings", texts(rnd, 100, 12));
        sadd(c, keys, "set:1000-strings", texts(rnd, 1000, 20));
        sadd(c, keys, "set:1000-ints", numbers(0, 1000, 1));
        sadd(c, keys, "set:200-of-100", texts(rnd, 200, 100));

        // sorted sets: listpack/ziplist with integer and fractional scores, skiplists
        zadd(c, keys, "zset:5-int-scores", 5, rnd, false, 8);
        zadd(c, keys, "zset:50-fractional", 50, rnd, true, 10);
        zadd(c, keys, "zset:200", 200, rnd, true, 16);
        zadd(c, keys, "zset:5000", 5000, rnd, false, 24);
        zadd(c, keys, "zset:100-long-members", 100, rnd, true, 100);
        c.call("ZADD", "zset:odd-scores", "-inf", "a", "inf", "b", "1e300", "c", "-0.000001", "d", "9007199254740993", "e",
            "-12", "f", "3.3333333333333335", "g");
        keys.add("zset:odd-scores");

        // hashes: listpack/ziplist, hashtable by count and by value length
        hset(c, keys, "hash:5", 5, rnd, 6, 10);
        hset(c, keys, "hash:100-int-values", 100, rnd, 8, 0);
        hset(c, keys, "hash:200", 200, rnd, 10, 20);
        hset(c, keys, "hash:5000", 5000, rnd, 16, 40);
        hset(c, keys, "hash:3-with-long-value", 3, rnd, 8, 100);
        hset(c, keys, "hash:ttl", 10, rnd, 5, 5);
        c.call("EXPIRE", "hash:ttl", "86400");

        // streams: one entry, one node, several nodes, consumer groups with pending entries
        xadd(c, keys, "stream:1", 1, rnd);
        xadd(c, keys, "stream:50", 50, rnd);
        xadd(c, keys, "stream:1000", 1000, rnd);
        xadd(c, keys, "stream:groups", 300, rnd);
        xadd(c, keys, STREAM_WITH_TOMBSTONES, 300, rnd);
        List<Object> range = (List<Object>) c.call("XRANGE", STREAM_WITH_TOMBSTONES, "-", "+");
        for (int i = 0; i < range.size(); i += 10) {
            c.call("XDEL", STREAM_WITH_TOMBSTONES, ((List<Object>) range.get(i)).get(0));
        }
        xadd(c, keys, "stream:trimmed-to-0", 10, rnd);
        c.call("XTRIM", "stream:trimmed-to-0", "MAXLEN", "0");
        c.call("XGROUP", "CREATE", "stream:groups", "g1", "0");
        c.call("XGROUP", "CREATE", "stream:groups", "g2", "0");
        c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "40", "STREAMS", "stream:groups", ">");
        c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "25", "STREAMS", "stream:groups", ">");
        c.call("XREADGROUP", "GROUP", "g2", "carol", "COUNT", "200", "STREAMS", "stream:groups", ">");
        return keys;
    }

    private static void set(TestRedisClient c, List<String> keys, String key, String value) {
        c.call("SET", key, value);
        keys.add(key);
    }

    private static void rpush(TestRedisClient c, List<String> keys, String key, List<String> values) {
        variadic(c, List.of("RPUSH", key), values);
        keys.add(key);
    }

    private static void sadd(TestRedisClient c, List<String> keys, String key, List<String> values) {
        variadic(c, List.of("SADD", key), values);
        keys.add(key);
    }

    private static void zadd(TestRedisClient c, List<String> keys, String key, int n, Random rnd,
                             boolean fractional, int memberLength) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(fractional ? Double.toString(rnd.nextInt(1_000_000) / 8.0 + 0.1) : Integer.toString(rnd.nextInt(100_000)));
            args.add(text(rnd, memberLength));
        }
        variadic(c, List.of("ZADD", key), args);
        keys.add(key);
    }

    /** valueLength 0 writes integer values. */
    private static void hset(TestRedisClient c, List<String> keys, String key, int n, Random rnd,
                             int fieldLength, int valueLength) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(text(rnd, fieldLength) + i);
            if (valueLength == 0) {
                args.add(Integer.toString(rnd.nextInt(1_000_000)));
            } else if (key.endsWith("long-value") && i == 1) {
                args.add(text(rnd, valueLength));
            } else {
                args.add(text(rnd, key.endsWith("long-value") ? 10 : valueLength));
            }
        }
        variadic(c, List.of("HSET", key), args);
        keys.add(key);
    }

    private static void xadd(TestRedisClient c, List<String> keys, String key, int n, Random rnd) {
        for (int i = 0; i < n; i++) {
            // explicit ids (three entries per millisecond), not "*": the listpacks' id deltas, and with
            // them the sizes, are then the same on every run whatever the machine's speed
            String id = (1_700_000_000_000L + i / 3) + "-" + (i % 3);
            if (i % 10 == 9) {
                // a different field set: not SAMEFIELDS
                c.call("XADD", key, id, "event", "other", "extra", text(rnd, 12), "n", Integer.toString(i));
            } else {
                c.call("XADD", key, id, "event", "click", "user", Integer.toString(rnd.nextInt(100_000)),
                    "page", "/p/" + text(rnd, 15));
            }
        }
        keys.add(key);
    }

    private static void variadic(TestRedisClient c, List<String> head, List<String> values) {
        int batch = 500;
        for (int from = 0; from < values.size(); from += batch) {
            List<Object> args = new ArrayList<>(head);
            args.addAll(values.subList(from, Math.min(values.size(), from + batch)));
            c.call(args.toArray());
        }
    }

    private static List<String> numbers(long start, int n, long step) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Long.toString(start + i * step));
        }
        return out;
    }

    private static List<String> texts(Random rnd, int n, int length) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(text(rnd, length));
        }
        return out;
    }

    private static String text(Random rnd, int length) {
        char[] cs = new char[length];
        for (int i = 0; i < length; i++) {
            cs[i] = (char) ('a' + rnd.nextInt(26));
        }
        return new String(cs);
    }

    /** Hands one value to two visitors. */
    private record Tee(ValueVisitor a, ValueVisitor b) implements ValueVisitor {
        @Override
        public void begin(KeyEntry entry, long sizeHint) {
            a.begin(entry, sizeHint);
            b.begin(entry, sizeHint);
        }

        @Override
        public void stringValue(byte[] value) {
            a.stringValue(value);
            b.stringValue(value);
        }

        @Override
        public void listElement(byte[] x, int off, int len) {
            a.listElement(x, off, len);
            b.listElement(x, off, len);
        }

        @Override
        public void setMember(byte[] x, int off, int len) {
            a.setMember(x, off, len);
            b.setMember(x, off, len);
        }

        @Override
        public void zsetMember(byte[] x, int off, int len, double score) {
            a.zsetMember(x, off, len, score);
            b.zsetMember(x, off, len, score);
        }

        @Override
        public void hashField(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long expireAtMs) {
            a.hashField(f, foff, flen, v, voff, vlen, expireAtMs);
            b.hashField(f, foff, flen, v, voff, vlen, expireAtMs);
        }

        @Override
        public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
            a.streamEntry(id, fieldsAndValues);
            b.streamEntry(id, fieldsAndValues);
        }

        @Override
        public void streamMetadata(StreamMetadata metadata) {
            a.streamMetadata(metadata);
            b.streamMetadata(metadata);
        }

        @Override
        public void moduleValue(ModuleTypeId type) {
            a.moduleValue(type);
            b.moduleValue(type);
        }

        @Override
        public void end() {
            a.end();
            b.end();
        }
    }
}
