package io.replkit.rdb.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.KeyEntry;
import io.replkit.rdb.RdbReader;
import io.replkit.rdb.RdbRecord;
import io.replkit.rdb.RdbType;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.TestRedisClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * DUMP payloads against a live server holding keys of every type in several encodings: our
 * decoder reads the server's {@code DUMP} output as the value the server itself saves, and the
 * server {@code RESTORE}s our payload of that value to an equal one ({@code DEBUG DIGEST-VALUE}).
 */
class DumpPayloadIT {

    @RedisTest
    void serverDumpsDecodeAndOurPayloadsRestoreToEqualValues(RedisServer redis) throws Exception {
        int version = RdbWriterIT.rdbVersionOf(redis.binary());
        int level = Fixtures.streamLevel(version);
        RdbWriterOptions options = RdbWriterOptions.defaults(RdbTarget.version(version));
        try (TestRedisClient c = redis.client()) {
            List<String> keys = fill(c);
            assertEquals("OK", c.callString("SAVE"));
            Map<String, String> saved = new HashMap<>();
            try (RdbReader r = RdbReader.open(redis.rdbFile())) {
                for (RdbRecord rec; (rec = r.next()) != null; ) {
                    if (rec instanceof KeyEntry k) {
                        saved.put(new String(k.key(), StandardCharsets.UTF_8), LogicalContent.value(k.value(), level));
                    }
                }
            }
            Set<RdbType> typesSeen = new HashSet<>();
            for (String key : keys) {
                byte[] dump = (byte[]) c.call("DUMP", key);
                DumpPayload.Decoded theirs = DumpPayload.decodeWithType(dump);
                assertEquals(version, theirs.rdbVersion(), key);
                assertEquals(saved.get(key), LogicalContent.value(theirs.value(), level), key + ": DUMP vs SAVE");

                byte[] ours = DumpPayload.encode(theirs.value(), options);
                DumpPayload.Decoded back = DumpPayload.decodeWithType(ours);
                typesSeen.add(back.type());
                String copy = "restored:" + key;
                assertEquals("OK", c.callString("RESTORE", copy, "0", ours), key);
                assertEquals(digestValue(c, key), digestValue(c, copy),
                    key + " restored from our " + back.type() + " payload");
                // The server's own payload restored gives the encoding to expect (a live value may differ, e.g. raw vs embstr).
                String reference = "reference:" + key;
                assertEquals("OK", c.callString("RESTORE", reference, "0", dump), key);
                assertEquals(c.callString("OBJECT", "ENCODING", reference), c.callString("OBJECT", "ENCODING", copy),
                    key + ": encoding after RESTORE of our " + back.type() + " payload");
                assertEquals(theirs.type(), back.type(), key + ": the server's DUMP type");
            }
            // Every encoding family of this version was exercised.
            assertTrue(typesSeen.contains(RdbType.SET_INTSET) && typesSeen.contains(RdbType.SET)
                && typesSeen.contains(RdbType.ZSET_2) && typesSeen.contains(RdbType.HASH)
                && typesSeen.contains(options.target().streamType()) && typesSeen.contains(options.target().listType()),
                "types: " + typesSeen);
        }
    }

    /** Keys of every type, small and large, with the encoding each one gets named in its key. */
    static List<String> fill(TestRedisClient c) {
        List<String> keys = new ArrayList<>();
        Random rnd = new Random(42);
        keys.add(set(c, "str:int", "12345"));
        keys.add(set(c, "str:negint", "-2147483648"));
        keys.add(set(c, "str:bigint", "9223372036854775807"));
        keys.add(set(c, "str:empty", ""));
        keys.add(set(c, "str:compressible", "abc".repeat(3000)));
        byte[] random = new byte[300];
        rnd.nextBytes(random);
        c.call("SET", "str:binary", random);
        keys.add("str:binary");
        c.call("PFADD", "hll:sparse", "a", "b", "c");
        keys.add("hll:sparse");

        c.call("RPUSH", "list:small", "a", "b", "1", "-7", "70000", "1.5");
        keys.add("list:small");
        List<Object> big = new ArrayList<>(List.of("RPUSH", "list:big"));
        for (int i = 0; i < 3000; i++) {
            big.add(i % 3 == 0 ? Integer.toString(i * 1000) : "element-" + i + "-" + "x".repeat(i % 50));
        }
        c.call(big.toArray());
        keys.add("list:big");
        c.call("RPUSH", "list:hugeelement", "a", "y".repeat(20_000), "b");
        keys.add("list:hugeelement");

        c.call("SADD", "set:intset16", "1", "2", "3", "-100");
        c.call("SADD", "set:intset64", "1", "9223372036854775807", "-9223372036854775808");
        keys.add("set:intset16");
        keys.add("set:intset64");
        List<Object> ints = new ArrayList<>(List.of("SADD", "set:manyints"));
        for (int i = 0; i < 600; i++) {
            ints.add(Integer.toString(i * 3));
        }
        c.call(ints.toArray());
        keys.add("set:manyints");
        c.call("SADD", "set:strings", "a", "b", "c", "12");
        keys.add("set:strings");
        List<Object> strs = new ArrayList<>(List.of("SADD", "set:manystrings"));
        for (int i = 0; i < 300; i++) {
            strs.add("member-" + i);
        }
        c.call(strs.toArray());
        keys.add("set:manystrings");

        c.call("ZADD", "zset:small", "1", "one", "1.5", "frac", "-inf", "minf", "+inf", "pinf", "0", "zero", "1e300", "huge");
        keys.add("zset:small");
        List<Object> zs = new ArrayList<>(List.of("ZADD", "zset:big"));
        for (int i = 0; i < 200; i++) {
            zs.add(Double.toString(i / 8.0 - 3));
            zs.add("m" + i);
        }
        c.call(zs.toArray());
        keys.add("zset:big");
        c.call("ZADD", "zset:longmember", "1", "L".repeat(100), "2", "s");
        keys.add("zset:longmember");

        c.call("HSET", "hash:small", "f1", "v1", "f2", "22", "n", "-5");
        keys.add("hash:small");
        List<Object> hs = new ArrayList<>(List.of("HSET", "hash:big"));
        for (int i = 0; i < 600; i++) {
            hs.add("field-" + i);
            hs.add("value-" + i * i);
        }
        c.call(hs.toArray());
        keys.add("hash:big");
        c.call("HSET", "hash:longvalue", "f", "V".repeat(100));
        keys.add("hash:longvalue");

        for (int i = 1; i <= 250; i++) {
            c.call("XADD", "stream:groups", i + "-1", "field", "value-" + i, "n", Integer.toString(i));
        }
        c.call("XADD", "stream:groups", "300-0", "other", "shape");
        c.call("XDEL", "stream:groups", "5-1", "6-1");
        c.call("XGROUP", "CREATE", "stream:groups", "g1", "0");
        c.call("XGROUP", "CREATE", "stream:groups", "g2", "$");
        c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", "stream:groups", ">");
        c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "2", "STREAMS", "stream:groups", ">");
        c.call("XACK", "stream:groups", "g1", "1-1");
        keys.add("stream:groups");
        c.call("XGROUP", "CREATE", "stream:empty", "g", "$", "MKSTREAM");
        keys.add("stream:empty");
        return keys;
    }

    /** DEBUG DIGEST-VALUE answers an array with one digest per key. */
    static String digestValue(TestRedisClient c, String key) {
        List<?> reply = (List<?>) c.call("DEBUG", "DIGEST-VALUE", key);
        return reply.get(0).toString();
    }

    private static String set(TestRedisClient c, String key, String value) {
        c.call("SET", key, value);
        return key;
    }
}
