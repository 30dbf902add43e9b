package io.replkit.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.rdb.value.HashValue;
import io.replkit.rdb.value.ListValue;
import io.replkit.rdb.value.ModuleValue;
import io.replkit.rdb.value.RdbValue;
import io.replkit.rdb.value.SetValue;
import io.replkit.rdb.value.StreamMetadata;
import io.replkit.rdb.value.StreamValue;
import io.replkit.rdb.value.StringValue;
import io.replkit.rdb.value.ZSetValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The test dumps of three other RDB parsers ({@code shared/fixtures/rdb-peers/}), read in place:
 * they belong to those projects and are never copied into this repository. The folder's README
 * has one table per peer; every file {@code redis-check-rdb} accepts ({@code check} = OK) must
 * read to its end, and where the README states contents, they are checked. Files it rejects must
 * read, or fail with one clear {@link RdbFormatException}.
 *
 * <p>The folder is {@code $REPLKIT_SHARED/fixtures/rdb-peers} when that system property or
 * environment variable names the shared folder, else {@code ../shared/fixtures/rdb-peers} beside
 * the repository; when absent, the whole test is reported as skipped.
 */
class PeerCorpusTest {
    private static final Duration PER_FILE = Duration.ofSeconds(30);

    /** One row of the README: a peer folder's file and what redis-check-rdb said of it. */
    record PeerFile(String folder, String name, String header, long size, boolean checkOk, String description) {
        @Override
        public String toString() {
            return folder + "/" + name;
        }
    }

    /** A whole file read: every record, and each key with its materialised value. */
    record Contents(RdbHeader header, List<RdbRecord> records, List<KeyEntry> keys, List<RdbValue> values, RdbEnd end) {
        RdbValue value(String key) {
            for (int i = 0; i < keys.size(); i++) {
                if (Printable.escape(keys.get(i).key(), Integer.MAX_VALUE).equals(key)) {
                    return values.get(i);
                }
            }
            throw new AssertionError("no key " + key + " among " + keyNames());
        }

        KeyEntry key(String key) {
            return keys.stream().filter(k -> Printable.escape(k.key(), Integer.MAX_VALUE).equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + key + " among " + keyNames()));
        }

        List<String> keyNames() {
            return keys.stream().map(k -> new String(k.key(), StandardCharsets.ISO_8859_1)).toList();
        }

        <T extends RdbRecord> List<T> all(Class<T> type) {
            return records.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    // ------------------------------------------------------------------ locating and parsing the corpus

    static Path peersRoot() {
        String shared = System.getProperty("REPLKIT_SHARED", System.getenv("REPLKIT_SHARED"));
        if (shared != null && !shared.isBlank()) {
            return Path.of(shared).toAbsolutePath().resolve("fixtures").resolve("rdb-peers");
        }
        // Under surefire the working directory (and ${basedir}) is the rdb module: its parent is the
        // repository, and shared/ sits beside the repository.
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path repo = Files.isDirectory(module.resolve("rdb")) ? module : module.getParent();
        Path outside = repo.getParent() == null ? repo : repo.getParent();
        return outside.resolve("shared").resolve("fixtures").resolve("rdb-peers");
    }

    /** The README's tables: {@code ## folder} headings, then rows {@code | `file` | path | `header` | size | check | walk | what |}. */
    static List<PeerFile> readme(Path root) throws IOException {
        List<PeerFile> files = new ArrayList<>();
        String folder = null;
        for (String line : Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                folder = line.substring(3).trim();
            } else if (folder != null && line.startsWith("| `")) {
                String[] cells = line.split("\\|", 8);
                assertTrue(cells.length == 8, "README row with too few cells: " + line);
                String check = cells[5].trim();
                assertTrue(check.equals("OK") || check.equals("fails"), "check column is '" + check + "' in: " + line);
                files.add(new PeerFile(folder, unquote(cells[1]), unquote(cells[3]), Long.parseLong(cells[4].trim()),
                    check.equals("OK"), cells[7].trim().replaceFirst("\\s*\\|$", "")));
            }
        }
        return files;
    }

