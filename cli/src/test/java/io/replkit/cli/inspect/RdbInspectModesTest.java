package io.replkit.cli.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replkit.cli.CliRunner;
import io.replkit.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** rdb-inspect's modes and filters on the bundled example (35 keys in dbs 0, 1 and 3). */
class RdbInspectModesTest {
    private static final String EXAMPLE = Path.of("..", "examples", "dataset.rdb").toString();

    private static List<String> lines(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        return Arrays.stream(r.stdout().split("\n")).filter(l -> !l.isBlank()).toList();
    }

    @Test
    void memoryReportHasOneCsvRowPerKeyUnderRdbToolsColumns() {
        List<String> rows = lines("rdb-inspect", EXAMPLE, "--memory");
        assertEquals("database,type,key,size_in_bytes,encoding,num_elements,len_largest_element,expiry", rows.get(0));
        assertEquals(35, rows.size() - 1);
    }

    @Test
    void memoryTopListsTheLargestKeysFirst() {
        List<String> rows = lines("rdb-inspect", EXAMPLE, "--memory", "--top", "5");
        assertEquals(6, rows.size());
        long previous = Long.MAX_VALUE;
        for (String row : rows.subList(1, rows.size())) {
            long size = Long.parseLong(row.split(",")[3]);
            assertTrue(size <= previous, rows.toString());
            previous = size;
        }
    }

    @Test
    void memoryByPrefixAddsUpToThePerKeyTotal() {
        long perKey = lines("rdb-inspect", EXAMPLE, "--memory").stream().skip(1)
            .mapToLong(r -> Long.parseLong(r.split(",")[3])).sum();
        List<String> prefixes = lines("rdb-inspect", EXAMPLE, "--memory", "--prefix-depth", "1");
        assertEquals("prefix,keys,size_in_bytes", prefixes.get(0));
        assertEquals(perKey, prefixes.stream().skip(1).mapToLong(r -> Long.parseLong(r.split(",")[2])).sum());
        assertEquals(35, prefixes.stream().skip(1).mapToLong(r -> Long.parseLong(r.split(",")[1])).sum());
    }

    @Test
    void filtersSelectByDatabaseTypeGlobAndRegex() {
        assertEquals(3, lines("rdb-inspect", EXAMPLE, "--keys", "--format", "jsonl", "--db", "1").size());
        List<String> hashes = lines("rdb-inspect", EXAMPLE, "--keys", "--format", "jsonl", "--type", "hash");
        assertTrue(hashes.stream().allMatch(l -> l.contains("\"type\":\"hash\"")), hashes.toString());
        List<String> matched = lines("rdb-inspect", EXAMPLE, "--keys", "--format", "jsonl", "--match", "list:*");
        assertTrue(!matched.isEmpty() && matched.stream().allMatch(l -> l.contains("\"key\":\"list:")), matched.toString());
        assertEquals(matched, lines("rdb-inspect", EXAMPLE, "--keys", "--format", "jsonl", "--regex", "^list:"));
    }

    @Test
    void expiredFilterIsRelativeToNow() {
        int all = lines("rdb-inspect", EXAMPLE, "--keys", "--format", "jsonl").size();
        int farFuture = lines("rdb-inspect", EXAMPLE, "--keys", "--format", "jsonl", "--expired", "exclude",
            "--now", "9999-01-01T00:00:00Z").size();
        int withTtl = lines("rdb-inspect", EXAMPLE, "--keys", "--format", "jsonl", "--expired", "only",
            "--now", "9999-01-01T00:00:00Z").size();
        assertTrue(withTtl > 0);
        assertEquals(all, farFuture + withTtl);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--keys", "--values"})
    void aTruncatedFilePrintsTheKeysBeforeTheBreakAsWholeLines(String mode, @TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(EXAMPLE));
        Path cut = Files.write(dir.resolve("cut.rdb"), Arrays.copyOf(whole, whole.length * 3 / 4));
        List<String> all = lines("rdb-inspect", EXAMPLE, mode, "--format", "jsonl");
        CliRunner.Result r = CliRunner.run("rdb-inspect", cut.toString(), mode, "--format", "jsonl");
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertTrue(r.stderr().startsWith("replkit: ") && r.stderr().contains("at offset")
            && r.stderr().indexOf('\n') == r.stderr().length() - 1, r.stderr());
        assertTrue(r.stdout().endsWith("\n"), "the last line is whole");
        List<String> printed = r.stdout().lines().toList();
        assertTrue(!printed.isEmpty() && printed.size() < all.size(), printed.size() + " of " + all.size());
        assertEquals(all.subList(0, printed.size()), printed);
    }

    @Test
    void keysCsvHasOneRowPerKey() {
        List<String> rows = lines("rdb-inspect", EXAMPLE, "--keys", "--format", "csv");
        assertEquals("db,key,type,encoding,size,elements,expire_ms", rows.get(0));
        assertEquals(36, rows.size());
    }

    @Test
    void verifyPrintsOkWithTheKeyCount() {
        List<String> out = lines("rdb-inspect", EXAMPLE, "--verify");
        assertEquals("OK (RDB 10, 35 keys, checksum verified)", out.get(0));
    }
}
