package io.replkit.cli.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.replkit.cli.Main;
import io.replkit.testkit.RedisConfig;
import io.replkit.testkit.RedisServer;
import io.replkit.testkit.RedisTest;
import io.replkit.testkit.RedisVersion;
import io.replkit.testkit.TestRedisClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * Round trip against real servers: fill a dataset with every type and encoding the server has,
 * SAVE, read the file with {@code rdb-inspect}, and compare every key with what the server itself
 * answers (TYPE, GET, LRANGE, SMEMBERS, ZRANGE, HGETALL, XRANGE, XINFO, XPENDING, PEXPIRETIME /
 * PTTL, OBJECT ENCODING, DBSIZE). The server is the oracle.
 */
@RedisConfig({
    // low thresholds, so both the compact and the general encodings show up with little data
    "hash-max-ziplist-entries 16",
    "hash-max-ziplist-value 64",
    "zset-max-ziplist-entries 16",
    "zset-max-ziplist-value 64",
    "set-max-intset-entries 16",
    // quicklists of many nodes, the inner ones LZF-compressed in the file
    "list-max-ziplist-size 8",
    "list-compress-depth 1",
    "stream-node-max-entries 4",
    "rdbcompression yes",
    "rdbchecksum yes"
})
class RdbInspectRoundTripIT {

    /** 2100-01-01T00:00:00.123Z: far in the future. */
    static final long FAR_EXPIRE_MS = 4102444800123L;
    /** Tolerance for values only known through "time since" answers (PTTL on 6.2, idle times). */
    static final long TOLERANCE_MS = 5000;
    static final Comparator<byte[]> RAW = Arrays::compareUnsigned;
    static final HexFormat HEX = HexFormat.of();
    static final JsonFactory JSON = new JsonFactory();

    // ------------------------------------------------------------------ test 1