    private static String unquote(String cell) {
        String s = cell.trim();
        return s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
    }

    static Contents read(Path file) throws IOException {
        List<RdbRecord> records = new ArrayList<>();
        List<KeyEntry> keys = new ArrayList<>();
        List<RdbValue> values = new ArrayList<>();
        try (RdbReader r = RdbReader.open(file)) {
            for (RdbRecord rec; (rec = r.next()) != null; ) {
                records.add(rec);
                if (rec instanceof KeyEntry k) {
                    keys.add(k);
                    values.add(k.value());
                }
            }
            assertNull(r.next(), "next() after RdbEnd");
            RdbEnd end = assertInstanceOf(RdbEnd.class, records.get(records.size() - 1), "last record");
            return new Contents(r.header(), records, keys, values, end);
        }
    }

    // ------------------------------------------------------------------ the tests

    @TestFactory
    Stream<DynamicNode> everyPeerFileReadsAsItsReadmeSays() throws IOException {
        Path root = peersRoot();
        if (!present(root)) {
            return Stream.of(skipped(root));
        }
        List<PeerFile> files = readme(root);
        Map<String, List<PeerFile>> byFolder = files.stream()
            .collect(Collectors.groupingBy(PeerFile::folder, LinkedHashMap::new, Collectors.toList()));
        assertEquals(Set.of("redis-rdb-tools", "redis-replicator", "rdb"), byFolder.keySet());
        return byFolder.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(), Stream.concat(
            Stream.of(DynamicTest.dynamicTest("the README lists exactly the files of " + e.getKey(),
                () -> assertEquals(listRdb(root.resolve(e.getKey())), e.getValue().stream().map(PeerFile::name)
                    .collect(Collectors.toCollection(TreeSet::new))))),
            e.getValue().stream().map(f -> DynamicTest.dynamicTest(f.name() + (f.checkOk() ? "" : " (check fails)"),
                () -> assertTimeoutPreemptively(PER_FILE, () -> checkFile(root, f)))))));
    }

    @TestFactory
    Stream<DynamicTest> readmeStatesContentsThatTheReaderFinds() throws IOException {
        Path root = peersRoot();
        if (!present(root)) {
            return Stream.of(skipped(root));
        }
        List<PeerFile> files = readme(root);
        Set<String> listed = files.stream().map(PeerFile::name).collect(Collectors.toSet());
        assertTrue(listed.containsAll(CONTENTS.keySet()), "content checks for files the README does not list");
        assertTrue(CONTENTS.size() >= 12, "content checks: " + CONTENTS.size());
        return files.stream().filter(f -> CONTENTS.containsKey(f.name())).map(f -> DynamicTest.dynamicTest(
            f.toString(), () -> {
                Contents c = assertTimeoutPreemptively(PER_FILE, () -> read(root.resolve(f.folder()).resolve(f.name())));
                CONTENTS.get(f.name()).accept(c);
            }));
    }

    private static boolean present(Path root) {
        return Files.isRegularFile(root.resolve("README.md"));
    }

    /**
     * Stands in for the corpus when it is absent, so that the run reports a skipped test saying
     * why (an aborted factory would be reported as no test at all).
     */
    private static DynamicTest skipped(Path root) {
        return DynamicTest.dynamicTest("peer corpus", () -> Assumptions.assumeTrue(false, root + " not found: skipped"));
    }

    private static TreeSet<String> listRdb(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rdb"))
                .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** What a file the checker rejects does here: the problem it fails with, or null when it reads. */
    private static final Map<String, String> REJECTED_BY_CHECK = Map.of(
        "redis-replicator/module.rdb", "module value in the pre-GA format (type 6) cannot be read or skipped",
        "redis-replicator/function.rdb",
        "function library in the Redis 7.0 release-candidate format (opcode 246) is not supported",
        // Valkey 9's magic and its type 22 are known to this reader.
        "rdb/valkey_hash2_with_hfe.rdb", "",
        // The zipmap's big-length header form is tolerated, as the peer's own reader does.
        "rdb/zipmap_big_len.rdb", "");

    private static void checkFile(Path root, PeerFile f) throws IOException {
        Path file = root.resolve(f.folder()).resolve(f.name());
        assertEquals(f.size(), Files.size(file), "size column");
        byte[] magic = new byte[9];
        System.arraycopy(Files.readAllBytes(file), 0, magic, 0, 9);
        assertEquals(f.header(), new String(magic, StandardCharsets.ISO_8859_1), "header column");
        if (f.checkOk()) {
            Contents c = read(file);
            assertEquals(f.header(), c.header().magic());
            return;
        }
        String expected = REJECTED_BY_CHECK.get(f.toString());
        if (expected != null && expected.isEmpty()) {
            read(file);
        } else if (expected != null) {
            RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
            assertEquals(expected, e.problem(), e.getMessage());
            assertTrue(e.offset() > 0 && e.offset() < f.size(), e.getMessage());
        } else {
            // A rejected file this test has no expectation for: it may read, or fail clearly.
            try {
                read(file);
            } catch (RdbFormatException e) {
                assertFalse(e.problem().isBlank(), "blank problem");
                assertTrue(e.offset() >= 0 && e.offset() <= f.size(), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ contents stated by the README

    private static final Map<String, Consumer<Contents>> CONTENTS = new HashMap<>();

    private static List<String> strings(List<byte[]> values) {
        return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    private static Set<String> set(RdbValue v) {
        return new TreeSet<>(strings(assertInstanceOf(SetValue.class, v).members()));
    }

    private static String string(RdbValue v) {
        return new String(assertInstanceOf(StringValue.class, v).bytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> hash(RdbValue v) {
        Map<String, String> m = new LinkedHashMap<>();
        for (HashValue.Field f : assertInstanceOf(HashValue.class, v).fields()) {
            m.put(new String(f.field(), StandardCharsets.UTF_8), new String(f.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static Map<String, Long> fieldExpiries(RdbValue v) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (HashValue.Field f : assertInstanceOf(HashValue.class, v).fields()) {
            m.put(new String(f.field(), StandardCharsets.UTF_8), f.expireAtMs());
        }
        return m;
    }

    private static void intset(Contents c, String key, String... members) {
        assertEquals(RdbType.SET_INTSET, c.key(key).type());
        assertEquals(new TreeSet<>(List.of(members)), set(c.value(key)));
    }

    private static void zipmapCompressesEasily(Contents c, RdbType type) {
        assertEquals(List.of("zipmap_compresses_easily"), c.keyNames());
        assertEquals(type, c.keys().get(0).type());
        assertEquals(Map.of("a", "aa", "aa", "aaaa", "aaaaa", "aaaaaaaaaaaaaa"), hash(c.value("zipmap_compresses_easily")));
    }

    private static void zipmapDoesntCompress(Contents c) {
        assertEquals(RdbType.HASH_ZIPMAP, c.key("zimap_doesnt_compress").type());
        assertEquals(Map.of("MKD1G6", "2", "YNNXK", "F7TI"), hash(c.value("zimap_doesnt_compress")));
    }

    /**
     * Fields F1..Fn = V1..Vn (n = {@code fields}, or however many there are when -1), some of
     * them with a TTL; every TTL is an absolute time after the file format existed (2024).
     */
    private static void hashWithFieldTtls(Contents c, String key, RdbType type, int fields) {
        assertEquals(type, c.key(key).type());
        Map<String, String> h = hash(c.value(key));
        int n = fields < 0 ? h.size() : fields;
        assertTrue(n >= 3, "fields: " + h);
        Map<String, String> expected = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
            expected.put("F" + i, "V" + i);
        }
        assertEquals(expected, new TreeMap<>(h));
        Map<String, Long> ttls = fieldExpiries(c.value(key));
        List<Long> timed = ttls.values().stream().filter(t -> t != ValueVisitor.NO_EXPIRY).toList();
        assertFalse(timed.isEmpty(), "no field has a TTL: " + ttls);
        long formatExisted = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (long t : timed) {
            assertTrue(t > formatExisted, "field TTL " + t + " in " + ttls);
        }
    }

    static {
        CONTENTS.put("intset_16.rdb", c -> intset(c, "intset_16", "32766", "32765", "32764"));
        CONTENTS.put("intset_32.rdb", c -> intset(c, "intset_32", "2147418110", "2147418109", "2147418108"));
        CONTENTS.put("intset_64.rdb", c -> intset(c, "intset_64",
            "9223090557583032318", "9223090557583032317", "9223090557583032316"));
        CONTENTS.put("ziplist_with_integers.rdb", c -> {
            assertEquals(RdbType.LIST_ZIPLIST, c.key("ziplist_with_integers").type());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i <= 12; i++) {
                expected.add(Integer.toString(i));
            }
            expected.addAll(List.of("-2", "13", "25", "-61", "63", "16380", "-16000", "65535", "-65523", "4194304",
                "9223372036854775807"));
            assertEquals(expected, strings(assertInstanceOf(ListValue.class, c.value("ziplist_with_integers")).elements()));
        });
        CONTENTS.put("zipmap_that_compresses_easily.rdb", c -> zipmapCompressesEasily(c, RdbType.HASH_ZIPMAP));
        CONTENTS.put("hash_as_ziplist.rdb", c -> zipmapCompressesEasily(c, RdbType.HASH_ZIPLIST));
        CONTENTS.put("zipmap_that_doesnt_compress.rdb", PeerCorpusTest::zipmapDoesntCompress);
        CONTENTS.put("zipmap_big_len.rdb", PeerCorpusTest::zipmapDoesntCompress);
        CONTENTS.put("rdb_version_8_with_64b_length_and_scores.rdb", c -> {
            assertEquals("bar", string(c.value("foo")));
            assertEquals(RdbType.ZSET_2, c.key("bigset").type());
            List<ZSetValue.Entry> members = assertInstanceOf(ZSetValue.class, c.value("bigset")).entries();
            assertEquals(1000, members.size());
            ZSetValue.Entry last = members.stream().filter(e -> new String(e.member(), StandardCharsets.UTF_8)
                .equals("finalfield")).findFirst().orElseThrow();
            assertEquals(2.718, last.score());
        });
        CONTENTS.put("keys_with_expiry.rdb", c -> {
            assertEquals(List.of("expires_ms_precision"), c.keyNames());
            assertEquals(Instant.parse("2022-12-25T10:11:12.573Z").toEpochMilli(),
                c.key("expires_ms_precision").expireAtMs());
        });
        CONTENTS.put("multiple_databases.rdb", c -> {
            assertEquals(List.of(0, 2), c.all(SelectDb.class).stream().map(SelectDb::db).toList());
            assertEquals(0, c.key("key_in_zeroth_database").db());
            assertEquals("zero", string(c.value("key_in_zeroth_database")));
            assertEquals(2, c.key("key_in_second_database").db());
            assertEquals("second", string(c.value("key_in_second_database")));
        });
        CONTENTS.put("hash_as_listpack_with_hfe.rdb",
            c -> hashWithFieldTtls(c, "listpack-hfe", RdbType.HASH_LISTPACK_EX, 3));
        CONTENTS.put("hash_with_hfe.rdb",
            c -> hashWithFieldTtls(c, "hash-hfe", RdbType.HASH_METADATA, -1));
        CONTENTS.put("valkey_hash2_with_hfe.rdb", c -> {
            assertTrue(c.header().valkey());
            assertEquals(80, c.header().version());
            hashWithFieldTtls(c, "hash2-hfe", RdbType.VALKEY_HASH_2, 3);
        });
        CONTENTS.put("non_ascii_values.rdb", c -> {
            assertEquals(6, c.keys().size());
            int utf8 = 0;
            int binary = 0;
            for (RdbValue v : c.values()) {
                byte[] bytes = assertInstanceOf(StringValue.class, v).bytes();
                boolean nonAscii = false;
                for (byte x : bytes) {
                    nonAscii |= x < 0;
                }
                if (!nonAscii) {
                    continue;
                }
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
                    utf8++;
                } catch (CharacterCodingException e) {
                    binary++;
                }
            }
            assertTrue(utf8 >= 1 && binary >= 1, "UTF-8 values " + utf8 + ", binary values " + binary);
        });
        CONTENTS.put("empty_database.rdb", c -> {
            assertTrue(c.keys().isEmpty());
            assertEquals(2, c.records().size(), "header and end only");
            assertEquals(RdbEnd.ChecksumStatus.ABSENT, c.end().status());
        });
        CONTENTS.put("regular_set.rdb", c -> {
            assertEquals(RdbType.SET, c.key("regular_set").type());
            assertEquals(new TreeSet<>(List.of("alpha", "beta", "gamma", "delta", "phi", "kappa")), set(c.value("regular_set")));
        });
        CONTENTS.put("integer_keys.rdb", c -> {
            assertEquals(new TreeSet<>(List.of("125", "43947", "183358245", "-123", "-29477", "-183358245")),
                new TreeSet<>(c.keyNames()));
            assertEquals("Positive 8 bit integer", string(c.value("125")));
            assertEquals("Negative 16 bit integer", string(c.value("-29477")));
            assertEquals("Positive 32 bit integer", string(c.value("183358245")));
        });
        CONTENTS.put("easily_compressible_string_key.rdb", c -> {
            assertEquals(List.of("a".repeat(200)), c.keyNames());
            assertEquals("Key that redis should compress easily", string(c.value("a".repeat(200))));
        });
        CONTENTS.put("ziplist_that_compresses_easily.rdb", c -> assertEquals(
            List.of("a".repeat(6), "a".repeat(12), "a".repeat(18), "a".repeat(24), "a".repeat(30), "a".repeat(36)),
            strings(assertInstanceOf(ListValue.class, c.value("ziplist_compresses_easily")).elements())));
        CONTENTS.put("sorted_set_as_ziplist.rdb", c -> {
            List<ZSetValue.Entry> e = assertInstanceOf(ZSetValue.class, c.value("sorted_set_as_ziplist")).entries();
            assertEquals(List.of(1.0, 2.37, 3.423), e.stream().map(ZSetValue.Entry::score).toList());
            e.forEach(m -> assertTrue(new String(m.member(), StandardCharsets.US_ASCII).matches("[0-9a-f]{32}")));
        });
        CONTENTS.put("rdb_version_5_with_checksum.rdb", c -> {
            assertEquals(RdbEnd.ChecksumStatus.VERIFIED, c.end().status());
            assertEquals("efgh", string(c.value("abcd")));
            assertEquals("bar", string(c.value("foo")));
            assertEquals("baz", string(c.value("bar")));
            assertEquals("abcdef", string(c.value("abcdef")));
            assertEquals("thisisalongerstring.idontknowwhatitmeans", string(c.value("longerstring")));
        });
        CONTENTS.put("dump-lfu.rdb", c -> {
            assertEquals(1528592896226L, c.key("key").expireAtMs());
            assertEquals(4, c.key("key").lfuFreq());
            assertEquals(1, c.key("key1").lfuFreq());
        });
        CONTENTS.put("dump-lru.rdb", c -> {
            assertEquals(1528592665231L, c.key("key").expireAtMs());
            assertEquals(4, c.key("key").idleSeconds());
            assertEquals(1914611, c.key("key1").idleSeconds());
        });
        CONTENTS.put("dump-slot.rdb", c -> {
            assertEquals(List.of(98, 230, 4163, 4772), c.all(SlotInfo.class).stream().map(SlotInfo::slot).toList());
            assertEquals(List.of(1L, 1L, 1L, 2L), c.all(SlotInfo.class).stream().map(SlotInfo::slotSize).toList());
            assertEquals(List.of(0L, 0L, 0L, 0L), c.all(SlotInfo.class).stream().map(SlotInfo::expiresSlotSize).toList());
            assertEquals(5, c.keys().size());
        });
        CONTENTS.put("function2.rdb", c -> {
            FunctionLibrary lib = c.all(FunctionLibrary.class).get(0);
            assertEquals(1, c.all(FunctionLibrary.class).size());
            assertEquals("mylib", lib.name());
            assertEquals("LUA", lib.engine());
            assertTrue(lib.codeAsString().contains("register_function('myfunc'"), lib.codeAsString());
        });
        CONTENTS.put("set_listpack.rdb", c -> {
            assertEquals(RdbType.SET_LISTPACK, c.key("s").type());
            assertEquals(new TreeSet<>(List.of("a", "b", "c", "d")), set(c.value("s")));
        });
        Consumer<Contents> dictionary = c -> {
            assertEquals(RdbType.HASH, c.key("force_dictionary").type());
            Map<String, String> h = hash(c.value("force_dictionary"));
            assertEquals(1000, h.size());
            h.forEach((f, v) -> assertTrue(f.matches("[A-Z0-9]{50}") && v.matches("[A-Z0-9]{50}"), f + "=" + v));
        };
        CONTENTS.put("dictionary.rdb", dictionary);
        CONTENTS.put("hash.rdb", dictionary);
        CONTENTS.put("linkedlist.rdb", c -> {
            assertEquals(RdbType.LIST, c.key("force_linkedlist").type());
            List<byte[]> l = assertInstanceOf(ListValue.class, c.value("force_linkedlist")).elements();
            assertEquals(1000, l.size());
            l.forEach(e -> assertEquals(50, e.length));
        });
        CONTENTS.put("redis_40_with_module.rdb", c -> {
            assertEquals(RdbType.MODULE_2, c.key("foo").type());
            assertEquals("ReJSON-RL", assertInstanceOf(ModuleValue.class, c.value("foo")).moduleType().name());
        });
        CONTENTS.put("dump-module-2.rdb", c -> {
            assertEquals(1, c.keys().size());
            assertEquals(RdbType.MODULE_2, c.keys().get(0).type());
        });
        CONTENTS.put("redis_60_with_module_aux.rdb", c -> assertEquals(1, c.all(ModuleAux.class).size()));
        CONTENTS.put("issue27.rdb", c -> {
            StreamValue s = assertInstanceOf(StreamValue.class, c.value("mytest"));
            assertEquals("1704268581841-1", s.entries().get(0).id().toString());
        });
        CONTENTS.put("stream_listpacks_2.rdb", c -> {
            assertEquals(RdbType.STREAM_LISTPACKS_2, c.key("astream").type());
            for (StreamValue.Entry e : assertInstanceOf(StreamValue.class, c.value("astream")).entries()) {
                List<String> fv = strings(List.of(e.fieldsAndValues()));
                assertEquals(List.of("a", "b", "c"), List.of(fv.get(0), fv.get(2), fv.get(4)));
            }
        });
        CONTENTS.put("dump-stream.rdb", c -> {
            StreamMetadata m = assertInstanceOf(StreamValue.class, c.value("listpack")).metadata();
            assertEquals(List.of("g1", "g2", "g3", "g4"),
                m.groups().stream().map(g -> new String(g.name(), StandardCharsets.UTF_8)).toList());
            assertEquals(List.of(4, 1, 2, 0), m.groups().stream().map(g -> g.pending().size()).toList());
            assertEquals(List.of(2, 2), m.groups().get(0).consumers().stream().map(x -> x.pending().size()).toList());
            assertEquals(1, m.groups().get(1).consumers().size());
            List<String> trim = assertInstanceOf(StreamValue.class, c.value("trim")).entries().stream()
                .map(e -> e.id().toString()).toList();
            assertFalse(trim.contains("1528512149341-0") || trim.contains("1528512149742-0"), "deleted entries: " + trim);
        });
        CONTENTS.put("zipmap_with_big_values.rdb", c -> {
            Map<String, String> h = hash(c.value("zipmap_with_big_values"));
            Map<String, Integer> lengths = h.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().length()));
            assertEquals(Map.of("253bytes", 253, "254bytes", 254, "255bytes", 255, "300bytes", 300, "20kbytes", 20000),
                lengths);
        });
        CONTENTS.put("parser_filters.rdb", c -> {
            assertEquals(43, c.keys().size());
            assertEquals("ssssssss", string(c.value("k1")));
            assertEquals("wwwwwwww", string(c.value("k3")));
            for (String z : List.of("z1", "z2", "z3", "z4")) {
                assertNotNull(assertInstanceOf(ZSetValue.class, c.value(z)));
            }
        });
        CONTENTS.put("binarydump.rdb", c -> assertEquals(Set.of("seri1", "seri2", "seri3"), Set.copyOf(c.keyNames())));
        CONTENTS.put("dumpV8.rdb", c -> assertEquals(92499, c.keys().size()));
        CONTENTS.put("dumpV6.rdb", c -> assertEquals(132, c.keys().size()));
        CONTENTS.put("listpack-bug.rdb", c -> {
            assertEquals(237, c.keys().size());
            assertEquals(3, c.all(FunctionLibrary.class).size());
        });
        CONTENTS.put("dumpV11.rdb", c -> {
            KeyEntry set = c.keys().stream().filter(k -> k.type() == RdbType.SET_LISTPACK).findFirst().orElseThrow();
            assertEquals(4, c.values().get(c.keys().indexOf(set)).size());
        });
        CONTENTS.put("listpack.rdb", c -> {
            List<Double> scores = assertInstanceOf(ZSetValue.class, c.value("z")).entries().stream()
                .map(ZSetValue.Entry::score).toList();
            assertTrue(scores.contains(-8589934592.0), scores.toString());
            Map<String, String> h = hash(c.value("h"));
            assertTrue(h.containsValue("2000") && h.containsValue("8589934592"), h.toString());
        });
        CONTENTS.put("ziplist_that_doesnt_compress.rdb", c -> {
            List<String> l = strings(assertInstanceOf(ListValue.class, c.value("ziplist_doesnt_compress")).elements());
            assertEquals(2, l.size());
            assertEquals("aj2410", l.get(0));
            assertTrue(l.get(1).matches("[0-9a-f]{64}"), l.get(1));
        });
        CONTENTS.put("memory.rdb", c -> {
            assertEquals(7, c.keys().size());
            assertEquals("aaaaaaa", string(c.value("s")));
            assertEquals("zxcvb", string(c.value("e")));
            assertTrue(c.key("e").hasExpiry());
        });
        // example.rdb is the same bytes as memory.rdb.
        CONTENTS.put("example.rdb", CONTENTS.get("memory.rdb"));
        CONTENTS.put("dump-ttlhash.rdb", c -> {
            assertEquals(3, c.keys().size());
            assertTrue(c.keys().stream().allMatch(k -> k.type().hasFieldTtls()));
            assertTrue(c.values().stream().anyMatch(v -> ((HashValue) v).fields().stream().anyMatch(HashValue.Field::hasExpiry)));
        });
        CONTENTS.put("redis_50_with_streams.rdb", c -> {
            StreamValue s = assertInstanceOf(StreamValue.class, c.value("mystream"));
            assertEquals(4, s.entries().size());
            assertEquals(14, c.keys().size());
        });
        CONTENTS.put("uncompressible_string_keys.rdb", c -> {
            assertEquals(3, c.keys().size());
            assertTrue(c.keys().stream().allMatch(k -> k.type() == RdbType.STRING));
        });
        CONTENTS.put("stream_listoacks_3.rdb", c -> {
            StreamValue s = assertInstanceOf(StreamValue.class, c.value("mystream"));
            for (StreamValue.Entry e : s.entries()) {
                List<String> fv = strings(List.of(e.fieldsAndValues()));
                assertEquals(List.of("name", "surname"), List.of(fv.get(0), fv.get(2)));
            }
            assertEquals(RdbType.STREAM_LISTPACKS_3, c.key("mystream").type());
        });
        CONTENTS.put("dump-huge-kv.rdb", c -> assertEquals(5, c.keys().size()));
        CONTENTS.put("regular_sorted_set.rdb", c -> assertEquals(RdbType.ZSET, c.keys().get(0).type()));
    }
}
