package io.replkit.cli.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replkit.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture written by a real Redis or Valkey server: {@code rdb-inspect --values --format jsonl}
 * reproduces its manifest key by key, and the summary's counts and function libraries match.
 */
class ManifestFixturesTest {
    static final Path FIXTURES = Path.of("..", "rdb", "src", "test", "resources", "fixtures");
    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final String[] KEY_FIELDS = {"type", "expire_ms", "value", "lfu_freq", "lru_idle_s"};
    private static final String[] STREAM_FIELDS =
        {"length", "last-generated-id", "max-deleted-entry-id", "entries-added", "recorded-first-entry-id"};
    private static final String[] GROUP_FIELDS = {"name", "last-delivered-id", "entries-read", "pel-count", "pending"};
    private static final String[] CONSUMER_FIELDS = {"name", "seen-time", "active-time", "pel-count", "pending"};

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            return dirs.filter(d -> Files.exists(d.resolve("manifest.json"))).sorted().toList().stream();
        }
    }

    private static JsonNode manifest(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("manifest.json").toFile());
    }

    private static String id(JsonNode key) {
        return key.get("db").asLong() + "/" + key.get("key").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void jsonlValuesReproduceTheManifestKeyByKey(Path dir) throws IOException {
        JsonNode manifest = manifest(dir);
        CliRunner.Result r = CliRunner.run("rdb-inspect", dir.resolve("dump.rdb").toString(), "--values", "--format", "jsonl");
        assertEquals(0, r.exitCode(), r.stderr());

        Map<String, JsonNode> ours = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                ours.put(id(n), n);
            }
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode expected : manifest.get("keys")) {
            String id = id(expected);
            JsonNode actual = ours.remove(id);
            if (actual == null) {
                problems.add(id + ": missing");
                continue;
            }
            for (String f : KEY_FIELDS) {
                if (f.equals("expire_ms") && expected.path("expire_exact").asBoolean(true) == false) {
                    continue; // 6.2's one relative TTL: not exact in the manifest
                }
                compare(problems, id, f, expected.get(f), actual.get(f));
            }
            if (expected.has("field_expires_ms")) {
                compare(problems, id, "field_expires_ms", expected.get("field_expires_ms"), actual.get("field_expires_ms"));
            }
            compare(problems, id, "rdb_type", expected.get("rdb").get("type_name"), actual.get("rdb_type"));
            if (expected.has("stream")) {
                compareStream(problems, id, expected.get("stream"), actual.get("stream"));
            }
        }
        ours.keySet().forEach(k -> problems.add(k + ": not in the manifest"));
        assertTrue(problems.isEmpty(), dir.getFileName() + ":\n" + String.join("\n", problems));
        assertEquals(manifest.get("key_count").asLong(), manifest.get("keys").size());
    }

    private static void compareStream(List<String> problems, String id, JsonNode expected, JsonNode actual) {
        if (actual == null) {
            problems.add(id + ": no stream block");
            return;
        }
        for (String f : STREAM_FIELDS) {
            if (expected.has(f)) {
                compare(problems, id, "stream." + f, expected.get(f), actual.get(f));
            }
        }
        Iterator<JsonNode> eg = expected.get("groups").elements();
        Iterator<JsonNode> ag = actual.get("groups").elements();
        assertEquals(expected.get("groups").size(), actual.get("groups").size(), id + " group count");
        while (eg.hasNext()) {
            JsonNode e = eg.next();
            JsonNode a = ag.next();
            for (String f : GROUP_FIELDS) {
                if (e.has(f)) {
                    compare(problems, id, "group " + e.get("name") + "." + f, e.get(f), a.get(f));
                }
            }
            Iterator<JsonNode> ac = a.get("consumers").elements();
            for (JsonNode ec : e.get("consumers")) {
                JsonNode c = ac.next();
                for (String f : CONSUMER_FIELDS) {
                    // Redis reports -1 as active-time for a consumer that never read; the file stores -1 too.
                    if (ec.has(f)) {
                        compare(problems, id, "consumer " + ec.get("name") + "." + f, ec.get(f), c.get(f));
                    }
                }
            }
        }
    }

    private static void compare(List<String> problems, String id, String field, JsonNode expected, JsonNode actual) {
        JsonNode e = expected == null || expected.isNull() ? null : expected;
        JsonNode a = actual == null || actual.isNull() ? null : actual;
        if (e == null ? a != null : !e.equals(a)) {
            problems.add(id + " " + field + ": expected " + abbreviate(e) + " but was " + abbreviate(a));
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void summaryCountsKeysPerDatabaseAndListsTheFunctionLibraries(Path dir) throws IOException {
        JsonNode manifest = manifest(dir);
        CliRunner.Result r = CliRunner.run("rdb-inspect", dir.resolve("dump.rdb").toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode summary = JSON.readTree(r.stdout());
        assertEquals(manifest.get("key_count").asLong(), summary.get("key_count").asLong());
        assertEquals(manifest.get("rdb_version").asInt(), summary.get("rdb_version").asInt());
        assertEquals("verified", summary.get("checksum").asText());
        Iterator<Map.Entry<String, JsonNode>> dbs = manifest.get("db_key_counts").fields();
        while (dbs.hasNext()) {
            Map.Entry<String, JsonNode> db = dbs.next();
            assertEquals(db.getValue().asLong(), summary.get("databases").get(db.getKey()).get("keys").asLong(), "db " + db.getKey());
        }
        assertEquals(manifest.get("db_key_counts").size(), summary.get("databases").size());

        JsonNode functions = manifest.get("functions");
        List<String> expected = new ArrayList<>();
        if (functions != null && !functions.isNull()) {
            for (JsonNode f : functions) {
                List<String> names = new ArrayList<>();
                f.get("functions").forEach(fn -> names.add(fn.get("name").asText()));
                expected.add(f.get("library_name").asText() + "/" + f.get("engine").asText() + "/" + names + "/" + f.get("code").asText());
            }
        }
        List<String> actual = new ArrayList<>();
        for (JsonNode f : summary.get("functions")) {
            List<String> names = new ArrayList<>();
            f.get("functions").forEach(fn -> names.add(fn.asText()));
            actual.add(f.get("library_name").asText() + "/" + f.get("engine").asText() + "/" + names + "/" + f.get("code").asText());
        }
        actual.sort(null);
        assertEquals(expected, actual);
        List<String> aux = new ArrayList<>();
        summary.get("aux").forEach(a -> aux.add(a.toString()));
        List<String> expectedAux = new ArrayList<>();
        manifest.get("aux").forEach(a -> expectedAux.add(a.toString()));
        assertEquals(expectedAux, aux.subList(0, Math.min(aux.size(), expectedAux.size())));
    }
}