    @RedisTest
    void valuesMatchTheServer(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client()) {
            fill(c, redis.version());
            assertEquals("OK", c.call("SAVE"));
            Path rdb = redis.rdbFile();

            Run run = cli("rdb-inspect", rdb.toString(), "--values", "--format", "jsonl");
            assertEquals(0, run.exit, () -> "exit code; stderr: " + run.err);
            assertEquals("", run.err, "stderr");
            Map<DbKey, Map<String, Object>> lines = parseJsonLines(run.out);

            List<String> problems = new ArrayList<>();
            Set<String> rdbTypesSeen = new TreeSet<>();
            Map<Integer, Set<DbKey>> serverKeys = serverKeys(c);
            long total = 0;
            for (Map.Entry<Integer, Set<DbKey>> db : serverKeys.entrySet()) {
                c.call("SELECT", db.getKey());
                long dbsize = c.callLong("DBSIZE");
                total += dbsize;
                long inFile = lines.keySet().stream().filter(k -> k.db == db.getKey()).count();
                if (inFile != dbsize) {
                    problems.add("db " + db.getKey() + ": " + inFile + " keys in the file, DBSIZE " + dbsize);
                }
                for (DbKey k : db.getValue()) {
                    Map<String, Object> line = lines.get(k);
                    if (line == null) {
                        problems.add(k + ": missing from the rdb-inspect output");
                        continue;
                    }
                    try {
                        compareKey(c, redis.version(), k, line, problems);
                    } catch (RuntimeException | AssertionError e) {
                        problems.add(k + ": " + e);
                    }
                    if (line.get("rdb_type") instanceof String t) {
                        rdbTypesSeen.add(t);
                    }
                }
            }
            for (DbKey k : lines.keySet()) {
                if (!serverKeys.getOrDefault(k.db, Set.of()).contains(k)) {
                    problems.add(k + ": in the rdb-inspect output but not in the server");
                }
            }
            c.call("SELECT", 0);

            // the dataset really covers every encoding this version writes
            for (String t : expectedRdbTypes(redis.version())) {
                if (!rdbTypesSeen.contains(t)) {
                    problems.add("no key with rdb_type " + t + " in the dataset (seen: " + rdbTypesSeen + ")");
                }
            }
            assertTrue(problems.isEmpty(), () -> problems.size() + " mismatches on redis " + redis.version()
                + ":\n  " + String.join("\n  ", problems));

            // --verify, and the server's own checker, agree the file is sound
            Run verify = cli("rdb-inspect", rdb.toString(), "--verify");
            assertEquals(0, verify.exit, () -> "--verify exit; stdout: " + verify.text() + " stderr: " + verify.err);
            assertTrue(verify.text().startsWith("OK"), verify.text());
            assertEquals(1, verify.text().split("\n").length, verify.text());
            assertTrue(verify.text().contains(" " + total + " keys"), verify.text());
            assertTrue(verify.text().contains("checksum verified"), verify.text());

            Path checker = redis.binary().checkRdb();
            Process p = new ProcessBuilder(checker.toString(), rdb.toString()).redirectErrorStream(true).start();
            String checkOut;
            try (InputStream in = p.getInputStream()) {
                p.getOutputStream().close();
                checkOut = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "redis-check-rdb timed out");
            assertEquals(0, p.exitValue(), () -> checker + " " + rdb + " said:\n" + checkOut);
        }
    }

    // ------------------------------------------------------------------ test 2

    @RedisTest
    void summaryAndKeyListMatchTheServer(RedisServer redis) throws Exception {
        try (TestRedisClient c = redis.client()) {
            fill(c, redis.version());
            assertEquals("OK", c.call("SAVE"));
            Path rdb = redis.rdbFile();
            Map<Integer, Set<DbKey>> serverKeys = serverKeys(c);
            Map<String, String> keyspace = c.info("keyspace");

            // summary
            Run summary = cli("rdb-inspect", rdb.toString(), "--format", "json");
            assertEquals(0, summary.exit, () -> "exit; stderr: " + summary.err);
            Map<String, Object> doc = asMap(readJson(summary.out));
            Map<String, Object> dbs = asMap(doc.get("databases"));
            long total = 0;
            Set<Integer> allDbs = new TreeSet<>(serverKeys.keySet());
            for (String d : dbs.keySet()) {
                allDbs.add(Integer.parseInt(d));
            }
            for (int db : allDbs) {
                c.call("SELECT", db);
                long dbsize = c.callLong("DBSIZE");
                total += dbsize;
                Map<String, Object> stats = dbs.containsKey(String.valueOf(db)) ? asMap(dbs.get(String.valueOf(db))) : Map.of();
                assertEquals(dbsize, num(stats.getOrDefault("keys", 0L)), "keys of db " + db);
                if (dbsize > 0) {
                    assertEquals(dbsize, num(stats.get("resizedb_keys")), "resizedb_keys of db " + db);
                    long expires = keyspaceField(keyspace.get("db" + db), "expires");
                    assertEquals(expires, num(stats.get("expires")), "expires of db " + db);
                }
            }
            c.call("SELECT", 0);
            assertEquals(total, num(doc.get("key_count")), "key_count");
            assertEquals(0L, num(doc.get("expired_keys")), "expired_keys");
            assertEquals("verified", doc.get("checksum"));
            assertEquals(Files.size(rdb), num(doc.get("bytes")));
            long rdbVersion = redis.version().atLeast(7, 4) ? 12 : redis.version().atLeast(7, 2) ? 11
                : redis.version().atLeast(7, 0) ? 10 : 9;
            assertEquals(rdbVersion, num(doc.get("rdb_version")), "rdb_version");
            // the aux fields the server writes
            Map<String, String> aux = new LinkedHashMap<>();
            for (Object a : asList(doc.get("aux"))) {
                aux.put((String) asList(a).get(0), (String) asList(a).get(1));
            }
            assertEquals(redis.version().toString(), aux.get("redis-ver"), "aux redis-ver: " + aux);
            assertEquals("64", aux.get("redis-bits"), "aux redis-bits: " + aux);

            // function libraries (7.0+)
            Map<String, Set<String>> serverLibs = new TreeMap<>();
            if (redis.version().atLeast(7, 0)) {
                for (Object lib : (List<?>) c.call("FUNCTION", "LIST")) {
                    Map<String, Object> m = flatMap(lib);
                    Set<String> fns = new TreeSet<>();
                    for (Object f : (List<?>) m.get("functions")) {
                        fns.add(str(flatMap(f).get("name")));
                    }
                    serverLibs.put(str(m.get("library_name")), fns);
                }
                assertTrue(serverLibs.containsKey("replkit_lib"), "the dataset loads a library: " + serverLibs);
            }
            Map<String, Set<String>> fileLibs = new TreeMap<>();
            for (Object lib : asList(doc.get("functions"))) {
                Map<String, Object> m = asMap(lib);
                Set<String> fns = new TreeSet<>();
                for (Object f : asList(m.get("functions"))) {
                    fns.add((String) f);
                }
                fileLibs.put((String) m.get("library_name"), fns);
                assertEquals("LUA", m.get("engine"));
            }
            assertEquals(serverLibs, fileLibs, "function libraries");

            // key list
            Run keys = cli("rdb-inspect", rdb.toString(), "--keys", "--format", "jsonl");
            assertEquals(0, keys.exit, () -> "exit; stderr: " + keys.err);
            Map<DbKey, Map<String, Object>> lines = parseJsonLines(keys.out);
            Set<DbKey> all = new TreeSet<>();
            serverKeys.values().forEach(all::addAll);
            assertEquals(all, new TreeSet<>(lines.keySet()), "the keys listed");
            List<String> problems = new ArrayList<>();
            for (DbKey k : all) {
                Map<String, Object> line = lines.get(k);
                c.call("SELECT", k.db);
                String type = c.callString("TYPE", k.key);
                String enc = c.callString("OBJECT", "ENCODING", k.key);
                check(problems, k, "type", type, line.get("type"));
                check(problems, k, "rdb_type", expectedRdbType(redis.version(), type, enc), line.get("rdb_type"));
                long elements = switch (type) {
                    case "string" -> 1;
                    case "list" -> c.callLong("LLEN", k.key);
                    case "set" -> c.callLong("SCARD", k.key);
                    case "zset" -> c.callLong("ZCARD", k.key);
                    case "hash" -> c.callLong("HLEN", k.key);
                    case "stream" -> c.callLong("XLEN", k.key);
                    default -> -1;
                };
                check(problems, k, "elements", elements, num(line.get("elements")));
                checkExpiry(c, redis.version(), k, line, problems);
                if (!(line.get("size") instanceof Long size) || size <= 0) {
                    problems.add(k + ": size " + line.get("size"));
                }
            }
            c.call("SELECT", 0);
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }
    }

    // ------------------------------------------------------------------ test 3

    @RedisTest
    void exitCodesAndOneLineErrors(RedisServer redis) throws Exception {
        Path rdb;
        try (TestRedisClient c = redis.client()) {
            fill(c, redis.version());
            assertEquals("OK", c.call("SAVE"));
            rdb = redis.rdbFile();
        }
        byte[] file = Files.readAllBytes(rdb);
        Path work = Files.createTempDirectory(redis.dir(), "cli-");

        // a missing file: exit 1, one line
        Path missing = work.resolve("no-such.rdb");
        Run r = cli("rdb-inspect", missing.toString());
        assertEquals(1, r.exit);
        assertOneErrorLine(r);
        assertTrue(r.err.contains(missing.toString()), r.err);
        assertEquals("", r.text());
        for (String mode : List.of("--keys", "--values", "--verify")) {
            Run m = cli("rdb-inspect", missing.toString(), mode);
            assertEquals(1, m.exit, mode);
            assertOneErrorLine(m);
        }

        // usage errors: exit 2
        Run unknown = cli("rdb-inspect", "--no-such-option", rdb.toString());
        assertEquals(2, unknown.exit, unknown.err);
        assertTrue(unknown.err.startsWith("replkit: "), unknown.err);
        assertTrue(unknown.err.contains("--no-such-option"), unknown.err);
        assertEquals(2, cli("--no-such-option").exit);
        assertEquals(2, cli("rdb-inspect").exit, "FILE missing");
        assertEquals(2, cli("rdb-inspect", rdb.toString(), "--keys", "--values").exit, "exclusive modes");
        Run csv = cli("rdb-inspect", rdb.toString(), "--values", "--format", "csv");
        assertEquals(2, csv.exit, csv.err);
        assertOneErrorLine(csv);
        assertEquals(2, cli("rdb-inspect", rdb.toString(), "--format", "yaml").exit, "bad format");
        Run dir = cli("rdb-inspect", work.toString());
        assertEquals(2, dir.exit, "a directory: " + dir.err);
        assertOneErrorLine(dir);

        // truncated copies: exit 1, one line naming the offset, no stack trace
        for (int len : new int[] {0, 5, 9, 20, file.length / 3, file.length / 2, file.length - 9,
            file.length - 8, file.length - 1}) {
            Path cut = work.resolve("cut-" + len + ".rdb");
            Files.write(cut, Arrays.copyOf(file, len));
            for (String[] mode : List.of(new String[0], new String[] {"--keys"},
                new String[] {"--values", "--format", "jsonl"})) {
                String[] args = concat(new String[] {"rdb-inspect", cut.toString()}, mode);
                Run t = cli(args);
                String what = "truncated to " + len + " of " + file.length + " bytes, " + String.join(" ", args);
                assertEquals(1, t.exit, () -> what + ": stdout " + t.text() + " stderr " + t.err);
                assertOneErrorLine(t);
                assertTrue(t.err.contains("offset"), () -> what + ": " + t.err);
            }
            Run v = cli("rdb-inspect", cut.toString(), "--verify");
            assertEquals(1, v.exit, () -> "verify of the file truncated to " + len + ": " + v.text() + v.err);
            assertTrue(v.text().startsWith("ERROR:"), () -> "verify of the file truncated to " + len + ": " + v.text() + v.err);
            assertTrue(v.text().contains("offset"), v.text());
            assertEquals("", v.err);
        }

        // corrupted copies: --verify prints ERROR: and exits 1 (CRC64 catches every single-byte change)
        List<String> problems = new ArrayList<>();
        TreeSet<Integer> positions = new TreeSet<>();
        for (int i = 0; i < 160; i++) {
            positions.add((int) ((long) i * file.length / 160));
        }
        for (int i = 1; i <= 10; i++) {
            positions.add(file.length - i);
        }
        Path bad = work.resolve("corrupt.rdb");
        for (int pos : positions) {
            for (int mask : new int[] {0xff, 0x01, 0x80}) {
                byte[] copy = file.clone();
                copy[pos] ^= (byte) mask;
                Files.write(bad, copy);
                Run v = cli("rdb-inspect", bad.toString(), "--verify");
                if (v.exit != 1 || !v.text().startsWith("ERROR:") || !v.err.isEmpty()
                    || v.text().split("\n").length != 1) {
                    problems.add("byte " + pos + " ^ 0x" + Integer.toHexString(mask) + " (was 0x"
                        + Integer.toHexString(file[pos] & 0xff) + "): exit " + v.exit + ", stdout "
                        + v.text().strip() + ", stderr " + v.err.strip());
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " corruptions not reported as ERROR:\n  "
            + String.join("\n  ", problems));

        // --stacktrace, before or after the subcommand
        for (String[] args : List.of(new String[] {"--stacktrace", "rdb-inspect", missing.toString()},
            new String[] {"rdb-inspect", missing.toString(), "--stacktrace"})) {
            Run s = cli(args);
            assertEquals(1, s.exit);
            assertTrue(s.err.contains("IOException") && s.err.contains("\tat io.replkit."),
                () -> String.join(" ", args) + ": " + s.err);
            assertTrue(s.err.lines().count() > 3, s.err);
        }
        Path cut = work.resolve("cut-half.rdb");
        Files.write(cut, Arrays.copyOf(file, file.length / 2));
        Run s = cli("--stacktrace", "rdb-inspect", cut.toString(), "--values", "--format", "jsonl");
        assertEquals(1, s.exit);
        assertTrue(s.err.contains("RdbFormatException") && s.err.contains("offset") && s.err.contains("\tat "), s.err);
    }

    static void assertOneErrorLine(Run r) {
        assertTrue(r.err.startsWith("replkit: "), () -> "stderr: " + r.err);
        assertTrue(r.err.endsWith("\n"), () -> "stderr: " + r.err);
        assertEquals(1, r.err.lines().count(), () -> "stderr: " + r.err);
        assertTrue(!r.err.contains("\tat "), () -> "stderr: " + r.err);
    }

    // ------------------------------------------------------------------ the dataset

    static void fill(TestRedisClient c, RedisVersion v) {
        Random rnd = new Random(20240601);
        c.call("CONFIG", "SET", "rdbcompression", "yes");
        if (v.atLeast(7, 2)) {
            c.call("CONFIG", "SET", "set-max-listpack-entries", "16");
        }
        boolean plainNodes = v.atLeast(7, 0);
        if (plainNodes) {
            // list elements of 200+ bytes get quicklist nodes of their own (PLAIN containers, 7.0+)
            assertEquals("OK", c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "200"));
        }
        c.call("SELECT", 0);
        c.call("FLUSHALL");

        // ---- strings
        c.call("SET", "str:plain", "hello");
        c.call("SET", "str:empty", "");
        c.call("SET", "", "the empty key");
        c.call("SET", "str:utf8", "grüße, мир, 日本語, 🎉 \u00ff");
        c.call("SET", "str:ctrl", "line1\nline2\r\t\"quoted\" back\\slash \u0001\u001f\u007f");
        c.call("SET", bytes(0x00, 0xff, 'b', 'i', 'n', 0x80), bytes(0x00, 0x01, 0xfe, 0xff));
        c.call("SET", "str:invalid-utf8", bytes(0xc3, 0x28, 'a', 0xa0, 0xa1));
        c.call("SET", "str:surrogate", bytes(0xed, 0xa0, 0x80));
        c.call("SET", "str:overlong", bytes(0xc0, 0x80));
        c.call("SET", "str:nul", bytes(0));
        c.call("SET", bytes(0xe2, 0x82), "truncated utf-8 key");
        String[] ints = {"0", "1", "-1", "7", "12", "13", "127", "-128", "128", "255", "-129", "32767", "-32768", "32768",
            "65535", "8388607", "-8388608", "16777216", "2147483647", "-2147483648", "2147483648", "-2147483649",
            "4294967296", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-0", "007", "+5",
            "1e3", " 1", "3.5", "12345678901"};
        for (int i = 0; i < ints.length; i++) {
            c.call("SET", "int:" + i, ints[i]);
        }
        c.call("SET", "12345", "int key");
        c.call("SET", "-1", "negative int key");
        c.call("SET", "9223372036854775807", "i64 max key");
        c.call("SET", "2147483647", "2147483647");
        c.call("SET", "lzf:21", "x".repeat(21));
        c.call("SET", "lzf:text", "abc".repeat(1000));
        c.call("SET", "lzf:random", randomBytes(rnd, 300));
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 60_000; i++) {
            big.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        c.call("SET", "lzf:big", big.toString());
        byte[] binRuns = new byte[5000];
        for (int i = 0; i < binRuns.length; i++) {
            binRuns[i] = (byte) ((i / 100) % 2 == 0 ? 0x00 : 0xff);
        }
        c.call("SET", cat("lzf:binary", bytes(0xff)), binRuns);
        c.call("APPEND", "str:appended", "abc");
        c.call("APPEND", "str:appended", "def");
        c.call("SETRANGE", "str:setrange", 30, "x");
        c.call("INCRBY", "str:incr", 41);

        // ---- lists
        c.call("RPUSH", "list:small", "a", "", bytes('b', 0, 'c'), bytes(0xff, 0xfe), "123", "-5", "x".repeat(70));
        c.call("RPUSH", "list:ints", "0", "12", "-1", "127", "-129", "32000", "-8388608", "8388608", "2147483647",
            "-2147483648", "9223372036854775807", "-9223372036854775808", "4294967296", "1e5", "00");
        List<Object> large = new ArrayList<>(List.of("RPUSH", "list:large"));
        for (int i = 0; i < 600; i++) {
            if (i % 50 == 7) {
                large.add(("plain-" + i + "-").repeat(40)); // > 200 bytes
            } else if (i % 10 == 3) {
                large.add(("long-element-" + i + "-").repeat(6)); // > 64 bytes
            } else if (i % 17 == 5) {
                large.add(cat("bin-", bytes(0x00, 0xff, i & 0xff)));
            } else if (i % 3 == 0) {
                large.add(String.valueOf(i * 1000L - 250_000L));
            } else {
                large.add("elem-" + i);
            }
        }
        c.call(large.toArray());
        c.call("LPUSH", "list:large", "pushed-left");
        c.call("LSET", "list:large", 100, "set-in-the-middle");
        c.call("LREM", "list:large", 0, "elem-200");
        List<Object> compressible = new ArrayList<>(List.of("RPUSH", "list:compressible"));
        for (int i = 0; i < 200; i++) {
            compressible.add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-" + (i % 4));
        }
        c.call(compressible.toArray());
        if (plainNodes) {
            c.call("RPUSH", "list:plain", "before", "y".repeat(1000), "between", randomBytes(rnd, 500), "after");
        }
        c.call("RPUSH", "list:one", "only");

        // ---- sets
        c.call("SADD", "set:intset16", "1", "2", "300", "-7");
        c.call("SADD", "set:intset32", "70000", "-70000", "5");
        c.call("SADD", "set:intset64", "1", "-5", "100000", "9223372036854775807", "-9223372036854775808");
        c.call("SADD", "set:strings", "a", "b", "", bytes(0x00), bytes(0xff, 0xfe), "ü", "10");
        List<Object> setLarge = new ArrayList<>(List.of("SADD", "set:large"));
        for (int i = 0; i < 100; i++) {
            setLarge.add(i % 7 == 0 ? cat("m", bytes(0x80 + i)) : "member-" + i);
        }
        c.call(setLarge.toArray());
        List<Object> setInts = new ArrayList<>(List.of("SADD", "set:manyints"));
        for (int i = 0; i < 40; i++) {
            setInts.add(String.valueOf(i * 7919L - 100_000L));
        }
        c.call(setInts.toArray());
        c.call("SADD", "set:longmember", "short", "z".repeat(100));

        // ---- sorted sets
        c.call("ZADD", "zset:small", "1.5", "a", "-2.25", "b", "0", "c", "+inf", "d", "-inf", "e", "0.1", "f",
            "1e300", "g", "3", "h", "3", "i", "42", "", "-7", bytes(0xff, 0x00), "123456789012", "big-int",
            "9007199254740992", "two-pow-53", "5e-324", "tiny");
        c.call("ZADD", "zset:negzero", "0", "a-zero", "-0", "b-negzero", "-0.5", "c", "0.5", "d");
        c.call("ZADD", "zset:negzero-skiplist", "0", "a-zero", "-0", "b-negzero", "1", "x".repeat(100));
        List<Object> zLarge = new ArrayList<>(List.of("ZADD", "zset:skiplist"));
        for (int i = 0; i < 40; i++) {
            zLarge.add(String.valueOf(i * 0.5 - 10));
            zLarge.add(i % 9 == 0 ? cat("zm", bytes(0xc3, i)) : "zmember-" + i);
        }
        zLarge.addAll(List.of("inf", "plus-inf", "-inf", "minus-inf", "0.30000000000000004", "point3", "-1e-300",
            "tiny-neg", "1e20", "1e20", "7", "dup-7a", "7", "dup-7b", "-0", "neg-zero", "0", "zero",
            // -0 and 0 are the same score: ties ordered by member (the listpack may not keep the sign, the skiplist does)
            "0", "a-zero", "-0", "b-negzero"));
        c.call(zLarge.toArray());
        c.call("ZADD", "zset:longmember", "1", "short", "2", "m".repeat(100));
        c.call("ZINCRBY", "zset:small", "0.25", "a");

        // ---- hashes
        c.call("HSET", "hash:small", "f1", "v1", "", "empty field", "empty-value", "", bytes(0x00, 0xff), bytes(0xfe),
            "int", "12345", "neg", "-9223372036854775808", "ü", "ß", "big", "9223372036854775807");
        List<Object> hLarge = new ArrayList<>(List.of("HSET", "hash:large"));
        for (int i = 0; i < 50; i++) {
            hLarge.add(i % 11 == 0 ? cat("field-", bytes(0xff, i)) : "field-" + i);
            hLarge.add(i % 5 == 0 ? String.valueOf(i * 1_000_003L) : "value-" + i);
        }
        c.call(hLarge.toArray());
        c.call("HSET", "hash:longvalue", "a", "1", "b", "v".repeat(200));
        c.call("HINCRBY", "hash:small", "counter", 5);
        c.call("HDEL", "hash:large", "field-3");

        // ---- streams
        stream(c, v);

        // ---- expiries
        c.call("SET", "exp:str", "expires");
        c.call("PEXPIREAT", "exp:str", FAR_EXPIRE_MS);
        c.call("PEXPIREAT", "hash:small", FAR_EXPIRE_MS + 1);
        c.call("PEXPIREAT", "list:large", FAR_EXPIRE_MS + 2);
        c.call("PEXPIREAT", "zset:skiplist", FAR_EXPIRE_MS + 3);
        c.call("PEXPIREAT", "set:intset16", FAR_EXPIRE_MS + 4);
        c.call("PEXPIREAT", "stream:basic", FAR_EXPIRE_MS + 5);
        c.call("PEXPIREAT", bytes(0x00, 0xff, 'b', 'i', 'n', 0x80), FAR_EXPIRE_MS + 6);
        c.call("SET", "exp:soon", "in an hour", "PX", 3_600_000);

        // ---- database 2
        c.call("SELECT", 2);
        c.call("SET", "db2:str", "in db 2");
        c.call("SET", "str:plain", "same name as in db 0, other value");
        c.call("HSET", "db2:hash", "a", "1", "b", "2");
        c.call("PEXPIREAT", "db2:hash", FAR_EXPIRE_MS + 20);
        c.call("RPUSH", "db2:list", "x", "y", "z");
        c.call("PEXPIREAT", "db2:list", FAR_EXPIRE_MS + 21);
        c.call("SADD", "db2:set", "1", "2", "3");

        // ---- database 9
        c.call("SELECT", 9);
        c.call("SET", bytes(0xff), bytes(0xff));
        c.call("ZADD", "db9:zset", "1", "one", "2.5", "two and a half");
        c.call("XADD", "db9:stream", "5-1", "k", "v");
        c.call("SET", "db9:exp", "x");
        c.call("PEXPIREAT", "db9:exp", FAR_EXPIRE_MS + 90);
        c.call("SELECT", 0);

        // ---- a function library (7.0+)
        if (v.atLeast(7, 0)) {
            c.call("FUNCTION", "LOAD", "#!lua name=replkit_lib\n"
                + "redis.register_function('rk_echo', function(keys, args) return args[1] end)\n"
                + "redis.register_function{function_name='rk_ping', callback=function() return 'PONG' end,"
                + " flags={'no-writes'}}\n");
        }
    }

    static void stream(TestRedisClient c, RedisVersion v) {
        String k = "stream:basic";
        // same fields as the master entry, other fields, binary ones; 4 entries per listpack node
        c.call("XADD", k, "1000-0", "name", "alice", "age", "30");
        c.call("XADD", k, "1000-1", "name", "bob", "age", "-4");
        c.call("XADD", k, "1000-5", "name", "", "age", "9223372036854775807");
        c.call("XADD", k, "1001-0", "other", "field", "more", "fields", "and", "more");
        c.call("XADD", k, "1002-0", bytes(0x00, 0xff), bytes(0xfe), "age", "31");
        c.call("XADD", k, "1002-1", "name", "carol", "age", "3.5");
        c.call("XADD", k, "1003-0", "single", "x".repeat(100));
        c.call("XADD", k, "1004-0", "name", "dave", "age", "40");
        c.call("XADD", k, "1005-0", "name", "eve", "age", "41");
        c.call("XADD", k, "1006-0", "name", "ü", "age", "42");
        c.call("XADD", k, "1006-7", "n", "1");
        c.call("XDEL", k, "1001-0", "1004-0");
        c.call("XGROUP", "CREATE", k, "g1", "0");
        c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", k, ">");
        c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "2", "STREAMS", k, ">");
        c.call("XACK", k, "g1", "1000-1");
        c.call("XCLAIM", k, "g1", "carol", "0", "1002-0");
        c.call("XGROUP", "CREATE", k, "g2", "$");
        c.call("XGROUP", "CREATE", k, cat("g", bytes(0xff)), "1002-0");
        c.call("XGROUP", "CREATECONSUMER", k, cat("g", bytes(0xff)), "idle-consumer");
        c.call("XREADGROUP", "GROUP", cat("g", bytes(0xff)), bytes(0xc3, 0x28), "STREAMS", k, ">");

        // an empty stream with a group, and one whose entries were all deleted
        c.call("XGROUP", "CREATE", "stream:empty", "g", "$", "MKSTREAM");
        c.call("XADD", "stream:alldeleted", "7-1", "a", "1");
        c.call("XADD", "stream:alldeleted", "7-2", "a", "2");
        c.call("XDEL", "stream:alldeleted", "7-1", "7-2");

        // trimmed, with auto ids
        for (int i = 0; i < 20; i++) {
            c.call("XADD", "stream:trimmed", "*", "i", String.valueOf(i));
        }
        c.call("XTRIM", "stream:trimmed", "MAXLEN", "=", "7");
        c.call("XGROUP", "CREATE", "stream:trimmed", "late", "0");
        c.call("XREADGROUP", "GROUP", "late", "c1", "COUNT", "2", "STREAMS", "stream:trimmed", ">");
    }

    // ------------------------------------------------------------------ comparison

    static void compareKey(TestRedisClient c, RedisVersion v, DbKey k, Map<String, Object> line, List<String> problems) {
        c.call("SELECT", k.db);
        String type = c.callString("TYPE", k.key);
        String enc = c.callString("OBJECT", "ENCODING", k.key);
        check(problems, k, "type", type, line.get("type"));
        check(problems, k, "db", (long) k.db, line.get("db"));
        check(problems, k, "rdb_type (encoding " + enc + ")", expectedRdbType(v, type, enc), line.get("rdb_type"));
        checkExpiry(c, v, k, line, problems);
        Object value = line.get("value");
        switch (type) {
            case "string" -> checkBytes(problems, k, "value", (byte[]) c.call("GET", k.key), value);
            case "list" -> {
                List<?> server = (List<?>) c.call("LRANGE", k.key, 0, -1);
                checkByteList(problems, k, "list", server, asList(value));
            }
            case "set" -> {
                List<byte[]> server = new ArrayList<>();
                for (Object m : (List<?>) c.call("SMEMBERS", k.key)) {
                    server.add((byte[]) m);
                }
                server.sort(RAW);
                checkByteList(problems, k, "set", server, asList(value));
            }
            case "zset" -> checkZset(c, k, asList(value), problems);
            case "hash" -> {
                List<?> flat = (List<?>) c.call("HGETALL", k.key);
                List<byte[][]> server = new ArrayList<>();
                for (int i = 0; i < flat.size(); i += 2) {
                    server.add(new byte[][] {(byte[]) flat.get(i), (byte[]) flat.get(i + 1)});
                }
                server.sort((x, y) -> RAW.compare(x[0], y[0]));
                List<Object> json = asList(value);
                check(problems, k, "hash size", (long) server.size(), (long) json.size());
                for (int i = 0; i < Math.min(server.size(), json.size()); i++) {
                    List<Object> pair = asList(json.get(i));
                    checkBytes(problems, k, "hash field #" + i, server.get(i)[0], pair.get(0));
                    checkBytes(problems, k, "hash value #" + i + " (" + show(server.get(i)[0]) + ")", server.get(i)[1],
                        pair.get(1));
                }
                check(problems, k, "field_expires_ms", List.of(), line.get("field_expires_ms"));
            }
            case "stream" -> checkStream(c, v, k, value, asMap(line.get("stream")), problems);
            default -> problems.add(k + ": unexpected type " + type);
        }
        if (!type.equals("stream") && line.containsKey("stream")) {
            problems.add(k + ": a stream field on a " + type);
        }
    }

    static void checkExpiry(TestRedisClient c, RedisVersion v, DbKey k, Map<String, Object> line, List<String> problems) {
        if (!line.containsKey("expire_ms")) {
            problems.add(k + ": no expire_ms field");
            return;
        }
        Object got = line.get("expire_ms");
        if (v.atLeast(7, 0)) {
            long at = c.callLong("PEXPIRETIME", k.key);
            check(problems, k, "expire_ms", at == -1 ? null : at, got);
        } else {
            long before = System.currentTimeMillis();
            long ttl = c.callLong("PTTL", k.key);
            long after = System.currentTimeMillis();
            if (ttl == -1) {
                check(problems, k, "expire_ms", null, got);
            } else if (!(got instanceof Long at) || at < before + ttl - TOLERANCE_MS || at > after + ttl + TOLERANCE_MS) {
                problems.add(k + ": expire_ms " + got + ", PTTL " + ttl + " at " + before);
            }
        }
    }

    static void checkZset(TestRedisClient c, DbKey k, List<Object> json, List<String> problems) {
        List<?> flat = (List<?>) c.call("ZRANGE", k.key, 0, -1, "WITHSCORES");
        List<Object[]> server = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 2) {
            server.add(new Object[] {flat.get(i), parseScore(str(flat.get(i + 1)))});
        }
        // the canonical order: score (numerically: -0 == 0), then member bytes; also the server's own order
        List<Object[]> sorted = new ArrayList<>(server);
        sorted.sort((x, y) -> {
            double a = (Double) x[1];
            double b = (Double) y[1];
            return a < b ? -1 : a > b ? 1 : RAW.compare((byte[]) x[0], (byte[]) y[0]);
        });
        for (int i = 0; i < server.size(); i++) {
            if (server.get(i) != sorted.get(i)) {
                problems.add(k + ": ZRANGE order differs from (score, member) order at #" + i);
                break;
            }
        }
        check(problems, k, "zset size", (long) sorted.size(), (long) json.size());
        for (int i = 0; i < Math.min(sorted.size(), json.size()); i++) {
            List<Object> pair = asList(json.get(i));
            byte[] member = (byte[]) sorted.get(i)[0];
            double score = (Double) sorted.get(i)[1];
            checkBytes(problems, k, "zset member #" + i, member, pair.get(0));
            Object js = pair.get(1);
            String where = k + ": zset #" + i + " (" + show(member) + ")";
            if (Double.isInfinite(score)) {
                if (!(score > 0 ? "inf" : "-inf").equals(js)) {
                    problems.add(where + ": score " + score + ", json " + js);
                }
            } else if (score == Math.rint(score) && Math.abs(score) < 9007199254740992.0) {
                if (!(js instanceof Long l) || l != (long) score) {
                    problems.add(where + ": score " + score + " should be the JSON integer " + (long) score + ", json "
                        + js + " (" + (js == null ? null : js.getClass().getSimpleName()) + ")");
                }
            } else if (!(js instanceof Double d) || d != score) {
                problems.add(where + ": score " + score + ", json " + js);
            }
        }
    }

    static double parseScore(String s) {
        return switch (s) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    static void checkStream(TestRedisClient c, RedisVersion v, DbKey k, Object value, Map<String, Object> meta,
                            List<String> problems) {
        // entries
        List<?> server = (List<?>) c.call("XRANGE", k.key, "-", "+");
        List<Object> json = asList(value);
        check(problems, k, "stream entries", (long) server.size(), (long) json.size());
        for (int i = 0; i < Math.min(server.size(), json.size()); i++) {
            List<?> e = (List<?>) server.get(i);
            Map<String, Object> je = asMap(json.get(i));
            check(problems, k, "entry #" + i + " id", str(e.get(0)), je.get("id"));
            List<?> fv = (List<?>) e.get(1);
            List<Object> jf = asList(je.get("fields"));
            check(problems, k, "entry " + str(e.get(0)) + " field count", (long) fv.size() / 2, (long) jf.size());
            for (int j = 0; j + 1 < fv.size() && j / 2 < jf.size(); j += 2) {
                List<Object> pair = asList(jf.get(j / 2));
                checkBytes(problems, k, "entry " + str(e.get(0)) + " field #" + j / 2, (byte[]) fv.get(j), pair.get(0));
                checkBytes(problems, k, "entry " + str(e.get(0)) + " value #" + j / 2, (byte[]) fv.get(j + 1), pair.get(1));
            }
        }
        // stream metadata
        Map<String, Object> info = flatMap(c.call("XINFO", "STREAM", k.key));
        check(problems, k, "length", info.get("length"), meta.get("length"));
        check(problems, k, "last-generated-id", str(info.get("last-generated-id")), meta.get("last-generated-id"));
        for (String f : List.of("max-deleted-entry-id", "recorded-first-entry-id", "entries-added")) {
            if (v.atLeast(7, 0)) {
                Object want = info.get(f) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : info.get(f);
                check(problems, k, f, want, meta.get(f));
            } else if (meta.containsKey(f)) {
                problems.add(k + ": " + f + " in a 6.2 file: " + meta.get(f));
            }
        }
        // groups
        List<?> groups = (List<?>) c.call("XINFO", "GROUPS", k.key);
        List<Object> jgroups = asList(meta.get("groups"));
        check(problems, k, "group count", (long) groups.size(), (long) jgroups.size());
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object g : jgroups) {
            Map<String, Object> jg = asMap(g);
            byName.put(HEX.formatHex(jsonBytes(jg.get("name"))), jg);
        }
        for (Object g : groups) {
            Map<String, Object> sg = flatMap(g);
            byte[] name = (byte[]) sg.get("name");
            String gk = "group " + show(name);
            Map<String, Object> jg = byName.get(HEX.formatHex(name));
            if (jg == null) {
                problems.add(k + ": " + gk + " missing from the JSON: " + byName.keySet());
                continue;
            }
            check(problems, k, gk + " last-delivered-id", str(sg.get("last-delivered-id")), jg.get("last-delivered-id"));
            check(problems, k, gk + " pel-count", sg.get("pending"), jg.get("pel-count"));
            check(problems, k, gk + " pending size", sg.get("pending"), (long) asList(jg.get("pending")).size());
            check(problems, k, gk + " consumer count", sg.get("consumers"), (long) asList(jg.get("consumers")).size());
            if (v.atLeast(7, 0)) {
                check(problems, k, gk + " entries-read", sg.get("entries-read"), jg.get("entries-read"));
            } else if (jg.containsKey("entries-read")) {
                problems.add(k + ": entries-read in a 6.2 file");
            }
            // the PEL: XPENDING's extended form, in ID order, as the file's
            long before = System.currentTimeMillis();
            List<?> pending = (List<?>) c.call("XPENDING", k.key, name, "-", "+", 1_000_000);
            long after = System.currentTimeMillis();
            List<Object> jp = asList(jg.get("pending"));
            for (int i = 0; i < Math.min(pending.size(), jp.size()); i++) {
                List<?> p = (List<?>) pending.get(i);
                Map<String, Object> jpe = asMap(jp.get(i));
                String pk = gk + " pending #" + i;
                check(problems, k, pk + " id", str(p.get(0)), jpe.get("id"));
                checkBytes(problems, k, pk + " consumer", (byte[]) p.get(1), jpe.get("consumer"));
                check(problems, k, pk + " delivery_count", p.get(3), jpe.get("delivery_count"));
                long idle = (Long) p.get(2);
                Object dt = jpe.get("delivery_time");
                if (!(dt instanceof Long t) || t < before - idle - TOLERANCE_MS || t > after - idle + TOLERANCE_MS) {
                    problems.add(k + ": " + pk + " delivery_time " + dt + ", idle " + idle + " at " + before);
                }
            }
            // consumers
            List<?> consumers = (List<?>) c.call("XINFO", "CONSUMERS", k.key, name);
            Map<String, Map<String, Object>> jcons = new LinkedHashMap<>();
            for (Object jc : asList(jg.get("consumers"))) {
                Map<String, Object> m = asMap(jc);
                jcons.put(HEX.formatHex(jsonBytes(m.get("name"))), m);
            }
            for (Object sc : consumers) {
                Map<String, Object> s = flatMap(sc);
                byte[] cname = (byte[]) s.get("name");
                Map<String, Object> jc = jcons.get(HEX.formatHex(cname));
                String ck = gk + " consumer " + show(cname);
                if (jc == null) {
                    problems.add(k + ": " + ck + " missing from the JSON");
                    continue;
                }
                check(problems, k, ck + " pel-count", s.get("pending"), jc.get("pel-count"));
                check(problems, k, ck + " pending size", s.get("pending"), (long) asList(jc.get("pending")).size());
                if (v.atLeast(7, 2)) {
                    assertNotNull(jc.get("active-time"), ck + " active-time");
                } else if (jc.containsKey("active-time")) {
                    problems.add(k + ": " + ck + " has active-time before 7.2");
                }
            }
        }
    }

    static void check(List<String> problems, DbKey k, String what, Object want, Object got) {
        if (!Objects.equals(want, got)) {
            problems.add(k + ": " + what + ": server " + want + ", rdb-inspect " + got);
        }
    }

    static void checkBytes(List<String> problems, DbKey k, String what, byte[] want, Object json) {
        byte[] got;
        try {
            got = jsonBytes(json);
        } catch (RuntimeException | AssertionError e) {
            problems.add(k + ": " + what + ": " + e.getMessage());
            return;
        }
        if (!Arrays.equals(want, got)) {
            problems.add(k + ": " + what + ": server " + show(want) + ", rdb-inspect " + show(got));
        }
    }

    static void checkByteList(List<String> problems, DbKey k, String what, List<?> want, List<Object> json) {
        check(problems, k, what + " size", (long) want.size(), (long) json.size());
        for (int i = 0; i < Math.min(want.size(), json.size()); i++) {
            checkBytes(problems, k, what + " #" + i, (byte[]) want.get(i), json.get(i));
        }
    }

    /** The rdb_type a value of this TYPE and OBJECT ENCODING is saved with by this version. */
    static String expectedRdbType(RedisVersion v, String type, String enc) {
        return switch (type) {
            case "string" -> "STRING";
            case "list" -> v.atLeast(7, 0) ? "LIST_QUICKLIST_2" : "LIST_QUICKLIST";
            case "set" -> switch (enc) {
                case "intset" -> "SET_INTSET";
                case "listpack" -> "SET_LISTPACK";
                default -> "SET";
            };
            case "zset" -> switch (enc) {
                case "ziplist" -> "ZSET_ZIPLIST";
                case "listpack" -> "ZSET_LISTPACK";
                default -> "ZSET_2";
            };
            case "hash" -> switch (enc) {
                case "ziplist" -> "HASH_ZIPLIST";
                case "listpack" -> "HASH_LISTPACK";
                default -> "HASH";
            };
            case "stream" -> v.atLeast(7, 2) ? "STREAM_LISTPACKS_3" : v.atLeast(7, 0) ? "STREAM_LISTPACKS_2" : "STREAM_LISTPACKS";
            default -> "?" + type + "/" + enc;
        };
    }

    /** Every rdb_type the dataset must produce on this version. */
    static List<String> expectedRdbTypes(RedisVersion v) {
        List<String> t = new ArrayList<>(List.of("STRING", "SET_INTSET", "SET", "ZSET_2", "HASH"));
        if (v.atLeast(7, 0)) {
            t.addAll(List.of("LIST_QUICKLIST_2", "ZSET_LISTPACK", "HASH_LISTPACK"));
        } else {
            t.addAll(List.of("LIST_QUICKLIST", "ZSET_ZIPLIST", "HASH_ZIPLIST"));
        }
        if (v.atLeast(7, 2)) {
            t.addAll(List.of("SET_LISTPACK", "STREAM_LISTPACKS_3"));
        } else {
            t.add(v.atLeast(7, 0) ? "STREAM_LISTPACKS_2" : "STREAM_LISTPACKS");
        }
        return t;
    }

    static long keyspaceField(String line, String field) {
        if (line == null) {
            return 0;
        }
        for (String part : line.split(",")) {
            if (part.startsWith(field + "=")) {
                return Long.parseLong(part.substring(field.length() + 1));
            }
        }
        throw new IllegalArgumentException(field + " not in " + line);
    }

    /** Every key of every database, by SCAN. */
    static Map<Integer, Set<DbKey>> serverKeys(TestRedisClient c) {
        List<?> conf = (List<?>) c.call("CONFIG", "GET", "databases");
        int databases = Integer.parseInt(str(conf.get(1)));
        Map<Integer, Set<DbKey>> all = new TreeMap<>();
        for (int db = 0; db < databases; db++) {
            c.call("SELECT", db);
            Set<DbKey> keys = new TreeSet<>();
            String cursor = "0";
            do {
                List<?> r = (List<?>) c.call("SCAN", cursor, "COUNT", 1000);
                cursor = str(r.get(0));
                for (Object key : (List<?>) r.get(1)) {
                    keys.add(new DbKey(db, (byte[]) key));
                }
            } while (!cursor.equals("0"));
            if (!keys.isEmpty()) {
                all.put(db, keys);
            }
        }
        c.call("SELECT", 0);
        return all;
    }

    // ------------------------------------------------------------------ running the CLI

    record Run(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = Main.newCommandLine(out, err);
        int exit = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return new Run(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ JSON

    /** One line per key, each a complete JSON object; keyed by (db, key bytes). */
    static Map<DbKey, Map<String, Object>> parseJsonLines(byte[] out) throws IOException {
        assertTrue(out.length > 0 && out[out.length - 1] == '\n', "output ends with a newline");
        Map<DbKey, Map<String, Object>> lines = new TreeMap<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n') {
                if (i > start) {
                    Map<String, Object> obj = asMap(readJson(Arrays.copyOfRange(out, start, i)));
                    DbKey k = new DbKey((int) num(obj.get("db")), jsonBytes(obj.get("key")));
                    if (lines.put(k, obj) != null) {
                        fail("key listed twice: " + k);
                    }
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** One JSON document as maps, lists, strings, Long/BigInteger, Double, Boolean and null. */
    static Object readJson(byte[] doc) throws IOException {
        try (JsonParser p = JSON.createParser(doc)) {
            JsonToken t = p.nextToken();
            assertNotNull(t, "empty JSON document");
            Object v = readValue(p, t);
            assertEquals(null, p.nextToken(), "one JSON value per line");
            return v;
        }
    }

    static Object readValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                    String name = p.currentName();
                    if (m.containsKey(name)) {
                        fail("field " + name + " twice");
                    }
                    m.put(name, readValue(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(readValue(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return Double.parseDouble(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected token " + t);
        }
    }

    /** Bytes from the binary-safe rule: a string is UTF-8, {"hex": ...} anything that is not valid UTF-8. */
    static byte[] jsonBytes(Object node) {
        if (node instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (node instanceof Map<?, ?> m && m.size() == 1 && m.get("hex") instanceof String h) {
            assertEquals(h.toLowerCase(java.util.Locale.ROOT), h, "lowercase hex");
            byte[] b = HEX.parseHex(h);
            assertTrue(!isUtf8(b), () -> "valid UTF-8 written as hex: " + h);
            return b;
        }
        throw new AssertionError("not a byte string: " + node);
    }

    static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new AssertionError("not a JSON object: " + o);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new AssertionError("not a JSON array: " + o);
    }

    static long num(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof BigInteger b) {
            return b.longValueExact();
        }
        throw new AssertionError("not a JSON integer: " + o);
    }

    /** A RESP2 flat map reply (field, value, field, value...) as a map. */
    static Map<String, Object> flatMap(Object reply) {
        List<?> l = (List<?>) reply;
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < l.size(); i += 2) {
            m.put(str(l.get(i)), l.get(i + 1));
        }
        return m;
    }

    // ------------------------------------------------------------------ bytes

    /** A key in a database, ordered by db then raw bytes; printed escaped. */
    record DbKey(int db, byte[] key) implements Comparable<DbKey> {
        @Override
        public boolean equals(Object o) {
            return o instanceof DbKey d && d.db == db && Arrays.equals(d.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }

        @Override
        public int compareTo(DbKey o) {
            int c = Integer.compare(db, o.db);
            return c != 0 ? c : RAW.compare(key, o.key);
        }

        @Override
        public String toString() {
            return "db " + db + " key " + show(key);
        }
    }

    static String show(byte[] b) {
        if (b == null) {
            return "(nil)";
        }
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(b.length, 120);
        for (int i = 0; i < n; i++) {
            int x = b[i] & 0xff;
            if (x >= 0x20 && x < 0x7f && x != '"' && x != '\\') {
                sb.append((char) x);
            } else {
                sb.append(String.format("\\x%02x", x));
            }
        }
        sb.append('"');
        if (b.length > n) {
            sb.append("...(").append(b.length).append(" bytes)");
        }
        return sb.toString();
    }

    static String str(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] cat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static String[] concat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
